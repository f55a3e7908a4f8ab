package dev.curio.runners.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.runners.io.ConfigLoader;
import dev.curio.runners.loop.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Exploration regression on extrinsic reward only: on {@code maze:sparse-maze-pos} with a 300-step
 * limit (examples/sparse-maze.yaml), plain PPO mostly never sees the goal within the budget, while
 * PPO with RND, ICM or episodic curiosity finds it and then learns to reach it (rolling mean over 20
 * episodes >= 0.9). Five fixed seeds per agent, two runs at a time.
 */
class ExplorationRegressionTest {
  private static final long[] SEEDS = {1, 2, 3, 4, 5};
  private static final int PARALLEL = 2;

  static TrainConfig config() {
    return ConfigLoader.load(Path.of("..", "examples", "sparse-maze.yaml"));
  }

  @Test
  void plainPpoMostlyFails() {
    List<SeedSweep.Outcome> runs = SeedSweep.run(config(), PARALLEL, SEEDS);
    long failed = runs.stream().filter(o -> o.finalMeanReturn() < 0.2 || Double.isNaN(o.finalMeanReturn())).count();
    assertTrue(failed >= 3, "plain PPO should stay below 0.2 in most seeds: " + runs);
  }

  @Test
  void ppoWithRndReaches09InAtLeast4Of5Seeds() {
    assertReaches09InAtLeast4Of5Seeds("rnd");
  }

  @Test
  void ppoWithIcmReaches09InAtLeast4Of5Seeds() {
    assertReaches09InAtLeast4Of5Seeds("icm");
  }

  @Test
  void ppoWithEpisodicCuriosityReaches09InAtLeast4Of5Seeds() {
    assertReaches09InAtLeast4Of5Seeds("ec");
  }

  private static void assertReaches09InAtLeast4Of5Seeds(String module) {
    TrainConfig cfg = config();
    List<SeedSweep.Outcome> runs = SeedSweep.run(cfg.withRewards(cfg.rewards().withModules(List.of(module))), PARALLEL,
        SEEDS);
    long reached = runs.stream().filter(o -> o.bestMeanReturn() >= 0.9).count();
    assertTrue(reached >= 4, "PPO+" + module.toUpperCase(Locale.ROOT)
        + " should reach 0.9 in at least 4 of 5 seeds: " + runs);
  }
}
