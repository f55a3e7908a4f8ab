package dev.curio.runners;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.testing.ChainEnv;
import dev.curio.gym.GymConfig;
import dev.curio.runners.loop.RunEnd;
import dev.curio.runners.loop.RunObserver;
import dev.curio.runners.loop.IterationReport;
import dev.curio.runners.loop.RewardsConfig;
import dev.curio.runners.loop.TrainConfig;
import dev.curio.runners.loop.TrainingLoop;
import org.junit.jupiter.api.Test;

class PpoChainSmokeTest {
  @Test
  void ppoWalksToTheEndOfAChain() {
    TrainConfig cfg = TrainConfig.defaults().withEnv("chain").withTotalSteps(30_000);
    cfg = new TrainConfig("chain", 8, 64, 30_000, 3, 0.99, "sync", 20, 0.95, 0, 0, 1,
        new dev.curio.agents.ppo.PpoConfig(2.5e-3, true, 4, 4, 0.2, true, 0.01, 0.5, 0.5, true, 0.95, 1e-5),
        cfg.network(), RewardsConfig.none(), GymConfig.defaults());
    try (TrainingLoop loop = new TrainingLoop(cfg, () -> new ChainEnv(12, 60))) {
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          System.out.printf("it %d step %d mean %.3f len %.1f sps %.0f collect %.3fs learn %.3fs ent %.3f kl %.4f%n",
              r.iteration(), r.globalStep(), r.meanReturn(), r.meanLength(), r.sps(), r.collectSeconds(), r.learnSeconds(),
              r.learner().entropy(), r.learner().approxKl());
        }
      });
      RunEnd end = loop.run();
      assertTrue(end.meanReturn() >= 0.95, "mean return " + end.meanReturn());
    }
  }
}
