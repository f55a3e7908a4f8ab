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

  public int size() {
    return streams.size();
  }
}
