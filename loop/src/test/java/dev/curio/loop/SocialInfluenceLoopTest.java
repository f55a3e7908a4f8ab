package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.rewards.social.InfluenceConfig;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The social-influence module inside the training loop: wiring, the schedule, checkpoints and bad input. */
class SocialInfluenceLoopTest {
  private static TrainConfig config(String env, InfluenceConfig influence) {
    TrainConfig base = TrainConfig.defaults();
    return base.toBuilder().env(env).numEnvs(3).rolloutLength(16).totalSteps(3 * 16 * 6).seed(21).returnWindow(10)
        .checkpointEvery(0)
        .rewards(base.rewards().toBuilder().modules(List.of("influence")).influence(influence).build())
        .build();
  }

  private static Supplier<MultiAgentEnv<?>> world(String id) {
    return () -> EnvRegistry.makeMulti(id);
  }

  @Test
  void aRunWithInfluenceStopsAndResumesBitIdentical() throws Exception {
    InfluenceConfig influence = InfluenceConfig.builder().hidden(List.of(16)).scheduleSteps(List.of(0.0, 200.0))
        .scheduleWeights(List.of(0.0, 1.0)).build();
    TrainConfig cfg = config("social:rendezvous-7", influence);
    float[] unbroken;
    double[] agents;
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, world("social:rendezvous-7"))) {
      IterationReport first = loop.iterate();
      assertEquals(0.0, first.rewardStats().get("influence.schedule_weight"), 0.0, "the schedule starts at 0");
      assertTrue(first.rewardStats().values().containsKey("influence.loss_moa"), first.rewardStats().toString());
      for (int i = 1; i < 6; i++) {
        IterationReport r = loop.iterate();
        if (i == 5) {
          // 5 rollouts of 16 joint steps in 3 envs before this one: 240 env steps, past the last scheduled step
          assertEquals(1.0, r.rewardStats().get("influence.schedule_weight"), 0.0);
        }
      }
      unbroken = Host.floats(loop.policy().parameters().flat());
      agents = loop.agentMeanReturns();
    }
    byte[] checkpoint;
    try (TrainingLoop first = TrainingLoop.multiAgent(cfg, world("social:rendezvous-7"))) {
      for (int i = 0; i < 3; i++) {
        first.iterate();
      }
      checkpoint = first.save().toBytes();
    }
    try (TrainingLoop second = TrainingLoop.multiAgent(cfg, world("social:rendezvous-7"), List.of(), cfg.learner(),
        true)) {
      second.restore(Snapshot.fromBytes(checkpoint));
      for (int i = 0; i < 3; i++) {
        second.iterate();
      }
      assertArrayEquals(unbroken, Host.floats(second.policy().parameters().flat()));
      assertArrayEquals(agents, second.agentMeanReturns());
    }
  }

  @Test
  void centralisedInfluenceOnSpeakerListenerWithIndependentPoliciesResumesBitIdentical() throws Exception {
    InfluenceConfig influence = InfluenceConfig.builder().counterfactuals("centralised").influencers(List.of(0)).build();
    TrainConfig base = config("social:speaker-listener", influence);
    TrainConfig cfg = base.withAgents(base.agents().toBuilder().policies("independent").build());
    float[] unbroken;
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, world("social:speaker-listener"))) {
      for (int i = 0; i < 4; i++) {
        IterationReport r = loop.iterate();
        assertTrue(r.rewardStats().values().containsKey("influence.nonfinite_rows"), r.rewardStats().toString());
        assertTrue(!r.rewardStats().values().containsKey("influence.loss_moa"), "no MOA when centralised");
      }
      unbroken = Host.floats(loop.policy().parameters().flat());
    }
    byte[] checkpoint;
    try (TrainingLoop first = TrainingLoop.multiAgent(cfg, world("social:speaker-listener"))) {
      for (int i = 0; i < 2; i++) {
        first.iterate();
      }
      checkpoint = first.save().toBytes();
    }
    try (TrainingLoop second = TrainingLoop.multiAgent(cfg, world("social:speaker-listener"), List.of(), cfg.learner(),
        true)) {
      second.restore(Snapshot.fromBytes(checkpoint));
      for (int i = 0; i < 2; i++) {
        second.iterate();
      }
      assertArrayEquals(unbroken, Host.floats(second.policy().parameters().flat()));
    }
  }

  @Test
  void centralisedInfluenceOnAWorldWithoutActionChannelsIsOneLine() {
    TrainConfig cfg = config("social:rendezvous-7", InfluenceConfig.builder().counterfactuals("centralised").build());
    ConfigException e = assertThrows(ConfigException.class,
        () -> TrainingLoop.multiAgent(cfg, world("social:rendezvous-7")).close());
    assertEquals("rewards.influence.counterfactuals", e.key());
    assertTrue(e.getMessage().contains("env social:rendezvous-7 declares none; use moa"), e.getMessage());
  }

  @Test
  void influenceOnASingleAgentWorldIsOneLineNamingTheKeyAndTheWorld() {
    TrainConfig cfg = config("MiniGrid-Empty-5x5-v0", InfluenceConfig.defaults());
    ConfigException e = assertThrows(ConfigException.class,
        () -> new TrainingLoop(cfg, () -> EnvRegistry.make("MiniGrid-Empty-5x5-v0"), List.of()).close());
    assertEquals("rewards.modules", e.key());
    assertTrue(e.getMessage().contains("influence (social influence) needs a world of several agents; env"
        + " MiniGrid-Empty-5x5-v0 has one"), e.getMessage());
  }
}
