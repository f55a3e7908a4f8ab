package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.dist.MultiDiscrete;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.loop.io.ConfigLoader;
import dev.curio.rewards.social.InfluenceConfig;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code agents.messages}: cheap talk in the training loop, and social influence on the message head
 * ({@code rewards.influence.head: message}) on speaker-listener: runs, checkpoints, bad input.
 */
class MessagesLoopTest {
  private static final String WORLD = "social:speaker-listener";

  private static TrainConfig config(InfluenceConfig influence, int messages) {
    TrainConfig base = TrainConfig.defaults();
    return base.toBuilder().env(WORLD).numEnvs(3).rolloutLength(16).totalSteps(3 * 16 * 4).seed(8).returnWindow(10)
        .checkpointEvery(0).agents(AgentsConfig.builder().messages(messages).build())
        .rewards(base.rewards().toBuilder().modules(List.of("influence")).influence(influence).build())
        .build();
  }

  private static Supplier<MultiAgentEnv<?>> world() {
    return () -> EnvRegistry.makeMulti(WORLD);
  }

  @Test
  void influenceOnTheMessageHeadRunsAndResumesBitIdentical() throws Exception {
    InfluenceConfig influence = InfluenceConfig.builder().head("message").influencers(List.of(0)).hidden(List.of(16))
        .build();
    TrainConfig cfg = config(influence, 4);
    float[] unbroken;
    double[] agents;
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, world())) {
      assertEquals(new MultiDiscrete(5, 4), loop.policy().distribution(), "the columns act in MultiDiscrete([A, V])");
      for (int i = 0; i < 4; i++) {
        IterationReport r = loop.iterate();
        assertTrue(r.rewardStats().values().containsKey("influence.loss_moa"), r.rewardStats().toString());
      }
      unbroken = Host.floats(loop.policy().parameters().flat());
      agents = loop.agentMeanReturns();
    }
    byte[] checkpoint;
    try (TrainingLoop first = TrainingLoop.multiAgent(cfg, world())) {
      for (int i = 0; i < 2; i++) {
        first.iterate(); // 32 joint steps: mid-episode in some copies, with messages heard
      }
      checkpoint = first.save().toBytes();
    }
    try (TrainingLoop second = TrainingLoop.multiAgent(cfg, world(), List.of(), cfg.learner(), true)) {
      second.restore(Snapshot.fromBytes(checkpoint));
      for (int i = 0; i < 2; i++) {
        second.iterate();
      }
      assertArrayEquals(unbroken, Host.floats(second.policy().parameters().flat()));
      assertArrayEquals(agents, second.agentMeanReturns());
    }
  }

  @Test
  void centralisedInfluenceOnTheMessageHeadRunsWithIndependentPolicies() {
    InfluenceConfig influence = InfluenceConfig.builder().head("message").counterfactuals("centralised")
        .influencers(List.of(0)).build();
    TrainConfig cfg = config(influence, 3);
    cfg = cfg.withAgents(cfg.agents().toBuilder().policies("independent").build());
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, world())) {
      double paid = 0;
      for (int i = 0; i < 2; i++) {
        IterationReport r = loop.iterate();
        assertEquals(0.0, r.rewardStats().get("influence.nonfinite_rows"), 0.0);
        // an untrained listener's moves depend on the message it hears, so the speaker is paid something
        paid += r.learner().streams().stream().filter(x -> x.name().equals("influence")).findFirst().orElseThrow()
            .meanReward();
      }
      assertTrue(paid > 0, "the speaker's influence on the message head: " + paid);
    }
  }

  @Test
  void badSettingsAreOneLineNamingTheKey() {
    ConfigException head = assertThrows(ConfigException.class, () -> TrainingLoop.multiAgent(
        config(InfluenceConfig.builder().head("message").build(), 0), world()).close());
    assertEquals("rewards.influence.head", head.key());
    ConfigException icm = assertThrows(ConfigException.class, () -> TrainingLoop.multiAgent(
        config(InfluenceConfig.defaults(), 4).toBuilder().rewards(TrainConfig.defaults().rewards().toBuilder()
            .modules(List.of("icm")).build()).build(), world()).close());
    assertEquals("rewards.modules", icm.key());
    TrainConfig talking = config(InfluenceConfig.defaults(), 4).toBuilder().rewards(TrainConfig.defaults().rewards())
        .build();
    ConfigException custom = assertThrows(ConfigException.class, () -> TrainingLoop.multiAgent(talking, world(),
        List.of((shape, actions, seed) -> new dev.curio.rewards.Rnd(dev.curio.rewards.RndConfig.defaults(), shape,
            actions, seed)), talking.learner(), false).close());
    assertEquals("rewards.modules", custom.key());
    assertTrue(custom.getMessage().contains("custom reward modules read Discrete actions [T, N]"), custom.getMessage());
    TrainConfig single = TrainConfig.builder().env("chain-10").numEnvs(2).rolloutLength(8)
        .agents(AgentsConfig.builder().messages(4).build()).build();
    ConfigException one = assertThrows(ConfigException.class, () -> new TrainingLoop(single, () -> new ChainEnv(10,
        50)).close());
    assertEquals("agents.messages: is 4 (a message per agent and step, heard by the others), but env chain-10 has one"
        + " agent; set it to 0, or train a world of several agents (a social: world)", one.getMessage());
    ConfigException tasks = assertThrows(ConfigException.class, () -> TrainConfig.builder().numEnvs(2)
        .tasks(TasksConfig.of(List.of("chain-10", "chain-10"))).agents(AgentsConfig.builder().messages(4).build())
        .build());
    assertEquals("agents.messages", tasks.key());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new ConfigLoader().set("agents.messages=1", "--set").build());
    assertEquals("--set agents.messages=1: agents.messages: must be 0 (no messages) or a vocabulary of at least 2,"
        + " got 1", bad.getMessage());
  }

  @Test
  void theKeysReadAndWriteAsYaml() {
    TrainConfig cfg = new ConfigLoader().set("env=" + WORLD, "--set").set("agents.messages=4", "--set")
        .set("rewards.influence.head=message", "--set").build();
    assertEquals(4, cfg.agents().messages());
    assertEquals("message", cfg.rewards().influence().head());
    String yaml = ConfigLoader.toYaml(cfg);
    assertTrue(yaml.contains("  messages: 4\n"), yaml);
    assertTrue(yaml.contains("    head: message\n"), yaml);
    assertEquals(cfg, new ConfigLoader().text(yaml, "<yaml>", false).build());
    assertEquals(0, TrainConfig.defaults().agents().messages());
    assertEquals("action", TrainConfig.defaults().rewards().influence().head());
  }
}
