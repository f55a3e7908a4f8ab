package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.state.Snapshot;
import dev.curio.envs.Env;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.envs.worlds.classic.Pendulum;
import dev.curio.rewards.EcConfig;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Same seed, same run; and a run stopped and resumed from its checkpoint ends where an unbroken one does. */
class DeterminismTest {
  private static TrainConfig config(long seed) {
    return TrainConfig.builder().env("chain-10").numEnvs(4).rolloutLength(32).totalSteps(4 * 32 * 6).seed(seed)
        .returnWindow(10).checkpointEvery(0).ppo(PpoConfig.builder().learningRate(1e-3).epochs(2).build()).build();
  }

  private static final Supplier<Env<?, ?>> CHAIN = () -> new ChainEnv(10, 50);

  private static float[] train(TrainConfig cfg, int iterations) {
    return train(cfg, CHAIN, iterations);
  }

  private static float[] train(TrainConfig cfg, Supplier<Env<?, ?>> envs, int iterations) {
    try (TrainingLoop loop = new TrainingLoop(cfg, envs)) {
      for (int i = 0; i < iterations; i++) {
        loop.iterate();
      }
      return dev.curio.core.trajectory.Host.floats(loop.policy().parameters().flat());
    }
  }

  @Test
  void sameSeedGivesIdenticalParameters() {
    float[] a = train(config(7), 3);
    float[] b = train(config(7), 3);
    assertArrayEquals(a, b);
    float[] c = train(config(8), 3);
    assertFalse(Arrays.equals(a, c), "a different seed should give different parameters");
  }

  /** With every built-in module on: their networks, optimisers, normalisers and RNGs are in the checkpoint too. */
  @Test
  void stopAndResumeWithIntrinsicRewardsEndsIdentical() throws IOException {
    TrainConfig cfg = config(12).withRewards(RewardsConfig.none().withModules(List.of("icm", "rnd", "rfs", "count")));
    stopAndResume(cfg);
  }

  /**
   * Episodic curiosity, online (training every update, so the comparator, its optimiser, the
   * trajectory buffer and mid-episode memories all cross the checkpoint) and pretrained on random walks.
   */
  @Test
  void stopAndResumeWithEpisodicCuriosityEndsIdentical() throws IOException {
    EcConfig d = EcConfig.defaults().withReach(2, 3);
    EcConfig online = d.toBuilder().embeddingDim(8).hidden(16).memoryCapacity(20).pretrained(false).pretrainSteps(500)
        .trainEvery(1).trainSteps(8).batchSize(32).bufferSteps(200).episodic(true).coefficient(1.0).build();
    RewardsConfig none = RewardsConfig.none();
    for (boolean pretrained : new boolean[] {false, true}) {
      RewardsConfig rc = none.toBuilder().modules(List.of("ec")).normalize(true).clip(0).decay(0)
          .ec(online.withPretrained(pretrained)).build();
      stopAndResume(config(13).withRewards(rc));
    }
  }

  @Test
  void stopAndResumeEndsIdenticalToAnUnbrokenRun() throws IOException {
    stopAndResume(config(11));
  }

  /**
   * A continuous-action run: the diagonal Gaussian's log-std and its optimiser, and float actions
   * replayed mid-episode (Pendulum's episodes last 200 steps: the checkpoint comes after 192, and
   * the first episodes end in the resumed half).
   */
  @Test
  void stopAndResumeWithAGaussianPolicyEndsIdentical() throws IOException {
    TrainConfig c = config(15);
    stopAndResume(TrainConfig.builder().env("Pendulum-v1").numEnvs(4).rolloutLength(64).totalSteps(4 * 64 * 6)
        .seed(15).gamma(0.9).returnWindow(10).checkpointEvery(0).ppo(c.ppo()).network(c.network())
        .build(), Pendulum::new);
  }

  /** Two agents sharing one policy: per-agent columns, joint-action replay and per-agent windows. */
  @Test
  void stopAndResumeOfAMultiAgentRunEndsIdentical() throws IOException {
    stopAndResumeMultiAgent(multiAgentConfig(16).build());
  }

  /**
   * Two agents with a policy each (agents.policies independent), each learner with PopArt: every
   * agent's network, optimiser, RNG and value statistics cross the checkpoint.
   */
  @Test
  void stopAndResumeOfAMultiAgentRunWithIndependentPoliciesEndsIdentical() throws IOException {
    TrainConfig c = multiAgentConfig(17).build();
    stopAndResumeMultiAgent(c.toBuilder().agents(AgentsConfig.builder().policies("independent").build())
        .ppo(c.ppo().toBuilder().valueNorm("popart").build()).build());
  }

