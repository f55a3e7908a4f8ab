package dev.curio.cluster;

import dev.curio.core.trajectory.Trajectory;
import java.util.List;
import java.util.Objects;

/**
 * An actor's rollout for the learner: {@code [T, n]} steps of its n envs, acted with the parameter
 * versions the trajectory records, and the episodes that ended in it (columns of this trajectory).
 *
 * @param run the run it was collected for
 * @param actor the actor node's index in the run
 * @param trajectory the steps, with the behaviour policy's log-probabilities, distribution and values
 * @param episodes the episodes that ended in it, in step order
 * @param seq its number among the actor's rollouts (1, 2, ...), which the learner's {@link Ack} names
 */
public record Rollout(String run, int actor, Trajectory trajectory, List<Episode> episodes, long seq)
    implements ClusterMessage, ToLearner {
  public Rollout {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(trajectory, "trajectory");
    episodes = List.copyOf(episodes);
    if (actor < 0) {
      throw new IllegalArgumentException("rollout: actor index is >= 0, got " + actor);
    }
    for (Episode e : episodes) {
      if (e.column() >= trajectory.envs() || e.step() >= trajectory.steps()) {
        throw new IllegalArgumentException("rollout: an episode ended at step " + e.step() + " of column "
            + e.column() + ", outside the trajectory's [T, N] = [" + trajectory.steps() + ", " + trajectory.envs()
            + "]");
      }
    }
  }
}
