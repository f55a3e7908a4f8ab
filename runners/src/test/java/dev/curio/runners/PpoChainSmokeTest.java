package dev.curio.runners;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ppo.PpoConfig;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.gym.GymConfig;
import dev.curio.runners.loop.RewardsConfig;
import dev.curio.runners.loop.RunEnd;
import dev.curio.runners.loop.TrainConfig;
import dev.curio.runners.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PPO walks to the end of a 12-state chain: the loop learns at all, in at least 2 of 3 seeds. */
class PpoChainSmokeTest {
  static double finalMeanReturn(long seed) {
    TrainConfig cfg = new TrainConfig("chain-12", 8, 64, 30_000, seed, 0.99, "sync", 20, 0.95, 0, 0, 1,
        new PpoConfig(2.5e-3, true, 4, 4, 0.2, true, 0.01, 0.5, 0.5, true, 0.95, 1e-5),
        TrainConfig.defaults().network(), RewardsConfig.none(), GymConfig.defaults());
    try (TrainingLoop loop = new TrainingLoop(cfg, () -> new ChainEnv(12, 60))) {
      RunEnd end = loop.run();
      return end.meanReturn();
    }
  }

  @Test
  void ppoWalksToTheEndOfAChainInAtLeast2Of3Seeds() {
    List<String> outcomes = new ArrayList<>();
    int passed = 0;
    for (long seed = 1; seed <= 3 && passed < 2; seed++) {
      double r = finalMeanReturn(seed);
      outcomes.add("seed " + seed + ": final mean return " + r);
      passed += r >= 0.95 ? 1 : 0;
    }
    assertTrue(passed >= 2, "PPO should reach a mean return of 0.95 on the chain in 2 of 3 seeds: " + outcomes);
  }
}
