package dev.curio.runners.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.envs.Env;
import dev.curio.gym.Gym;
import dev.curio.gym.GymConfig;
import dev.curio.runners.loop.RewardsConfig;
import dev.curio.runners.loop.TrainConfig;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PPO learns real gym CartPole-v1, stepped in the JVM through the bundled CPython: a k-of-n claim
 * over fixed seeds, one run at a time (the interpreter is shared).
 */
class GymPpoRegressionTest {
  @Test
  @Timeout(900)
  void ppoReaches195OnGymCartPoleWithin100kStepsInAtLeast2Of3Seeds() {
    // the settings of PpoRegressionTest's built-in CartPole (CleanRL's classic-control PPO)
    TrainConfig cfg = new TrainConfig("gym:CartPole-v1", 4, 128, 100_000, 1, 0.99, "sync", 20, 195.0, 0, 0, 1,
        PpoConfig.defaults(), NetworkConfig.defaults(), RewardsConfig.none(), GymConfig.defaults());
    SeedSweep.Verdict<SeedSweep.Outcome> v = SeedSweep.atLeast("gym:CartPole-v1 PPO reaches 195 within 100k steps",
        2, 1, new long[] {1, 2, 3}, seed -> SeedSweep.one(cfg, seed, gym(cfg)),
        o -> o.bestMeanReturn() >= 195 && o.steps() <= 100_000);
    assertTrue(v.holds(), v.toString());
  }

  @SuppressWarnings("unchecked")
  private static Supplier<Env<?, Integer>> gym(TrainConfig cfg) {
    return () -> (Env<?, Integer>) Gym.make(cfg.env(), cfg.gym());
  }
}
