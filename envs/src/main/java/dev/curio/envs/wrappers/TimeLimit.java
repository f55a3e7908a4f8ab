package dev.curio.envs.wrappers;

import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;

/**
 * Truncates an episode after {@code maxSteps} steps: that step comes back with {@code truncated}
 * set (and {@code terminated} as the inner env said). Stepping on afterwards is an
 * {@link IllegalStateException}, as for an ended episode.
 */
public final class TimeLimit<O, A> extends Wrapper<O, A> {
  private final int maxSteps;
  private final EnvSpec<O, A> spec;
  private int elapsed;
  private boolean ended = true;

  public TimeLimit(Env<O, A> env, int maxSteps) {
    super(env);
    if (maxSteps < 1) {
      throw new IllegalArgumentException("TimeLimit on " + env.spec().id() + ": maxSteps must be >= 1, got " + maxSteps);
    }
    this.maxSteps = maxSteps;
    int inner = env.spec().maxEpisodeSteps();
    this.spec = env.spec().withMaxEpisodeSteps(inner == 0 ? maxSteps : Math.min(inner, maxSteps));
  }

  public int maxSteps() {
    return maxSteps;
  }

  /** Steps taken in the current episode. */
  public int elapsed() {
    return elapsed;
  }

  @Override
  public EnvSpec<O, A> spec() {
    return spec;
  }

  @Override
  public Reset<O> reset(long seed) {
    Reset<O> r = env.reset(seed);
    elapsed = 0;
    ended = false;
    return r;
  }

  @Override
  public Step<O> step(A action) {
    if (ended && elapsed >= maxSteps) {
      throw new IllegalStateException("env " + spec.id() + ": step() after the time limit of " + maxSteps
          + " steps truncated the episode; call reset(seed) first");
    }
    Step<O> s = env.step(action);
    elapsed++;
    if (elapsed >= maxSteps && !s.truncated()) {
      s = s.truncate();
    }
    ended = s.done();
    return s;
  }
}
