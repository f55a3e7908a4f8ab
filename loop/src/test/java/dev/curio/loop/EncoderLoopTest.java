package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.EncodedPolicy;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.representation.acstate.AcStateConfig;
import dev.curio.rewards.EncodedReward;
import dev.curio.rewards.NormalizedReward;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The encoder phase of the training loop (issue 25): an AC-State encoder that the loop trains after the
 * learner and the modules, that reward modules and the policy read, that lives in the checkpoint, and
 * whose bad settings are one-line errors.
 */
class EncoderLoopTest {
  private static final String EXO = "maze:exo-open-7x7-k2-pos";
  private static final Supplier<Env<?, ?>> WORLD = () -> EnvRegistry.make(EXO);

  private static TrainConfig.Builder small(String... modules) {
    return TrainConfig.builder().env(EXO).numEnvs(2).rolloutLength(32).totalSteps(2 * 32 * 4).seed(5)
        .checkpointEvery(0).ppo(PpoConfig.builder().epochs(1).minibatches(2).build())
        .rewards(RewardsConfig.builder().modules(List.of(modules)).build());
  }

  private static EncoderConfig.Builder acState() {
    return EncoderConfig.builder().kind(EncoderConfig.AC_STATE)
        .acState(AcStateConfig.builder().codes(6).latentDim(4).encoderHidden(16).headHidden(16).batchSize(32).build());
  }

  @Test
  void modulesAndThePolicyReadTheEncoderAndItTrainsEveryIteration() {
    TrainConfig cfg = small("count", "rnd").encoder(acState().policy(true).build()).build();
    try (TrainingLoop loop = new TrainingLoop(cfg, WORLD)) {
      assertTrue(loop.policy() instanceof EncodedPolicy, "the policy reads the encoder");
      for (var m : loop.rewards().modules()) {
        IntrinsicRewardView.check(m);
      }
      IterationReport r = null;
      for (int i = 0; i < 3; i++) {
        r = loop.iterate();
      }
      assertTrue(Double.isFinite(r.rewardStats().get("encoder_inverse")), r.rewardStats().toString());
      assertEquals(3, loop.encoder().orElseThrow().updates(), "one gradient step per iteration");
    }
  }

  /** Every module is its return normaliser around an {@link EncodedReward}. */
  private static final class IntrinsicRewardView {
    static void check(dev.curio.rewards.IntrinsicReward m) {
      dev.curio.rewards.IntrinsicReward inner = m instanceof NormalizedReward n ? n.inner() : m;
      assertTrue(inner instanceof EncodedReward, "module " + m.stream().name() + " reads the encoder: " + inner);
      int width = ((EncodedReward) inner).encoder().latentDim();
      assertEquals(m.stream().name().equals("count") ? 6 : 4, width, "count reads one-hot codes, rnd the latent");
    }
  }

  /**
   * The encoder trains after the learner: the policy the learner evaluates reads the observations through the
   * encoder that acted, so with one epoch of one minibatch its first evaluation is the behaviour policy itself
   * (approximate KL 0) although the encoder moves every iteration (a fast learning rate, 8 steps).
   */
  @Test
  void theLearnerSeesTheEncoderThatActed() {
    TrainConfig cfg = small().ppo(PpoConfig.builder().epochs(1).minibatches(1).build())
        .encoder(acState().policy(true).acState(AcStateConfig.builder().codes(6).latentDim(4).encoderHidden(16)
            .headHidden(16).batchSize(32).learningRate(0.05).gradientSteps(8).deadCodeWindow(2).build()).build())
        .build();
    try (TrainingLoop loop = new TrainingLoop(cfg, WORLD)) {
      int moved = 0;
      int[] before = null;
      for (int i = 0; i < 4; i++) {
        IterationReport r = loop.iterate();
        assertEquals(0.0, r.learner().approxKl(), 0.0, "iteration " + (i + 1));
        int[] now = loop.encoder().orElseThrow().codes(probe());
        moved += before != null && !java.util.Arrays.equals(before, now) ? 1 : 0;
        before = now;
      }
      assertTrue(moved > 0, "the encoder's codes should move between iterations, or this test shows nothing");
    }
  }

  /** Every observation of the world's first reset and a few random ones, as a batch for the encoder. */
  private static org.nd4j.linalg.api.ndarray.INDArray probe() {
    Env<?, ?> env = WORLD.get();
    int d = env.spec().observationSpace().flatDim();
    float[] rows = new float[20 * d];
    dev.curio.core.Rng rng = new dev.curio.core.Rng(1);
    @SuppressWarnings("unchecked")
    Env<float[], Integer> e = (Env<float[], Integer>) env;
    float[] x = e.reset(7).observation();
    for (int i = 0; i < 20; i++) {
      System.arraycopy(x, 0, rows, i * d, d);
      var s = e.step(rng.nextInt(4));
      x = s.done() ? e.reset(8 + i).observation() : s.observation();
    }
    env.close();
    return org.nd4j.linalg.factory.Nd4j.create(rows, new long[] {20, d});
  }

