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
 */
public record LearnerSpec(int[] obsShape, Space<?> actionSpace, List<RewardStream> streams, int plannedIterations,
                          long seed) {
  public LearnerSpec {
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
