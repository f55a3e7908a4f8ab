package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.testing.FixedReward;
import dev.curio.rewards.testing.Trajectories;
import org.junit.jupiter.api.Test;

class ScheduledRewardTest {
  @Test
  void weightDecaysGeometricallyPerUpdateAndRestores() {
    ScheduledReward m = new ScheduledReward(new FixedReward(new RewardStream("x", 0.9, false, 1), null), 2.0, 0.25);
    Trajectory r = Trajectories.of(new float[2], new float[2], new float[2], new float[] {1, 3}, new float[2], 1, 2,
        new int[] {1});
    // beta (1 - kappa)^u = 2, 1.5, 1.125, 0.84375
    float[][] expected = {{2, 6}, {1.5f, 4.5f}, {1.125f, 3.375f}, {0.84375f, 2.53125f}};
    for (int u = 0; u < expected.length; u++) {
      assertEquals(u, m.updates());
      assertArrayEquals(expected[u], Host.floats(m.compute(r)), 1e-6f, "after " + u + " updates");
      m.update(r);
    }
    ScheduledReward other = new ScheduledReward(new FixedReward(new RewardStream("x", 0.9, false, 1), null), 2.0,
        0.25);
    other.restore(Trajectories.roundTrip(m.state()));
    assertEquals(4, other.updates());
    assertEquals(2 * Math.pow(0.75, 4), other.weight(), 1e-12);
  }
}
