package dev.curio.runners.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.envs.Env;
import dev.curio.gym.Gym;
import dev.curio.gym.GymConfig;
import dev.curio.runners.loop.RewardsConfig;
import dev.curio.runners.loop.RunEnd;
import dev.curio.runners.loop.TrainConfig;
import dev.curio.runners.loop.TrainingLoop;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PPO learns real gym CartPole-v1, stepped in the JVM through the bundled CPython. */
class GymPpoRegressionTest {
  @Test
  @Timeout(600)
  @SuppressWarnings("unchecked")
  void ppoReaches195OnGymCartPoleWithin100kSteps() {
    // the settings of PpoRegressionTest's built-in CartPole (CleanRL's classic-control PPO)
    TrainConfig cfg = new TrainConfig("gym:CartPole-v1", 4, 128, 100_000, 1, 0.99, "sync", 20, 195.0, 0, 0, 1,
        PpoConfig.defaults(), NetworkConfig.defaults(), RewardsConfig.none(), GymConfig.defaults());
    Supplier<Env<?, Integer>> gym = () -> (Env<?, Integer>) Gym.make(cfg.env(), cfg.gym());
    long t0 = System.nanoTime();
    try (TrainingLoop loop = new TrainingLoop(cfg, gym)) {
      RunEnd end = loop.run();
      String outcome = String.format("gym:CartPole-v1 seed 1: best mean return %.1f after %d steps (%.1f s)",
          end.bestMeanReturn(), end.globalStep(), (System.nanoTime() - t0) / 1e9);
      System.out.println(outcome);
      assertTrue(end.bestMeanReturn() >= 195 && end.globalStep() <= 100_000, outcome);
    }
  }
}
