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
    SeedSweep.Verdict<SeedSweep.Outcome> v = SeedSweep.atLeast("plain PPO ends below 0.2 within 80k steps", 3, config(),
        PARALLEL, o -> o.finalMeanReturn() < 0.2 || Double.isNaN(o.finalMeanReturn()), SEEDS);
    assertTrue(v.holds(), v.toString());
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
    SeedSweep.Verdict<SeedSweep.Outcome> v = SeedSweep.atLeast(
        "PPO+" + module.toUpperCase(Locale.ROOT) + " reaches 0.9 within 80k steps", 4,
        cfg.withRewards(cfg.rewards().withModules(List.of(module))), PARALLEL, o -> o.bestMeanReturn() >= 0.9, SEEDS);
    assertTrue(v.holds(), v.toString());
  }
}
