package dev.curio.loop.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * Learning regressions on extrinsic reward, as k-of-n claims over fixed seeds. The rolling mean is
 * over the last {@code returnWindow} finished episodes; runs stop as soon as it reaches the
 * threshold, so "passed" reads "reached within the budget". The budgets leave room: docs/rewards.md
 * (Regression margins) has what seeds 1-10 took. A seed more than k needs costs nothing while the
 * first seeds pass: the sweep stops once k have.
 */
class PpoRegressionTest {
  private static final int PARALLEL = 2;

  @Test
  void cartPoleReaches195Within100kStepsInAtLeast4Of6Seeds() {
    // CleanRL's classic-control PPO settings (4 envs x 128 steps, lr 2.5e-4 annealed).
    TrainConfig cfg = TrainConfig.builder().env("CartPole-v1").numEnvs(4).stopAtReturn(195.0).checkpointEvery(0)
        .build();
    SeedSweep.Verdict<SeedSweep.Outcome> v = SeedSweep.atLeast("CartPole-v1 PPO reaches 195 within 100k steps", 4,
        cfg, PARALLEL, o -> o.bestMeanReturn() >= 195 && o.steps() <= 100_000, 1, 2, 3, 4, 5, 6);
    assertTrue(v.holds(), v.toString());
  }

  @Test
  void doorKey5x5ReachesMeanReturn09Within150kFramesInAtLeast3Of5Seeds() {
    // rl-starter-files' MiniGrid settings: 16 envs x 128 steps, lr 1e-3 constant, 4 epochs of 256-sample
    // minibatches, the 2x2-conv CNN on the raw 7x7x3 encoding.
    TrainConfig cfg = TrainConfig.builder().env("MiniGrid-DoorKey-5x5-v0").numEnvs(16).totalSteps(150_000)
        .returnWindow(50).stopAtReturn(0.9).checkpointEvery(0).ppo(PpoConfig.builder().learningRate(1e-3)
        .annealLearningRate(false).minibatches(8).build()).build();
    SeedSweep.Verdict<SeedSweep.Outcome> v = SeedSweep.atLeast("DoorKey-5x5 PPO reaches 0.9 within 150k frames", 3,
        cfg, PARALLEL, o -> o.bestMeanReturn() >= 0.9 && o.steps() <= 150_000, 1, 2, 3, 4, 5);
    assertTrue(v.holds(), v.toString());
  }
}
