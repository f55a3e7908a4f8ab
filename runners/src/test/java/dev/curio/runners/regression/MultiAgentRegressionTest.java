package dev.curio.runners.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.registry.EnvRegistry;
import dev.curio.runners.loop.RunEnd;
import dev.curio.runners.loop.TrainConfig;
import dev.curio.runners.loop.TrainingLoop;
import org.junit.jupiter.api.Test;

/**
 * The agent axis is real: two agents of social:rendezvous-7 (a corridor; both pay 0.05 a step and
 * get 1 on meeting, best 0.85, a random pair -0.26) train through the same loop with one policy
 * shared by both (agent id appended), and both learn to meet. Margins in docs/rewards.md.
 */
class MultiAgentRegressionTest {
  private static TrainConfig config() {
    TrainConfig d = TrainConfig.defaults();
    return new TrainConfig("social:rendezvous-7", 8, 64, 20_000, 1, 0.99, "sync", 20, 0.8, 0, 0, 1,
        new dev.curio.agents.ppo.PpoConfig(1e-3, false, 4, 4, 0.2, true, 0.01, 0.5, 0.5, true, 0.95, 1e-5), d.network(),
        d.rewards(), d.gym());
  }

  /** Each agent's own rolling mean return, when the run ended. */
  record Run(long seed, double[] agents, long steps) {
    boolean learned() {
      return steps <= 20_000 && agents.length == 2 && agents[0] >= 0.8 && agents[1] >= 0.8;
    }
  }

  @Test
  void bothAgentsOfRendezvousReach08Within20kStepsInAtLeast2Of3Seeds() {
    SeedSweep.Verdict<Run> v = SeedSweep.atLeast("rendezvous-7: both agents' mean return >= 0.8 within 20k joint steps",
        2, 2, new long[] {1, 2, 3}, seed -> {
          try (TrainingLoop loop = TrainingLoop.multiAgent(config().withSeed(seed),
              () -> EnvRegistry.makeMulti("social:rendezvous-7"))) {
            assertEquals(2, loop.numAgents());
            RunEnd end = loop.run();
            Run r = new Run(seed, loop.agentMeanReturns(), end.globalStep());
            System.out.println("rendezvous-7 seed " + seed + ": agents " + java.util.Arrays.toString(r.agents())
                + " at " + r.steps() + " steps");
            return r;
          }
        }, Run::learned);
    assertTrue(v.holds(), v.toString());
  }
}
