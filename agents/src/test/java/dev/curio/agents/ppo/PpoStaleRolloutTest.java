package dev.curio.agents.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.LearnerSpec;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.core.space.Discrete;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A rollout acted by older parameters than the learner's (PPO's actor threads): the decoupled objective
 * of Hilton et al. 2021. The clipped ratio is taken against the learner's current policy, and each row's
 * advantage is weighted by proximal / behaviour probability.
 */
class PpoStaleRolloutTest {
  private static final int T = 8;
  private static final int N = 4;
  private static final RewardStream EXT = RewardStream.extrinsic(0.9);

  /** One epoch of one minibatch, so the learn call's statistics are its first minibatch's. */
  private static Ppo learner() {
    return learner(true);
  }

  private static Ppo learner(boolean normalizeAdvantages) {
    PpoConfig cfg = PpoConfig.builder().learningRate(0.01).annealLearningRate(false).epochs(1).minibatches(1)
        .normalizeAdvantages(normalizeAdvantages).build();
    return new Ppo(cfg, NetworkConfig.defaults(), new LearnerSpec(new int[] {3}, new Discrete(2), List.of(EXT), 10, 7,
        1));
  }

  /** A random rollout with the given log-probabilities of its actions and acting version. */
  private static Trajectory rollout(Random r, float[] logProbs, long version) {
    float[] obs = new float[T * N * 3];
    float[] next = new float[T * N * 3];
    float[] acts = new float[T * N];
    float[] rew = new float[T * N];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = (float) r.nextGaussian();
      next[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < T * N; i++) {
      acts[i] = r.nextInt(2);
      rew[i] = r.nextDouble() < 0.3 ? 1 : 0;
    }
    long[] tn = {T, N};
    long[] versions = new long[T * N];
    Arrays.fill(versions, version);
    return Trajectory.builder(3)
        .observations(Nd4j.create(obs, new long[] {T, N, 3}, DataType.FLOAT))
        .nextObservations(Nd4j.create(next, new long[] {T, N, 3}, DataType.FLOAT))
        .actions(Nd4j.create(acts, tn, DataType.FLOAT))
        .rewards(Nd4j.create(rew, tn, DataType.FLOAT))
        .terminated(Nd4j.zeros(DataType.FLOAT, T, N))
        .truncated(Nd4j.zeros(DataType.FLOAT, T, N))
        .logProbs(Nd4j.create(logProbs, tn, DataType.FLOAT))
        .versions(versions)
        .build();
  }

  private static float[] logProbs(Ppo p, Trajectory t) {
    INDArray params = p.policy().forward(t.flatObservations()).params();
    return Host.floats(p.policy().distribution().logProb(params, t.actions().reshape((long) T * N, 1)));
  }

  private static LearnerStats learn(Ppo p, Trajectory t) {
    return p.learn(t, new RewardStreams(List.of(EXT), List.of(t.rewards())));
  }

  /**
   * The weights reach the loss: rows whose behaviour probability was e^50 times the proximal one weigh
   * about e^-50, so the policy loss (the weighted surrogate, advantages not normalised) is about 0; with
   * the behaviour log-probabilities equal to the proximal ones it is not.
   */
  @Test
  void theImportanceWeightsScaleThePolicyLoss() {
    double[] losses = new double[2];
    for (int c = 0; c < 2; c++) {
      Ppo p = learner(false);
      learn(p, rollout(new Random(4), logProbs(p, rollout(new Random(4), new float[T * N], 0)), 0));
      Trajectory rows = rollout(new Random(3), new float[T * N], 0);
      float[] behaviour = logProbs(p, rows);
      for (int i = 0; i < behaviour.length; i++) {
        behaviour[i] += c == 0 ? 50f : 0f;
      }
      losses[c] = learn(p, rollout(new Random(3), behaviour, 0)).policyLoss();
    }
    assertEquals(0.0, losses[0], 1e-12, "weights of e^-50");
    assertTrue(Math.abs(losses[1]) > 1e-4, "weights of 1: policy loss " + losses[1]);
  }

  @Test
  void aStaleRolloutIsClippedAgainstTheLearnersPolicyAndWeightedByProximalOverBehaviour() {
    Ppo p = learner();
    Random r = new Random(3);
    // the rollout's log-probabilities are the version-0 policy's (what acted)
    Trajectory shape = rollout(r, new float[T * N], 0);
    float[] behaviour = logProbs(p, shape);
    Trajectory acted = rollout(new Random(3), behaviour, 0);
    learn(p, rollout(new Random(4), logProbs(p, rollout(new Random(4), new float[T * N], 0)), 0));
    assertEquals(1, p.policy().version());
    assertNull(p.lastImportanceWeights(), "a rollout of the learner's own parameters has no weights");

    // the learner is at version 1; the rollout acted with version 0
    float[] proximal = logProbs(p, acted);
    LearnerStats stale = learn(p, acted);
    float[] w = p.lastImportanceWeights();
    double moved = 0;
    for (int i = 0; i < T * N; i++) {
      assertEquals((float) Math.min(Math.exp((double) proximal[i] - behaviour[i]), Ppo.IMPORTANCE_MAX), w[i], 1e-6f,
          "row " + i);
      moved = Math.max(moved, Math.abs(proximal[i] - behaviour[i]));
    }
    assertTrue(moved > 1e-3, "the first update moved the policy: largest log-probability change " + moved);
    // one minibatch from the learner's own parameters: the ratio to the proximal policy is 1
    assertEquals(0.0, stale.approxKl(), 1e-6);
    assertEquals(0.0, stale.clipFraction(), 0.0);

    // the same rows as if they had been acted by the learner's version: the ratio is to the behaviour policy
    Ppo q = learner();
    learn(q, rollout(new Random(4), logProbs(q, rollout(new Random(4), new float[T * N], 0)), 0));
    LearnerStats coupled = learn(q, rollout(new Random(3), behaviour, 1));
    assertNull(q.lastImportanceWeights());
    assertTrue(coupled.approxKl() > 1e-6, "against the behaviour policy the ratio is not 1: " + coupled.approxKl());
  }
}
