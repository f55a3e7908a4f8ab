package dev.curio.envs.multi;

import dev.curio.core.Rng;
import java.util.Arrays;

/** Lifecycle and action checks for multi-agent worlds, as {@link dev.curio.envs.AbstractEnv} does for one agent. */
public abstract class AbstractMultiAgentEnv<O> implements MultiAgentEnv<O> {
  private enum Phase { NEW, RUNNING, ENDED, CLOSED }

  private Phase phase = Phase.NEW;
  protected Rng rng = new Rng(0);

  protected abstract MultiReset<O> onReset();

  protected abstract MultiStep<O> onStep(int[] actions);

  @Override
  public final MultiReset<O> reset(long seed) {
    if (phase == Phase.CLOSED) {
      throw new IllegalStateException("env " + spec().id() + " is closed; make a new one");
    }
    rng = new Rng(seed);
    MultiReset<O> r = onReset();
    phase = Phase.RUNNING;
    return r;
  }

  @Override
  public final MultiStep<O> step(int[] actions) {
    switch (phase) {
      case NEW -> throw new IllegalStateException("env " + spec().id() + ": step() before reset(); call reset(seed) first");
      case ENDED -> throw new IllegalStateException("env " + spec().id() + ": step() after the episode ended; call reset(seed) first");
      case CLOSED -> throw new IllegalStateException("env " + spec().id() + " is closed; make a new one");
      default -> { }
    }
    MultiAgentSpec<O> spec = spec();
    if (actions == null || actions.length != spec.numAgents()) {
      throw new IllegalArgumentException("env " + spec.id() + ": needs one action per agent (" + spec.numAgents()
          + "), got " + (actions == null ? "null" : Arrays.toString(actions)));
    }
    for (int i = 0; i < actions.length; i++) {
      if (!spec.actionSpace(i).contains(actions[i])) {
        throw new IllegalArgumentException("env " + spec.id() + ": action " + actions[i] + " of agent " + i
            + " is outside the action space " + spec.actionSpace(i));
      }
    }
    MultiStep<O> s = onStep(actions.clone());
    if (s.done()) {
      phase = Phase.ENDED;
    }
    return s;
  }

  @Override
  public void close() {
    phase = Phase.CLOSED;
  }
}
