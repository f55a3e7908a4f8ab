package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Env;
import dev.curio.gym.Gym;
import dev.curio.gym.GymConfig;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.regression.SeedSweep;
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
    TrainConfig cfg = TrainConfig.builder().env("gym:CartPole-v1").numEnvs(4).stopAtReturn(195.0).checkpointEvery(0)
        .build();
    SeedSweep.Verdict<SeedSweep.Outcome> v = SeedSweep.atLeast("gym:CartPole-v1 PPO reaches 195 within 100k steps",
        2, 1, new long[] {1, 2, 3}, seed -> SeedSweep.one(cfg, seed, gym(cfg)),
        o -> o.bestMeanReturn() >= 195 && o.steps() <= 100_000);
    assertTrue(v.holds(), v.toString());
  }

  @SuppressWarnings("unchecked")
  private static Supplier<Env<?, Integer>> gym(TrainConfig cfg) {
    return () -> (Env<?, Integer>) Gym.make(cfg.env(), GymConfig.defaults());
  }
}
