package dev.curio.envs.wrappers;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;

/**
 * With probability {@code p} the env repeats the previous action instead of the one given (Machado
 * et al. 2018, "Revisiting the Arcade Learning Environment", use p = 0.25). The first step of an
 * episode always takes the given action. The repeat draws come from a stream seeded by the reset
 * seed, so episodes stay reproducible.
 */
public final class StickyActions<O, A> extends Wrapper<O, A> {
  private final double p;
  private Rng rng = new Rng(0);
  private A previous;

  public StickyActions(Env<O, A> env, double p) {
    super(env);
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("StickyActions on " + env.spec().id() + ": p must be in [0, 1), got " + p);
    }
    this.p = p;
  }

  @Override
  public Reset<O> reset(long seed) {
    Reset<O> r = env.reset(seed);
    rng = new Rng(seed ^ 0x5717C4A7L);
    previous = null;
    return r;
  }

  @Override
  public Step<O> step(A action) {
    A taken = action;
    if (previous != null && rng.nextDouble() < p) {
      // validate the agent's own choice anyway, so a bad action never hides behind a repeat
      dev.curio.envs.AbstractEnv.checkAction(env, action);
      taken = previous;
    }
    Step<O> s = env.step(taken);
    previous = taken;
    return s;
  }
}
