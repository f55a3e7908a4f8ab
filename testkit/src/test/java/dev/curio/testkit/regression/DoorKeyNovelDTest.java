package dev.curio.testkit.regression;

import static dev.curio.testkit.Claims.assertThat;
import static dev.curio.testkit.Claims.meanReturn;
import static dev.curio.testkit.Claims.steps;

import dev.curio.agents.ppo.PpoConfig;
import dev.curio.testkit.AgentSpec;
import dev.curio.testkit.Agents;
import dev.curio.testkit.CurioTestkit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exploration on MiniGrid's DoorKey (issue 21): PPO with NovelD at its defaults finds the key, the door
 * and the goal and learns the whole sequence, a rolling mean return of 0.9 over 20 episodes. It uses the
 * suite's DoorKey settings (rl-starter-files': 16 envs x 128 steps, lr 1e-3 constant, 4 epochs of 8
 * minibatches). docs/performance.md (NovelD and plain PPO on DoorKey-6x6) has the frames each seed took.
 *
 * <p>There is no plain-PPO control here: on DoorKey-6x6 plain PPO sometimes gets there too, and how
 * often depends on the CPU (3 of 16 runs within 90k frames on an AVX-512 Intel, 3 of 4 on the CI
 * machine), so "PPO does not" cannot be asserted with a margin. The controls that stay low are on the
 * sparse maze (loop's ExplorationRegressionTest) and in the DoorKey-8x8 tables.
 */
@ExtendWith(CurioTestkit.class)
class DoorKeyNovelDTest {
  private static final AgentSpec PPO = Agents.ppo().configured(c -> c.numEnvs(16).rolloutLength(128)
      .ppo(PpoConfig.builder().learningRate(1e-3).annealLearningRate(false).minibatches(8).build()));

  /**
   * On DoorKey-6x6, seeds 1-4, NovelD reached 0.9 after 43k-74k frames over five numeric set-ups (two
   * OpenBLAS kernel families, the native kernels at eleven commits, one thread, and the CI machine's 3
   * seeds that decided its run); the budget is 100k frames, in 3 of 4 seeds.
   */
  @Test
  void noveldSolvesDoorKey6x6Within100kFramesInAtLeast3Of4Seeds() {
    assertThat(PPO.withReward("noveld")).on("MiniGrid-DoorKey-6x6-v0").solves(meanReturn(0.9))
        .within(steps(100_000)).inAtLeast(3).of(4).seeds();
  }
}