  @Test
  void theEncoderStopsTrainingAtFreezeAfter() {
    TrainConfig cfg = small("count").encoder(acState().freezeAfter(2 * 32 * 2).build()).build();
    try (TrainingLoop loop = new TrainingLoop(cfg, WORLD)) {
      for (int i = 0; i < 4; i++) {
        loop.iterate();
      }
      assertEquals(2, loop.encoder().orElseThrow().updates(), "rollouts begun before step 128 train it");
    }
  }

  @Test
  void pretrainingWalksTrainTheEncoderBeforeTheRunButNotOnResume() {
    TrainConfig cfg = small("count").encoder(acState().pretrainSteps(300).pretrainUpdates(7).build()).build();
    try (TrainingLoop loop = new TrainingLoop(cfg, WORLD)) {
      assertEquals(7, loop.encoder().orElseThrow().updates());
      assertEquals(300, loop.encoder().orElseThrow().buffer().size());
      assertEquals(0, loop.globalStep(), "the walks are not the run's steps");
    }
    try (TrainingLoop loop = TrainingLoop.toResume(cfg, WORLD, List.of())) {
      assertEquals(0, loop.encoder().orElseThrow().updates(), "a resumed run restores the trained encoder");
    }
  }

  @Test
  void aResumedRunContinuesExactlyWithTheEncoderInTheCheckpoint() throws Exception {
    TrainConfig cfg = small("count").encoder(acState().policy(true).build()).build();
    byte[] unbroken;
    try (TrainingLoop loop = new TrainingLoop(cfg, WORLD)) {
      for (int i = 0; i < 4; i++) {
        loop.iterate();
      }
      unbroken = loop.save().toBytes();
    }
    byte[] half;
    try (TrainingLoop loop = new TrainingLoop(cfg, WORLD)) {
      loop.iterate();
      loop.iterate();
      half = loop.save().toBytes();
    }
    byte[] resumed;
    try (TrainingLoop loop = TrainingLoop.toResume(cfg, WORLD, List.of())) {
      loop.restore(Snapshot.fromBytes(half));
      loop.iterate();
      loop.iterate();
      resumed = loop.save().toBytes();
    }
    assertTrue(Snapshot.fromBytes(unbroken).has("encoder"));
    assertArrayEquals(unbroken, resumed, "two iterations, a checkpoint and two more are four iterations");

    TrainConfig without = small("count").build();
    try (TrainingLoop other = TrainingLoop.toResume(without, WORLD, List.of())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> other.restore(Snapshot.fromBytes(half)));
      assertEquals("checkpoint has an 'encoder' entry (an AC-State encoder), but this run has encoder.kind none",
          e.getMessage());
    }
  }

  @Test
  void badSettingsAreOneLineErrorsNamingTheKey() {
    assertEquals("encoder.kind: must be none or ac-state, got 'acstate'", assertThrows(ConfigException.class,
        () -> EncoderConfig.builder().kind("acstate").build()).getMessage());
    assertEquals("encoder.modules: names 'icm', which is not in rewards.modules [count]", assertThrows(
        ConfigException.class, () -> small("count").encoder(acState().modules(List.of("icm")).build()).build())
        .getMessage());
    assertEquals("encoder.kind: is ac-state, but nothing reads it: add a reward module (rewards.modules, --reward) or"
        + " set encoder.policy: true", assertThrows(ConfigException.class,
        () -> small().encoder(acState().build()).build()).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> small("influence").encoder(acState().build()).build())
        .getMessage().startsWith("encoder.kind: influence cannot read an encoder"));
    assertEquals("encoder.acState.maxK: must be >= 1, got 0", assertThrows(ConfigException.class,
        () -> AcStateConfig.builder().maxK(0).build()).getMessage());
    assertEquals("encoder.acState.codes: must be >= 1, got 0", assertThrows(ConfigException.class,
        () -> AcStateConfig.builder().codes(0).build()).getMessage());

    TrainConfig continuous = small("count").encoder(acState().acState(AcStateConfig.builder()
        .bottleneck(AcStateConfig.Bottleneck.CONTINUOUS).build()).build()).build();
    assertEquals("encoder.acState.bottleneck: is CONTINUOUS, which has no codes for count to count; use VQ, or leave"
        + " count out of encoder.modules", assertThrows(ConfigException.class,
        () -> new TrainingLoop(continuous, WORLD).close()).getMessage());

    TrainConfig box = small().env("Pendulum-v1").encoder(acState().policy(true).build()).build();
    assertTrue(assertThrows(ConfigException.class, () -> new TrainingLoop(box, () -> EnvRegistry.make("Pendulum-v1"))
        .close()).getMessage().startsWith("encoder.kind: is ac-state, whose inverse model predicts a Discrete action"));
  }
}
