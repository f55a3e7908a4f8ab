package dev.curio.testkit.regression;

import static dev.curio.testkit.Claims.assertThat;
import static dev.curio.testkit.Claims.meanReturn;
import static dev.curio.testkit.Claims.steps;

import dev.curio.loop.TrainConfig;
import dev.curio.loop.io.ConfigLoader;
import dev.curio.testkit.AgentSpec;
import dev.curio.testkit.Agents;
import dev.curio.testkit.CurioTestkit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sparse maze ({@code maze:sparse-maze-pos}, 300-step limit, examples/sparse-maze.yaml): PPO with
 * RND, ICM, episodic curiosity or an ensemble's disagreement finds the goal and learns to reach it, a rolling mean return of 0.9
 * over 20 episodes. Plain PPO mostly never sees it (loop's ExplorationRegressionTest). Budgets and
 * k-of-n were sized from seeds 1-10 (docs/rewards.md, Regression margins).
 */
@ExtendWith(CurioTestkit.class)
class SparseMazeExplorationTest {
  private static final String MAZE = "maze:sparse-maze-pos";

  private static AgentSpec ppoWith(String module) {
    TrainConfig base = ConfigLoader.load(Path.of("..", "examples", "sparse-maze.yaml"));
    return Agents.from(base).withReward(module);
  }

  /**
   * RND is slower than ICM and EC here: at 80k steps it reached 0.9 in 7 of seeds 1-10, and the three
   * others got there by 124k when given 160k, so its budget is 160k. Every seed measured got there, so
   * 2 of 3 (decided by the first two, which train side by side) is the claim.
   */
  @Test
  void ppoWithRndReaches09Within160kStepsInAtLeast2Of3Seeds() {
    assertThat(ppoWith("rnd")).on(MAZE).solves(meanReturn(0.9)).within(steps(160_000)).inAtLeast(2).of(3).seeds();
  }

  /**
   * ICM reached 0.9 in every seed measured; since a non-episodic stream's GAE trace is cut at episode
   * ends it takes 37k-69k steps over seeds 1-10, so the budget is 100k, in 2 of 3 seeds.
   */
  @Test
  void ppoWithIcmReaches09Within100kStepsInAtLeast2Of3Seeds() {
    assertThat(ppoWith("icm")).on(MAZE).solves(meanReturn(0.9)).within(steps(100_000)).inAtLeast(2).of(3).seeds();
  }

  /**
   * EC either finds the goal early (12k-19k steps) or settles on a tour with low entropy and never
   * does (seeds 6, 7 and 9 of 1-10), so it is asserted as 4 of 9: while the first seeds pass, the
   * claim is decided after four of them.
   */
  @Test
  void ppoWithEpisodicCuriosityReaches09Within80kStepsInAtLeast4Of9Seeds() {
    assertThat(ppoWith("ec")).on(MAZE).solves(meanReturn(0.9)).within(steps(80_000)).inAtLeast(4).of(9).seeds();
  }

  /**
   * The ensemble's disagreement at its defaults (ICM's forward-model settings of the example): seeds 1-6
   * reached 0.9 after 31k-78k steps with the pinned kernels, seeds 1-3 after 39k, 82k and 109k with the
   * AVX-512 ones (docs/rewards.md, Exploration results); at its defaults before 2026-12-06 (1 step at 1e-3,
   * 64 hidden units) no seed of 1-3 found the goal.
   * Budget 160k, 2 of 3.
   */
  @Test
  void ppoWithDisagreementReaches09Within160kStepsInAtLeast2Of3Seeds() {
    assertThat(ppoWith("disagreement")).on(MAZE).solves(meanReturn(0.9)).within(steps(160_000)).inAtLeast(2).of(3)
        .seeds();
  }
}
