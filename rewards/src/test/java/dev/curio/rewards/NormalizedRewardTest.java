package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.testing.FixedReward;
import dev.curio.rewards.testing.Trajectories;
import org.junit.jupiter.api.Test;

/** Golden values, computed by hand; the inner module's rewards are the rollout's own. */
class NormalizedRewardTest {
  private static Trajectory rollout(float[] rewards, float[] terminated, int t, int n) {
    return Trajectories.of(new float[t * n], new float[t * n], new float[t * n], rewards, terminated, t, n, new int[] {1});
  }

  @Test
  void dividesByTheStdOfTheDiscountedReturnAcrossRollouts() {
    NormalizedReward m = new NormalizedReward(new FixedReward(new RewardStream("x", 0.5, false, 1), null), 0);
    // rewards 1, 2, 3 with gamma 0.5: returns 1, 2.5, 4.25; mean 31/12, population variance 127/72
    Trajectory first = rollout(new float[] {1, 2, 3}, new float[3], 3, 1);
    double std = Math.sqrt(127.0 / 72);
    assertArrayEquals(new float[] {(float) (1 / std), (float) (2 / std), (float) (3 / std)},
        Host.floats(m.compute(first)), 1e-5f);
    assertArrayEquals(new float[] {0.7529470f, 1.5058939f, 2.2588409f}, Host.floats(m.compute(first)), 1e-5f);
    m.update(first);
    assertEquals(3, m.returnStats().count());
    // the next rollout continues the return: 0.5 * 4.25 + 1 = 3.125; variance of {1, 2.5, 4.25, 3.125}
    // = 1.3779296875, merged with Chan's formula
    Trajectory second = rollout(new float[] {1}, new float[1], 1, 1);
    assertEquals(1 / Math.sqrt(1.3779296875), Host.floats(m.compute(second))[0], 1e-5);
  }

  @Test
  void episodicStreamsRestartTheReturnAfterADoneStepAndClip() {
    NormalizedReward m = new NormalizedReward(new FixedReward(new RewardStream("x", 0.5, true, 1), null), 4.0);
    // env 0 ends at t = 0: returns env0 {1, 1}, env1 {1, 1.5}; variance of {1, 1, 1, 1.5} = 0.046875,
    // so 1 / sqrt(0.046875) = 4.6188, clipped to 4
    Trajectory r = rollout(new float[] {1, 1, 1, 1}, new float[] {1, 0, 0, 0}, 2, 2);
    assertArrayEquals(new float[] {4, 4, 4, 4}, Host.floats(m.compute(r)), 1e-6f);
    NormalizedReward unclipped = new NormalizedReward(new FixedReward(new RewardStream("x", 0.5, true, 1), null), 0);
    assertEquals(4.6188017, Host.floats(unclipped.compute(r))[0], 1e-5);
  }
}
