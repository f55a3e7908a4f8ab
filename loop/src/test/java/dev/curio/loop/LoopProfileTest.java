package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.testing.ChainEnv;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopProfileTest {
  @Test
  void everyPhaseIsTimedAndNoTimeIsCountedTwice() {
    TrainConfig d = TrainConfig.defaults();
    TrainConfig cfg = TrainConfig.builder().env("chain-6").numEnvs(4).rolloutLength(16).totalSteps(10_000)
        .checkpointEvery(0).ppo(d.ppo()).network(d.network()).rewards(RewardsConfig.none()
        .withModules(List.of("rnd"))).build();
    try (TrainingLoop loop = new TrainingLoop(cfg, () -> new ChainEnv(6, 30))) {
      loop.iterate();
      loop.profile().reset();
      assertEquals(0, loop.profile().totalNanos());
      long began = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        loop.iterate();
      }
      long wall = System.nanoTime() - began;
      LoopProfile p = loop.profile();
      // the phases are disjoint intervals inside the three iterations, so their sum cannot exceed the
      // wall time, however loaded the machine (no lower bound: that would time the machine)
      assertTrue(p.totalNanos() <= wall, "phases " + p.totalNanos() + " ns exceed the wall time " + wall + " ns");
      for (LoopProfile.Phase phase : List.of(LoopProfile.Phase.ENV, LoopProfile.Phase.ACT, LoopProfile.Phase.BATCH,
          LoopProfile.Phase.REWARDS, LoopProfile.Phase.LEARN_NETWORK, LoopProfile.Phase.LEARN_HOST)) {
        assertTrue(p.nanos(phase) > 0, phase + " was not timed");
      }
      Map<LoopProfile.Phase, Double> shares = p.shares();
      assertEquals(1.0, shares.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
      double network = shares.get(LoopProfile.Phase.ACT) + shares.get(LoopProfile.Phase.REWARDS)
          + shares.get(LoopProfile.Phase.LEARN_NETWORK);
      assertEquals(network, p.networkShare(), 1e-9);
    }
  }
}
