package dev.curio.testkit.regression;

import static dev.curio.testkit.Claims.assertThat;
import static dev.curio.testkit.Claims.meanReturn;
import static dev.curio.testkit.Claims.steps;

import dev.curio.agents.ppo.PpoConfig;
import dev.curio.testkit.Agents;
import dev.curio.testkit.CurioTestkit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Curio's learning regressions on extrinsic reward, stated with the testkit: k-of-n claims over fixed
 * seeds on the rolling mean return. A seed stops once it reaches the target, and a claim stops once
 * decided. The budgets leave room: docs/rewards.md (Regression margins) has what seeds 1-10 took.
 */
@ExtendWith(CurioTestkit.class)
class PpoRegressionTest {
  @Test
  void cartPoleReaches195Within100kStepsInAtLeast4Of6Seeds() {
    // CleanRL's classic-control PPO settings (4 envs x 128 steps, lr 2.5e-4 annealed)
    assertThat(Agents.ppo().configured(c -> c.numEnvs(4)))
        .on("CartPole-v1").solves(meanReturn(195)).within(steps(100_000)).inAtLeast(4).of(6).seeds();
  }

  @Test
  void doorKey5x5ReachesMeanReturn09Within150kFramesInAtLeast3Of5Seeds() {
    // rl-starter-files' MiniGrid settings: 16 envs x 128 steps, lr 1e-3 constant, 4 epochs of 256-sample
    // minibatches, the 2x2-conv CNN on the raw 7x7x3 encoding; the mean over 50 episodes
    assertThat(Agents.ppo().configured(c -> c.numEnvs(16)
            .ppo(PpoConfig.builder().learningRate(1e-3).annealLearningRate(false).minibatches(8).build())))
        .on("MiniGrid-DoorKey-5x5-v0").solves(meanReturn(0.9)).overEpisodes(50).within(steps(150_000))
        .inAtLeast(3).of(5).seeds();
  }
}
