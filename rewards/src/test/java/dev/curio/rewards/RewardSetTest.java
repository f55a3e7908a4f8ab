package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.testing.FixedReward;
import dev.curio.rewards.testing.Trajectories;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class RewardSetTest {
  private final Trajectory rollout = Trajectories.random(new Rng(5), 3, 2, new int[] {4}, 2, 0.2);

  @Test
  void computesEveryStreamInOrderBeforeAnyUpdate() {
    List<String> log = new ArrayList<>();
    RewardSet set = new RewardSet(List.of(new FixedReward(new RewardStream("a", 0.9, false, 0.5), log),
        new FixedReward(new RewardStream("b", 0.99, true, 1), log)));
    Map<String, INDArray> r = set.compute(rollout);
    UpdateStats stats = set.update(rollout);
    assertEquals(List.of("a.compute", "b.compute", "a.update", "b.update"), log);
    assertEquals(List.of("a", "b"), new ArrayList<>(r.keySet()));
    assertEquals(1.0, stats.get("a.updates"));
    assertEquals(1.0, stats.get("b.updates"));

    RewardStreams streams = set.addTo(RewardStreams.extrinsicOnly(rollout, RewardStream.extrinsic(0.99)), r);
    assertEquals(List.of("extrinsic", "a", "b"), streams.streams().stream().map(RewardStream::name).toList());
    assertArrayEquals(Host.floats(rollout.rewards()), Host.floats(streams.rewards().get(2)));
  }

  @Test
  void stateRoundTripsPerStreamAndRejectsAnotherSet() {
    RewardSet a = new RewardSet(List.of(new FixedReward(new RewardStream("a", 0.9, false, 1), null)));
    a.update(rollout);
    a.update(rollout);
    RewardSet b = new RewardSet(List.of(new FixedReward(new RewardStream("a", 0.9, false, 1), null)));
    b.restore(Trajectories.roundTrip(a.state()));
    assertEquals(3.0, b.update(rollout).get("a.updates"));
    RewardSet other = new RewardSet(List.of(new FixedReward(new RewardStream("z", 0.9, false, 1), null)));
    assertThrows(IllegalArgumentException.class, () -> other.restore(a.state()));
  }

  @Test
  void rejectsDuplicateAndExtrinsicStreamNames() {
    FixedReward a = new FixedReward(new RewardStream("a", 0.9, false, 1), null);
    assertThrows(IllegalArgumentException.class, () -> new RewardSet(List.of(a, a)));
    assertThrows(IllegalArgumentException.class,
        () -> new RewardSet(List.of(new FixedReward(RewardStream.extrinsic(0.99), null))));
  }
}
