package dev.curio.core.trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The rewards of one rollout, one {@code [T, N]} array per stream, in the order of the critic's value
 * heads. Index 0 is the extrinsic stream by convention.
 */
public record RewardStreams(List<RewardStream> streams, List<INDArray> rewards) {
  public RewardStreams {
    streams = List.copyOf(streams);
    rewards = List.copyOf(rewards);
    if (streams.size() != rewards.size() || streams.isEmpty()) {
      throw new IllegalArgumentException("need one reward array per stream, got " + streams.size() + " streams and "
          + rewards.size() + " arrays");
    }
  }

  /** Only the extrinsic rewards of {@code rollout}. */
  public static RewardStreams extrinsicOnly(Trajectory rollout, RewardStream extrinsic) {
    return new RewardStreams(List.of(extrinsic), List.of(rollout.rewards()));
  }

  /** A copy with one more stream appended. */
  public RewardStreams plus(RewardStream stream, INDArray r) {
    List<RewardStream> s = new ArrayList<>(streams);
    List<INDArray> a = new ArrayList<>(rewards);
    s.add(Objects.requireNonNull(stream));
    a.add(Objects.requireNonNull(r));
    return new RewardStreams(s, a);
  }

  /**
   * Agent {@code agent}'s columns of every stream, for a learner that trains that agent alone: each
   * {@code [T, N]} array becomes {@code [T, N / agents]}, column e being column {@code e * agents +
   * agent} (as {@link Trajectory#forAgent}).
   *
   * @throws IllegalArgumentException when a stream's N is not a multiple of {@code agents}
   */
  public RewardStreams forAgent(int agent, int agents) {
    if (agents == 1 && agent == 0) {
      return this;
    }
    List<INDArray> own = new ArrayList<>(rewards.size());
    for (INDArray r : rewards) {
      own.add(AgentColumns.select(r, 1, agent, agents));
    }
    return new RewardStreams(streams, own);
  }

  /** Number of streams. */
  public int size() {
    return streams.size();
  }
}
