package dev.curio.envs.multi;

import dev.curio.core.Info;
import java.util.List;
import java.util.Objects;

/**
 * One joint step. Arrays are indexed by agent; {@code actions} is the joint action just taken, as
 * every agent may observe it.
 */
public record MultiStep<O>(List<O> observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                           int[] actions, Info info) {
  public MultiStep {
    observations = List.copyOf(observations);
    int n = observations.size();
    if (rewards.length != n || terminated.length != n || truncated.length != n || actions.length != n) {
      throw new IllegalArgumentException("a multi-agent step needs " + n + " entries per agent array");
    }
    Objects.requireNonNull(info, "info");
  }

  /** True when every agent is terminated or truncated. */
  public boolean done() {
    for (int i = 0; i < terminated.length; i++) {
      if (!terminated[i] && !truncated[i]) {
        return false;
      }
    }
    return true;
  }
}
