package dev.curio.envs.wrappers;

import dev.curio.envs.Env;
import dev.curio.envs.Step;

/** Clips each reward to {@code [min, max]}. */
public final class ClipReward<O, A> extends Wrapper<O, A> {
  private final double min;
  private final double max;

  public ClipReward(Env<O, A> env, double min, double max) {
    super(env);
    if (!(min <= max)) {
      throw new IllegalArgumentException("ClipReward on " + env.spec().id() + ": min " + min + " must be <= max " + max);
    }
    this.min = min;
    this.max = max;
  }

  @Override
  public Step<O> step(A action) {
    Step<O> s = env.step(action);
    double r = Math.max(min, Math.min(max, s.reward()));
    return r == s.reward() ? s : s.withReward(r);
  }
}