  private static TrainConfig.Builder multiAgentConfig(long seed) {
    TrainConfig c = config(seed);
    return TrainConfig.builder().env("social:rendezvous-7").numEnvs(3).rolloutLength(16)
        .totalSteps(3 * 16 * 6).seed(seed).returnWindow(10).checkpointEvery(0).ppo(c.ppo()).network(c.network());
  }

  private static void stopAndResumeMultiAgent(TrainConfig cfg) throws IOException {
    java.util.function.Supplier<dev.curio.envs.multi.MultiAgentEnv<?>> world =
        () -> dev.curio.envs.registry.EnvRegistry.makeMulti("social:rendezvous-7");
    float[] unbroken;
    double[] unbrokenAgents;
    double unbrokenCollective;
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, world)) {
      for (int i = 0; i < 6; i++) {
        loop.iterate();
      }
      unbroken = dev.curio.core.trajectory.Host.floats(loop.policy().parameters().flat());
      unbrokenAgents = loop.agentMeanReturns();
      unbrokenCollective = loop.collectiveMeanReturn();
      assertFalse(Double.isNaN(unbrokenCollective));
      assertEquals(0, loop.socialMeans().length, "rendezvous reports no frozen agents");
    }
    byte[] checkpoint;
    try (TrainingLoop first = TrainingLoop.multiAgent(cfg, world)) {
      for (int i = 0; i < 3; i++) {
        first.iterate();
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      first.save().write(new DataOutputStream(bytes));
      checkpoint = bytes.toByteArray();
    }
    try (TrainingLoop second = TrainingLoop.multiAgent(cfg, world, List.of(), cfg.learner(), true)) {
      second.restore(Snapshot.read(new DataInputStream(new ByteArrayInputStream(checkpoint))));
      for (int i = 0; i < 3; i++) {
        second.iterate();
      }
      assertArrayEquals(unbroken, dev.curio.core.trajectory.Host.floats(second.policy().parameters().flat()));
      assertArrayEquals(unbrokenAgents, second.agentMeanReturns());
      assertEquals(unbrokenCollective, second.collectiveMeanReturn(), "the collective window and episodes under way");
      assertEquals(6L * 3 * 16, second.globalStep(), "joint env steps");
      assertEquals(6, second.policy().version());
    }
  }

  private static void stopAndResume(TrainConfig cfg) throws IOException {
    stopAndResume(cfg, CHAIN);
  }

  private static void stopAndResume(TrainConfig cfg, Supplier<Env<?, ?>> envs) throws IOException {
    float[] unbroken = train(cfg, envs, 6);

    byte[] checkpoint;
    try (TrainingLoop first = new TrainingLoop(cfg, envs)) {
      for (int i = 0; i < 3; i++) {
        first.iterate();
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      first.save().write(new DataOutputStream(bytes));
      checkpoint = bytes.toByteArray();
    }
    // a new process would start here: a fresh loop, restored from the bytes alone, built as --resume
    // builds it (a pretrained comparator is not pretrained again: the checkpoint holds it)
    try (TrainingLoop second = TrainingLoop.toResume(cfg, envs, List.of())) {
      second.restore(Snapshot.read(new DataInputStream(new ByteArrayInputStream(checkpoint))));
      assertEquals(3, second.iteration());
      for (int i = 0; i < 3; i++) {
        second.iterate();
      }
      assertArrayEquals(unbroken, dev.curio.core.trajectory.Host.floats(second.policy().parameters().flat()));
      assertEquals(6L * cfg.stepsPerIteration(), second.globalStep());
    }
  }

  @Test
  void aLoopBuiltToResumeRefusesToTrainBeforeItIsRestored() {
    try (TrainingLoop loop = TrainingLoop.toResume(config(14), () -> new ChainEnv(10, 50), List.of())) {
      IllegalStateException e = assertThrows(IllegalStateException.class, loop::iterate);
      assertTrue(e.getMessage().startsWith("this loop was built with TrainingLoop.toResume; restore(checkpoint) it"),
          e.getMessage());
      assertThrows(IllegalStateException.class, loop::run);
    }
  }
}
