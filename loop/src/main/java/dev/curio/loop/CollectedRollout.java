package dev.curio.loop;

import dev.curio.core.Info;
import dev.curio.core.trajectory.Trajectory;
import java.util.List;
import java.util.Objects;

/**
 * One actor's rollout for an IMPALA learner: {@code [T, n]} steps of its n envs, stamped with the
 * parameter version that acted at each step, and the episodes that ended in it. What an actor thread
 * ({@code impala.actors}) puts on the learner's queue, and what a {@link TrajectorySource} hands the
 * loop for actors elsewhere.
 *
 * @param actor the actor's index in the run
 * @param trajectory the steps, with the behaviour policy's log-probabilities, distribution and values
 * @param ended the episodes that ended in it (columns of this trajectory), in step order
 * @param actNanos the actor's time in the policy's forward pass (0 when not measured)
 * @param envNanos the actor's time stepping its envs (0 when not measured)
 */
public record CollectedRollout(int actor, Trajectory trajectory, List<Ended> ended, long actNanos, long envNanos) {
  /**
   * An episode that ended at {@code step} of this rollout, in its env {@code column}; {@code info} holds its
   * statistics under {@code RecordEpisodeStatistics.EPISODE}.
   */
  public record Ended(int column, int step, Info info) {
    public Ended {
      Objects.requireNonNull(info, "info");
    }
  }

  public CollectedRollout {
    Objects.requireNonNull(trajectory, "trajectory");
    ended = List.copyOf(ended);
  }
}
