package dev.curio.agents;

import dev.curio.core.Rng;
import dev.curio.core.space.Space;
import dev.curio.core.trajectory.RewardStream;
import java.util.List;
import java.util.Objects;

/**
 * What a training loop tells a {@link LearnerFactory} about the run.
 *
 * @param obsShape the shape of one observation the policy sees
 * @param actionSpace the space of one action (per agent)
 * @param streams the reward streams in value-head order, extrinsic first
 * @param plannedIterations learn calls the run plans (for annealing schedules)
 * @param seed the learner's own seed, derived from the run seed
 * @param tasks the tasks the run trains one policy on (1 unless it is multi-task); the columns of a
 *     trajectory say their task in {@code Trajectory.taskIds()}, ids {@code 0 .. tasks-1}
 */
public record LearnerSpec(int[] obsShape, Space<?> actionSpace, List<RewardStream> streams, int plannedIterations,
                          long seed, int tasks) {
  /** A single-task run. */
  public LearnerSpec(int[] obsShape, Space<?> actionSpace, List<RewardStream> streams, int plannedIterations,
                     long seed) {
    this(obsShape, actionSpace, streams, plannedIterations, seed, 1);
  }

  public LearnerSpec {
    if (tasks < 1) {
      throw new IllegalArgumentException("a run has at least one task, got " + tasks);
    }
    obsShape = Objects.requireNonNull(obsShape, "obsShape").clone();
    Objects.requireNonNull(actionSpace, "actionSpace");
    streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("a learner needs at least one reward stream");
    }
    if (plannedIterations < 1) {
      throw new IllegalArgumentException("plannedIterations must be >= 1, got " + plannedIterations);
    }
  }

  @Override
  public int[] obsShape() {
    return obsShape.clone();
  }

  /** A fresh generator for the learner's own draws (initialisation, minibatch order). */
  public Rng rng() {
    return new Rng(seed);
  }
}
