package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.LearnerFactory;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.PerAgentLearner;
import dev.curio.agents.PerAgentPolicy;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.loop.io.ConfigLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** agents.policies independent: one learner per agent, each on its own columns, its own state, its own errors. */
class IndependentPoliciesTest {
  private static final Supplier<MultiAgentEnv<?>> RENDEZVOUS = () -> EnvRegistry.makeMulti("social:rendezvous-7");
  private static final AgentsConfig INDEPENDENT = AgentsConfig.builder().policies("independent").build();

  private static TrainConfig config(AgentsConfig agents) {
    return TrainConfig.builder().env("social:rendezvous-7").numEnvs(3).rolloutLength(16).totalSteps(3 * 16 * 4).seed(3)
        .returnWindow(10).checkpointEvery(0).ppo(PpoConfig.builder().learningRate(1e-3).epochs(2).build())
        .agents(agents).build();
  }

  @Test
  void eachAgentsLearnerIsSeededApartAndSeesOnlyItsOwnColumns() {
    TrainConfig cfg = config(INDEPENDENT);
    List<LearnerSpec> specs = new ArrayList<>();
    List<List<Trajectory>> seen = List.of(new ArrayList<>(), new ArrayList<>());
    List<List<RewardStreams>> rewards = List.of(new ArrayList<>(), new ArrayList<>());
    LearnerFactory recording = spec -> {
      int agent = specs.size();
      specs.add(spec);
      return new ForwardingLearner(cfg.learner().create(spec)) {
        @Override
        public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
          seen.get(agent).add(trajectory);
          rewards.get(agent).add(streams);
          return super.learn(trajectory, streams);
        }
      };
    };
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, RENDEZVOUS, List.of(), recording, false)) {
      loop.iterate();
      assertEquals(2, specs.size(), "one learner per agent");
      assertEquals(Rng.derive(3, "learner-0"), specs.get(0).seed());
      assertEquals(Rng.derive(3, "learner-1"), specs.get(1).seed());
      assertEquals(1, specs.get(0).tasks());
      for (int m = 0; m < 2; m++) {
        assertEquals(1, seen.get(m).size(), "agent " + m + " learned once");
        Trajectory own = seen.get(m).get(0);
        assertEquals(1, own.numAgents());
        assertEquals(3, own.envs(), "one column per env");
        assertEquals(16, own.steps());
        // the loop appends each column's agent as a one-hot: agent m's learner sees only its own
        int d = own.obsDim();
        float[] obs = Host.floats(own.observations());
        for (int row = 0; row < obs.length / d; row++) {
          assertEquals(m == 0 ? 1f : 0f, obs[row * d + d - 2], "row " + row + " of agent " + m + "'s trajectory");
          assertEquals(m == 1 ? 1f : 0f, obs[row * d + d - 1], "row " + row + " of agent " + m + "'s trajectory");
        }
        INDArray r = rewards.get(m).get(0).rewards().get(0);
        assertArrayEquals(new long[] {16, 3}, r.shape());
        assertArrayEquals(Host.floats(own.rewards()), Host.floats(r), "its own column of every stream");
      }
      PerAgentLearner learner = assertInstanceOf(PerAgentLearner.class, loop.learner());
      assertEquals(2, learner.agents());
    }
  }

  @Test
  void theAgentsEndWithParametersOfTheirOwnWhileASharedRunHasOneSet() {
    long shared;
    try (TrainingLoop loop = TrainingLoop.multiAgent(config(AgentsConfig.defaults()), RENDEZVOUS)) {
      loop.iterate();
      assertFalse(loop.learner() instanceof PerAgentLearner);
      shared = loop.policy().numParams();
    }
    try (TrainingLoop loop = TrainingLoop.multiAgent(config(INDEPENDENT), RENDEZVOUS)) {
      PerAgentPolicy policy = assertInstanceOf(PerAgentPolicy.class, loop.policy());
      assertEquals(2 * shared, policy.numParams(), "two networks of the shared run's shape");
      float[] start0 = Host.floats(policy.policy(0).parameters().flat());
      IterationReport last = null;
      for (int i = 0; i < 3; i++) {
        last = loop.iterate();
      }
      float[] a0 = Host.floats(policy.policy(0).parameters().flat());
      float[] a1 = Host.floats(policy.policy(1).parameters().flat());
      assertFalse(Arrays.equals(a0, a1), "each agent has parameters of its own");
      assertFalse(Arrays.equals(start0, a0), "agent 0's learner trained");
      float[] joined = Host.floats(policy.parameters().flat());
      assertArrayEquals(a0, Arrays.copyOfRange(joined, 0, a0.length), "the run's flat vector is agent 0's, then 1's");
      assertArrayEquals(a1, Arrays.copyOfRange(joined, a0.length, joined.length));
      assertEquals(3, policy.version());

      List<LearnerStats> each = ((PerAgentLearner) loop.learner()).agentStats();
      assertEquals(2, each.size());
      assertEquals((each.get(0).policyLoss() + each.get(1).policyLoss()) / 2, last.learner().policyLoss(), 1e-12,
          "metrics.csv's learner columns are the mean over agents");
      assertEquals((each.get(0).streams().get(0).meanReturn() + each.get(1).streams().get(0).meanReturn()) / 2,
          last.learner().streams().get(0).meanReturn(), 1e-12);
    }
  }

  @Test
  void aCheckpointOfSharedPoliciesIsRefusedByAnIndependentRunAndViceVersa() {
    Snapshot shared;
    Snapshot independent;
    try (TrainingLoop loop = TrainingLoop.multiAgent(config(AgentsConfig.defaults()), RENDEZVOUS)) {
      loop.iterate();
      shared = loop.save();
    }
    try (TrainingLoop loop = TrainingLoop.multiAgent(config(INDEPENDENT), RENDEZVOUS)) {
      loop.iterate();
      independent = loop.save();
    }
    assertEquals(2, independent.child("learner").getLong("agents"));
    assertTrue(independent.child("learner").has("agent1"), "each agent's learner has its own entry");
    TrainConfig indep = config(INDEPENDENT);
    try (TrainingLoop loop = TrainingLoop.multiAgent(indep, RENDEZVOUS, List.of(), indep.learner(), true)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.restore(shared));
      assertEquals("checkpoint entry 'learner/agents' is missing: it was written with one learner shared by all agents"
          + " (agents.policies shared), this run has independent; resume it with the policies it was trained with",
          e.getMessage());
    }
    TrainConfig sh = config(AgentsConfig.defaults());
    try (TrainingLoop loop = TrainingLoop.multiAgent(sh, RENDEZVOUS, List.of(), sh.learner(), true)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.restore(independent));
      assertEquals("checkpoint entry 'learner/agents' is 2: it was written with one learner per agent (agents.policies"
          + " independent), this run has shared; resume it with the policies it was trained with", e.getMessage());
      loop.restore(shared); // the refused one changed nothing
      assertEquals(1, loop.iteration());
    }
  }

  @Test
  void independentNeedsAWorldOfSeveralAgentsAndOneTaskAndSaysSoNamingTheKey() {
    TrainConfig single = TrainConfig.builder().env("chain-10").numEnvs(2).rolloutLength(8).agents(INDEPENDENT).build();
    ConfigException one = assertThrows(ConfigException.class, () -> new TrainingLoop(single, () -> new ChainEnv(10, 50)));
    assertEquals("agents.policies: is independent (one policy per agent), but env chain-10 has one agent; set it to"
        + " shared, or train a world of several agents (a social: world)", one.getMessage());
    ConfigException tasks = assertThrows(ConfigException.class, () -> TrainConfig.builder().numEnvs(2)
        .tasks(TasksConfig.of(List.of("chain-10", "chain-10"))).agents(INDEPENDENT).build());
    assertEquals("agents.policies: is independent (one policy per agent), but tasks.ids [chain-10, chain-10] makes this"
        + " a multi-task run of single-agent worlds; set it to shared or remove tasks.ids", tasks.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new ConfigLoader().set("agents.policies=unshared", "--set").build());
    assertEquals("--set agents.policies=unshared: agents.policies: must be shared or independent, got 'unshared'",
        bad.getMessage());
  }

  @Test
  void theKeyReadsAndWritesAsYaml() {
    TrainConfig cfg = new ConfigLoader().set("env=social:rendezvous-7", "--set")
        .set("agents.policies=independent", "--set").build();
    assertTrue(cfg.agents().independent());
    String yaml = ConfigLoader.toYaml(cfg);
    assertTrue(yaml.contains("agents:\n  policies: independent\n"), yaml);
    assertEquals(cfg, new ConfigLoader().text(yaml, "<yaml>", false).build());
    assertEquals("shared", TrainConfig.defaults().agents().policies());
  }
}
