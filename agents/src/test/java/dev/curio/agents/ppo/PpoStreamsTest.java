package dev.curio.agents.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.Actor;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.PolicyActor;
import dev.curio.core.Rng;
import dev.curio.core.space.Discrete;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A two-armed bandit with two reward streams: the extrinsic one pays for arm 0, the second for arm
 * 1. Which arm PPO learns to prefer must follow the stream coefficients.
 */
class PpoStreamsTest {
  private static final int T = 16;
  private static final int N = 8;

  /** Fraction of arm-1 pulls after training with the second stream weighted by {@code coef}. */
  private static double trainBandit(double coef, PpoConfig cfg) {
    RewardStream ext = RewardStream.extrinsic(0.0);
    RewardStream bonus = new RewardStream("bonus", 0.0, true, coef);
    Ppo ppo = new Ppo(cfg, NetworkConfig.defaults(), new LearnerSpec(new int[] {2}, new Discrete(2), List.of(ext, bonus), 30, 4));
    INDArray obs = Nd4j.ones(DataType.FLOAT, N, 2);
    Actor actor = PolicyActor.sampling(ppo.policy(), new Rng(9));
    double lastShare = 0;
    for (int it = 0; it < 30; it++) {
      float[] acts = new float[T * N];
      float[] logp = new float[T * N];
      float[] r0 = new float[T * N];
      float[] r1 = new float[T * N];
      for (int t = 0; t < T; t++) {
        ActionBatch ab = actor.act(obs);
        for (int i = 0; i < N; i++) {
          int k = t * N + i;
          acts[k] = ab.actions()[i];
          logp[k] = ab.logProbs()[i];
          r0[k] = ab.actions()[i] == 0 ? 1f : 0f;
          r1[k] = ab.actions()[i] == 1 ? 1f : 0f;
        }
      }
      INDArray o = Nd4j.ones(DataType.FLOAT, T, N, 2);
      INDArray done = Nd4j.ones(DataType.FLOAT, T, N); // every pull is a one-step episode
      Trajectory r = Trajectory.builder(2).observations(o).nextObservations(o)
          .actions(Nd4j.create(acts, new long[] {T, N}, DataType.FLOAT))
          .rewards(Nd4j.create(r0, new long[] {T, N}, DataType.FLOAT)).terminated(done)
          .truncated(Nd4j.zeros(DataType.FLOAT, T, N)).logProbs(Nd4j.create(logp, new long[] {T, N}, DataType.FLOAT))
          .build();
      RewardStreams streams = new RewardStreams(List.of(ext, bonus),
          List.of(r.rewards(), Nd4j.create(r1, new long[] {T, N}, DataType.FLOAT)));
      LearnerStats stats = ppo.learn(r, streams);
      assertEquals(2, stats.streams().size());
      lastShare = stats.streams().get(1).advantageShare();
    }
    int ones = 0;
    int pulls = 0;
    for (int k = 0; k < 20; k++) {
      for (float a : actor.act(obs).actions()) {
        ones += (int) a;
        pulls++;
      }
    }
    if (coef == 0) {
      assertEquals(0.0, lastShare, 1e-9, "a stream with coefficient 0 contributes no advantage");
    }
    return ones / (double) pulls;
  }

  @Test
  void thePolicyFollowsTheStreamCoefficients() {
    PpoConfig cfg = PpoConfig.builder().learningRate(3e-3).annealLearningRate(false).entropyCoef(0.0).build();
    assertTrue(trainBandit(0.0, cfg) < 0.1, "extrinsic only: arm 0");
    assertTrue(trainBandit(3.0, cfg) > 0.9, "bonus weighted 3x: arm 1");
  }

  @Test
  void a2cIsAConfigurationThatLearnsToo() {
    assertTrue(trainBandit(0.0, PpoConfig.a2c(3e-3)) < 0.1);
  }

  @Test
  void streamCountMustMatchTheHeads() {
    RewardStream ext = RewardStream.extrinsic(0.9);
    Ppo ppo = new Ppo(PpoConfig.defaults(), NetworkConfig.defaults(), new LearnerSpec(new int[] {2}, new Discrete(2), List.of(ext), 1, 1));
    INDArray o = Nd4j.ones(DataType.FLOAT, 2, 1, 2);
    INDArray z = Nd4j.zeros(DataType.FLOAT, 2, 1);
    Trajectory r = Trajectory.builder(2).observations(o).nextObservations(o).actions(z).rewards(z)
        .terminated(z).truncated(z).logProbs(z).build();
    RewardStreams two = new RewardStreams(List.of(ext, new RewardStream("x", 0.9, false, 1)), List.of(z, z));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ppo.learn(r, two));
    assertTrue(e.getMessage().contains("1 value heads"), e.getMessage());
  }

  @Test
  void streamNamesOrderAndShapesMustMatchTheHeads() {
    RewardStream ext = RewardStream.extrinsic(0.9);
    RewardStream bonus = new RewardStream("bonus", 0.9, false, 1);
    Ppo ppo = new Ppo(PpoConfig.defaults(), NetworkConfig.defaults(), new LearnerSpec(new int[] {2}, new Discrete(2), List.of(ext, bonus), 1, 1));
    INDArray o = Nd4j.ones(DataType.FLOAT, 2, 1, 2);
    INDArray z = Nd4j.zeros(DataType.FLOAT, 2, 1);
    Trajectory r = Trajectory.builder(2).observations(o).nextObservations(o).actions(z).rewards(z)
        .terminated(z).truncated(z).logProbs(z).build();
    RewardStreams swapped = new RewardStreams(List.of(bonus, ext), List.of(z, z));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ppo.learn(r, swapped));
    assertEquals("PPO's value head 0 is for stream 'extrinsic' but reward stream 0 is 'bonus' (heads [extrinsic, bonus],"
        + " streams [bonus, extrinsic])", e.getMessage());
    RewardStreams flat = new RewardStreams(List.of(ext, bonus), List.of(z, Nd4j.zeros(DataType.FLOAT, 2)));
    e = assertThrows(IllegalArgumentException.class, () -> ppo.learn(r, flat));
    assertEquals("reward stream 'bonus' has shape [2]; the rollout needs [T, N] = [2, 1]", e.getMessage());
  }

  /** 11 rows in 4 minibatches: sizes 2, 3, 3, 3, every row used, exactly 4 optimiser steps per epoch. */
  @Test
  void everyRowIsUsedInExactlyTheConfiguredMinibatches() {
    RewardStream ext = RewardStream.extrinsic(0.9);
    PpoConfig cfg = PpoConfig.builder().learningRate(1e-3).annealLearningRate(false).epochs(3).entropyCoef(0.0)
        .build();
    Ppo ppo = new Ppo(cfg, NetworkConfig.defaults(), new LearnerSpec(new int[] {2}, new Discrete(2), List.of(ext), 1, 1));
    int t = 11;
    INDArray o = Nd4j.rand(DataType.FLOAT, t, 1, 2);
    INDArray z = Nd4j.zeros(DataType.FLOAT, t, 1);
    INDArray r = Nd4j.rand(DataType.FLOAT, t, 1);
    Trajectory rollout = Trajectory.builder(2).observations(o).nextObservations(o).actions(z).rewards(r)
        .terminated(z).truncated(z).logProbs(z).build();
    long before = ppo.save().child("network").child("parameters").getLong("steps");
    ppo.learn(rollout, new RewardStreams(List.of(ext), List.of(r)));
    assertEquals(3 * 4, ppo.save().child("network").child("parameters").getLong("steps") - before, "3 epochs x 4 minibatches");
  }
}
