package dev.curio.loop.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.registry.EnvRegistry;
import dev.curio.loop.AgentsConfig;
import dev.curio.loop.RunEnd;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import org.junit.jupiter.api.Test;

/**
 * The agent axis is real: two agents of social:rendezvous-7 (a corridor; both pay 0.05 a step and
 * get 1 on meeting, best 0.85, a random pair -0.26) train through the same loop with one policy
 * shared by both (agent id appended), and both learn to meet. Margins in docs/rewards.md.
 */
class MultiAgentRegressionTest {
  private static TrainConfig config() {
    TrainConfig d = TrainConfig.defaults();
    return TrainConfig.builder().env("social:rendezvous-7").rolloutLength(64).totalSteps(20_000).stopAtReturn(0.8)
        .checkpointEvery(0)
        .ppo(dev.curio.agents.ppo.PpoConfig.builder().learningRate(1e-3).annealLearningRate(false).build())
        .network(d.network()).rewards(d.rewards()).build();
  }

  /** Each agent's own rolling mean return, when the run ended. */
  record Run(long seed, double[] agents, long steps) {
    boolean learned() {
      return steps <= 20_000 && agents.length == 2 && agents[0] >= 0.8 && agents[1] >= 0.8;
    }
  }

  @Test
  void bothAgentsOfRendezvousReach08Within20kStepsInAtLeast2Of3Seeds() {
    SeedSweep.Verdict<Run> v = sweep("rendezvous-7: both agents' mean return >= 0.8 within 20k joint steps", config());
    assertTrue(v.holds(), v.toString());
  }

  /** The same claim with a policy per agent (agents.policies independent), each trained on its own columns. */
  @Test
  void bothAgentsWithIndependentPoliciesReach08Within20kStepsInAtLeast2Of3Seeds() {
    TrainConfig cfg = config().withAgents(AgentsConfig.builder().policies(AgentsConfig.INDEPENDENT).build());
    SeedSweep.Verdict<Run> v = sweep("rendezvous-7, independent policies: both agents' mean return >= 0.8 within 20k"
        + " joint steps", cfg);
    assertTrue(v.holds(), v.toString());
  }

  private static SeedSweep.Verdict<Run> sweep(String claim, TrainConfig cfg) {
    return SeedSweep.atLeast(claim, 2, 2, new long[] {1, 2, 3}, seed -> {
      try (TrainingLoop loop = TrainingLoop.multiAgent(cfg.withSeed(seed),
          () -> EnvRegistry.makeMulti("social:rendezvous-7"))) {
        assertEquals(2, loop.numAgents());
        RunEnd end = loop.run();
        Run r = new Run(seed, loop.agentMeanReturns(), end.globalStep());
        System.out.println("rendezvous-7 (" + cfg.agents().policies() + ") seed " + seed + ": agents "
            + java.util.Arrays.toString(r.agents()) + " at " + r.steps() + " steps");
        return r;
      }
    }, Run::learned);
  }
}
