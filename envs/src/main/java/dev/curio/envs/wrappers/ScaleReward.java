package dev.curio.envs.wrappers;

import dev.curio.envs.Env;
import dev.curio.envs.Step;

/** Multiplies each reward by a constant factor. */
public final class ScaleReward<O, A> extends Wrapper<O, A> {
  private final double factor;

  public ScaleReward(Env<O, A> env, double factor) {
    super(env);
    if (!Double.isFinite(factor)) {
      throw new IllegalArgumentException("ScaleReward on " + env.spec().id() + ": factor must be finite, got " + factor);
    }
    this.factor = factor;
  }

  @Override
  public Step<O> step(A action) {
    Step<O> s = env.step(action);
    return s.withReward(s.reward() * factor);
  }
}
