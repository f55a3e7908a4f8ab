package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ppo.PpoConfig;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.RunEnd;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PPO walks to the end of a 12-state chain: the loop learns at all, in at least 2 of 3 seeds. */
class PpoChainSmokeTest {
  static double finalMeanReturn(long seed) {
    TrainConfig cfg = TrainConfig.builder().env("chain-12").rolloutLength(64).totalSteps(30_000).seed(seed)
        .stopAtReturn(0.95).checkpointEvery(0).ppo(PpoConfig.builder().learningRate(2.5e-3).build())
        .network(TrainConfig.defaults().network()).build();
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
