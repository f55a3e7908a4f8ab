package dev.curio.loop.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.ConfigLoader;
import dev.curio.loop.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Exploration regression on extrinsic reward only: on {@code maze:sparse-maze-pos} with a 300-step
 * limit (examples/sparse-maze.yaml), plain PPO mostly never sees the goal within the budget, while
 * PPO with RND, ICM or episodic curiosity finds it and then learns to reach it (rolling mean over 20
 * episodes >= 0.9). Each claim is k of n fixed seeds, two runs at a time, sized from seeds 1-10
 * (docs/rewards.md, Regression margins).
 */
class ExplorationRegressionTest {
  private static final int PARALLEL = 2;

  static TrainConfig config() {
    return ConfigLoader.load(Path.of("..", "examples", "sparse-maze.yaml"));
  }

  @Test
  void plainPpoEndsBelow02InAtLeast3Of6Seeds() {
    // plain PPO found the goal in 2 of seeds 1-10 (seeds 2 and 9): 3 of 6 leaves room for that
    SeedSweep.Verdict<SeedSweep.Outcome> v = SeedSweep.atLeast("plain PPO ends below 0.2 within 80k steps", 3, config(),
        PARALLEL, o -> o.finalMeanReturn() < 0.2 || Double.isNaN(o.finalMeanReturn()), 1, 2, 3, 4, 5, 6);
    assertTrue(v.holds(), v.toString());
  }

  /**
   * RND is slower than ICM and EC here: at 80k steps it reached 0.9 in 7 of seeds 1-10, and the three
   * others got there by 124k when given 160k (docs/rewards.md, Regression margins), so its budget is
   * 160k. Runs stop at 0.9, so the passing seeds cost what they did before.
   */
  @Test
  void ppoWithRndReaches09Within160kStepsInAtLeast4Of6Seeds() {
    assertReaches09("rnd", 160_000, 4, 1, 2, 3, 4, 5, 6);
  }

  /**
   * ICM reached 0.9 in every seed measured. Since the training-loop reshape (a non-episodic stream's
   * GAE trace is now cut at episode ends) it takes longer: seeds 1-10 at 37k-69k steps, against
   * 24k-63k before, so the budget is 100k; runs stop at 0.9, so passing seeds cost no more.
   */
  @Test
  void ppoWithIcmReaches09Within100kStepsInAtLeast4Of6Seeds() {
    assertReaches09("icm", 100_000, 4, 1, 2, 3, 4, 5, 6);
  }

  /**
   * EC either finds the goal early (12k-19k steps) or settles on a tour with low entropy and never
   * does (seeds 6, 7 and 9 of 1-10), so it is asserted as 4 of 9: while the first seeds pass, the
   * sweep stops after four of them, as 4 of 5 did.
   */
  @Test
  void ppoWithEpisodicCuriosityReaches09InAtLeast4Of9Seeds() {
    assertReaches09("ec", 80_000, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  private static void assertReaches09(String module, long budget, int k, long... seeds) {
    TrainConfig cfg = config().withTotalSteps(budget);
    SeedSweep.Verdict<SeedSweep.Outcome> v = SeedSweep.atLeast(
        "PPO+" + module.toUpperCase(Locale.ROOT) + " reaches 0.9 within " + budget + " steps", k,
        cfg.withRewards(cfg.rewards().withModules(List.of(module))), PARALLEL,
        o -> o.bestMeanReturn() >= 0.9 && o.steps() <= budget, seeds);
    assertTrue(v.holds(), v.toString());
  }
}
