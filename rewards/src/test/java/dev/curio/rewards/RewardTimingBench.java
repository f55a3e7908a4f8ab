package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.testing.Trajectories;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Wall-clock time of {@code compute} and {@code update} per batch of 1024 transitions
 * ({@code T = 128, N = 8}, 64-float observations, 4 actions, default configs). Measures, does not
 * assert speed: {@code mvn -o test -pl rewards -am -Dgroups=bench -Dsurefire.excludedGroups=}.
 */
@Tag("bench")
class RewardTimingBench {
  @Test
  void computeAndUpdatePerBatchOf1024() {
    int[] obs = {64};
    Trajectory[] rollouts = new Trajectory[4];
    for (int k = 0; k < rollouts.length; k++) {
      rollouts[k] = Trajectories.random(new Rng(k), 128, 8, obs, 4, 0.01);
    }
    for (String name : RewardModules.NAMES) {
      try (IntrinsicReward m = RewardModules.create(name, null, obs, 4, 1)) {
        for (int i = 0; i < 20; i++) {
          m.compute(rollouts[i % 4]);
          m.update(rollouts[i % 4]);
        }
        int reps = 30;
        double bestCompute = Double.POSITIVE_INFINITY;
        double bestUpdate = Double.POSITIVE_INFINITY;
        double sink = 0;
        for (int round = 0; round < 3; round++) {
          long c0 = System.nanoTime();
          for (int i = 0; i < reps; i++) {
            sink += m.compute(rollouts[i % 4]).getDouble(0, 0);
          }
          long c1 = System.nanoTime();
          for (int i = 0; i < reps; i++) {
            m.update(rollouts[i % 4]);
          }
          long c2 = System.nanoTime();
          bestCompute = Math.min(bestCompute, (c1 - c0) / 1e6 / reps);
          bestUpdate = Math.min(bestUpdate, (c2 - c1) / 1e6 / reps);
        }
        System.out.printf("bench %-5s compute %.2f ms  update %.2f ms  (per 1024 transitions, best of 3 rounds)%n",
            name, bestCompute, bestUpdate);
        assertTrue(Double.isFinite(sink));
      }
    }
  }
}
