package dev.curio.envs.wrappers;

import dev.curio.core.Info;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the steps whose info carries {@code true} under a flag key (for example the noisy TV's
 * {@code tv_press}), and all steps, into a {@link Tally} that several wrapped copies may share (also
 * across the threads of a threaded vector env). Observations, rewards and infos pass unchanged.
 */
public final class CountInfoFlag<O, A> extends Wrapper<O, A> {
  /** Shared counters: steps with the flag set and steps in all. */
  public static final class Tally {
    private final LongAdder flagged = new LongAdder();
    private final LongAdder steps = new LongAdder();

    public long flagged() {
      return flagged.sum();
    }

    public long steps() {
      return steps.sum();
    }
  }

  private final Info.Key<Boolean> flag;
  private final Tally tally;

  public CountInfoFlag(Env<O, A> env, Info.Key<Boolean> flag, Tally tally) {
    super(env);
    this.flag = flag;
    this.tally = tally;
  }

  @Override
  public Step<O> step(A action) {
    Step<O> s = env.step(action);
    tally.steps.increment();
    if (s.info().get(flag).orElse(false)) {
      tally.flagged.increment();
    }
    return s;
  }
}
