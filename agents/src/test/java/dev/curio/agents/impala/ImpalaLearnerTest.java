package dev.curio.agents.impala;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.Actor;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyActor;
import dev.curio.agents.dist.Categorical;
import dev.curio.agents.net.ActorCritic;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.net.VtraceLoss;
import dev.curio.agents.ppo.Ppo;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.space.Discrete;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImpalaLearnerTest {
  private static final int T = 8;
  private static final int N = 4;
  private static final RewardStream EXT = RewardStream.extrinsic(0.9);
  private static final RewardStream BONUS = new RewardStream("bonus", 0.7, false, 0.5);

  private static ImpalaLearner learner(ImpalaConfig cfg, List<RewardStream> streams) {
    return new ImpalaLearner(cfg, NetworkConfig.defaults(), new LearnerSpec(new int[] {3}, new Discrete(3), streams,
        10, 7));
  }

  private static ImpalaConfig cfg() {
    return ImpalaConfig.builder().learningRate(1e-2).build();
  }

  /**
   * A random rollout with terminations and truncations; the behaviour log-probabilities are
   * {@code logp} when given, else those of a uniform policy.
   */
  private static Trajectory.Builder rollout(Random r) {
    float[] obs = new float[T * N * 3];
    float[] next = new float[T * N * 3];
    float[] acts = new float[T * N];
    float[] rew = new float[T * N];
    float[] term = new float[T * N];
    float[] trunc = new float[T * N];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = (float) r.nextGaussian();
      next[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < T * N; i++) {
      acts[i] = r.nextInt(3);
      rew[i] = r.nextDouble() < 0.3 ? (float) (1 + r.nextDouble()) : 0f;
      double u = r.nextDouble();
      term[i] = u < 0.15 ? 1 : 0;
      trunc[i] = u >= 0.15 && u < 0.25 ? 1 : 0;
    }
    long[] tn = {T, N};
    return Trajectory.builder(3)
        .observations(Nd4j.create(obs, new long[] {T, N, 3}, DataType.FLOAT))
        .nextObservations(Nd4j.create(next, new long[] {T, N, 3}, DataType.FLOAT))
        .actions(Nd4j.create(acts, tn, DataType.FLOAT))
        .rewards(Nd4j.create(rew, tn, DataType.FLOAT))
        .terminated(Nd4j.create(term, tn, DataType.FLOAT))
        .truncated(Nd4j.create(trunc, tn, DataType.FLOAT))
        .logProbs(Nd4j.valueArrayOf(tn, (float) Math.log(1.0 / 3), DataType.FLOAT));
  }

  private static RewardStreams streams(Trajectory t, Random r) {
    float[] bonus = new float[T * N];
    for (int i = 0; i < bonus.length; i++) {
      bonus[i] = (float) r.nextDouble();
    }
    return new RewardStreams(List.of(EXT, BONUS), List.of(t.rewards(), Nd4j.create(bonus, new long[] {T, N},
        DataType.FLOAT)));
  }

  /** The policy's own log-probabilities of the rollout's actions: behaviour and learner agree, every ratio is 1. */
  private static Trajectory onPolicy(ImpalaLearner l, Trajectory.Builder b, boolean withValues) {
    Trajectory t = b.build();
    Policy.Output out = l.policy().forward(t.flatObservations());
    INDArray logp = l.policy().distribution().logProb(out.params(), t.flatActions()).reshape(T, N);
    b.logProbs(logp);
    if (withValues) {
      b.values(out.values().reshape(T, N, 2));
    }
    return b.build();
  }

  /**
   * With every ratio 1 and lambda 1 the V-trace target is {@code vs_t = r_t + gamma vs_{t+1}} (or its
   * bootstrap at an episode end), so the policy-gradient advantage {@code r_t + gamma vs_{t+1} - V(x_t)}
   * is {@code vs_t - V(x_t)}: the mixed advantage is {@code sum_s coef_s (vs_s - V_s)}.
   */
  @Test
  void onPolicyWithLambdaOneTheAdvantageIsTheTargetMinusTheValueMixedByCoefficient() {
    ImpalaLearner l = learner(cfg(), List.of(EXT, BONUS));
    Random r = new Random(3);
    Trajectory t = onPolicy(l, rollout(r), false);
    INDArray values = l.policy().forward(t.flatObservations()).values();
    l.learn(t, streams(t, r));
    float[] v0 = Host.floats(values.getColumn(0));
    float[] v1 = Host.floats(values.getColumn(1));
    for (int i = 0; i < T * N; i++) {
      double expected = (l.lastTargets()[0][i] - v0[i]) + 0.5 * (l.lastTargets()[1][i] - v1[i]);
      assertEquals(expected, l.lastAdvantages()[i], 1e-5, "row " + i);
    }
  }

  /** The values an actor recorded with the current parameters give the same update as the learner's own pass. */
  @Test
  void recordedValuesOfTheCurrentVersionAreUsedAndAgree() {
    ImpalaLearner recorded = learner(cfg(), List.of(EXT, BONUS));
    ImpalaLearner computed = learner(cfg(), List.of(EXT, BONUS));
    Trajectory a = onPolicy(recorded, rollout(new Random(5)), true);
    Trajectory b = onPolicy(computed, rollout(new Random(5)), false);
    recorded.learn(a, streams(a, new Random(6)));
    computed.learn(b, streams(b, new Random(6)));
    assertArrayEquals(computed.lastAdvantages(), recorded.lastAdvantages(), 1e-5f);
    assertArrayEquals(computed.lastTargets()[1], recorded.lastTargets()[1], 1e-5f);
    assertArrayEquals(computed.network().parameters(), recorded.network().parameters(), 1e-5f);
  }

  /**
   * The first pass over an on-policy batch has ratios 1 (no KL, nothing clipped); a second pass, over the one
   * minibatch again after the first step, evaluates a moved policy (KL above 0). That the second pass's V-trace
   * targets use the recomputed ratios is not checked here.
   */
  @Test
  void aSecondPassSeesImportanceWeightsOtherThanOne() {
    ImpalaLearner one = learner(cfg(), List.of(EXT, BONUS));
    Trajectory t = onPolicy(one, rollout(new Random(8)), true);
    LearnerStats first = one.learn(t, streams(t, new Random(9)));
    assertEquals(0.0, first.approxKl(), 1e-7);
    assertEquals(0.0, first.clipFraction());

    ImpalaLearner two = learner(ImpalaConfig.builder().learningRate(1e-2).epochs(2).minibatches(1).build(),
        List.of(EXT, BONUS));
    Trajectory u = onPolicy(two, rollout(new Random(8)), true);
    LearnerStats both = two.learn(u, streams(u, new Random(9)));
    assertTrue(both.approxKl() > 0, "the second pass's learner has moved: " + both.approxKl());
    assertEquals(1, two.policy().version());
  }

  /** The loss as written: -mean(A log pi) - c_H mean(H) + c_V 0.5 mean(sum_k (V_k - vs_k)^2), by hand in double. */
  @Test
  void theLossIsThePolicyGradientValueAndEntropyTerms() {
    double[][] logits = {{0.2, -0.4, 1.0}, {0.0, 0.3, -0.1}};
    int[] act = {2, 0};
    double[] adv = {1.5, -0.7};
    double[] behaviour = {Math.log(0.5), Math.log(0.2)};
    double[][] v = {{0.4, -1.0}, {2.0, 0.5}};
    double[][] vs = {{1.0, -0.5}, {1.5, 0.0}};
    float[] labels = new float[2 * 3];
    float[] targets = new float[4];
    for (int i = 0; i < 2; i++) {
      labels[i * 3] = act[i];
      labels[i * 3 + 1] = (float) adv[i];
      labels[i * 3 + 2] = (float) behaviour[i];
      targets[i * 2] = (float) vs[i][0];
      targets[i * 2 + 1] = (float) vs[i][1];
    }
    VtraceLoss loss = new VtraceLoss(Nd4j.create(labels, new long[] {2, 3}, DataType.FLOAT),
        Nd4j.create(targets, new long[] {2, 2}, DataType.FLOAT), 0.01, 0.5, 1.0);
    Tape t = Tape.inference();
    Var p = t.constant(Nd4j.createFromArray(logits).castTo(DataType.FLOAT));
    Var values = t.constant(Nd4j.createFromArray(v).castTo(DataType.FLOAT));
    ActorCritic.Terms terms = loss.of(t, new Categorical(3), p, values);

    double pg = 0, ent = 0, val = 0, kl = 0, clipped = 0;
    for (int i = 0; i < 2; i++) {
      double z = 0;
      for (double x : logits[i]) {
        z += Math.exp(x);
      }
      double logp = logits[i][act[i]] - Math.log(z);
      pg += -adv[i] * logp / 2;
      for (double x : logits[i]) {
        double pi = Math.exp(x) / z;
        ent += -pi * Math.log(pi) / 2;
      }
      for (int k = 0; k < 2; k++) {
        val += 0.5 * (v[i][k] - vs[i][k]) * (v[i][k] - vs[i][k]) / 2;
      }
      double q = Math.exp(logp - behaviour[i]);
      kl += (q - 1 - Math.log(q)) / 2;
      clipped += q > 1.0 ? 0.5 : 0;
    }
    assertEquals(pg, terms.policyLoss(), 1e-6);
    assertEquals(ent, terms.entropy(), 1e-6);
    assertEquals(val, terms.valueLoss(), 1e-6);
    assertEquals(pg - 0.01 * ent + 0.5 * val, terms.total().scalar(), 1e-6);
    assertEquals(kl, terms.approxKl(), 1e-6);
    assertEquals(clipped, terms.clipFraction(), 1e-9);
  }

  @Test
  void aResumedLearnerContinuesBitIdentically() throws Exception {
    ImpalaConfig c = ImpalaConfig.builder().learningRate(3e-3).epochs(2).minibatches(3).normalizeAdvantages(true)
        .build();
    ImpalaLearner run = learner(c, List.of(EXT, BONUS));
    Random r = new Random(11);
    for (int it = 0; it < 2; it++) {
      Trajectory t = rollout(r).build();
      run.learn(t, streams(t, r));
    }
    Snapshot checkpoint = Snapshot.fromBytes(run.save().toBytes());
    List<Trajectory> later = List.of(rollout(r).build(), rollout(r).build());
    List<RewardStreams> laterStreams = List.of(streams(later.get(0), r), streams(later.get(1), r));
    for (int i = 0; i < 2; i++) {
      run.learn(later.get(i), laterStreams.get(i));
    }
    ImpalaLearner resumed = learner(c, List.of(EXT, BONUS));
    resumed.restore(checkpoint);
    assertEquals(2, resumed.policy().version());
    for (int i = 0; i < 2; i++) {
      resumed.learn(later.get(i), laterStreams.get(i));
    }
    assertArrayEquals(run.network().parameters(), resumed.network().parameters());
    assertArrayEquals(Snapshot.fromBytes(run.save().toBytes()).toBytes(),
        Snapshot.fromBytes(resumed.save().toBytes()).toBytes());
  }

  @Test
  void checkpointsOfTheOtherLearnerAreRefusedInOneLine() {
    LearnerSpec spec = new LearnerSpec(new int[] {3}, new Discrete(3), List.of(EXT), 10, 7);
    Ppo ppo = new Ppo(PpoConfig.defaults(), NetworkConfig.defaults(), spec);
    ImpalaLearner impala = new ImpalaLearner(ImpalaConfig.defaults(), NetworkConfig.defaults(), spec);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> impala.restore(ppo.save()));
    assertEquals("checkpoint entry 'learner/kind' is ppo, this run's learner is impala; resume it with the learner it"
        + " was trained with", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ppo.restore(impala.save()));
    assertEquals("checkpoint entry 'learner/kind' is impala, this run's learner is ppo; resume it with the learner it"
        + " was trained with", e.getMessage());
  }

  @Test
  void badSettingsFailInOneLineNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> ImpalaConfig.builder().cBar(0).build());
    assertEquals("impala.cBar: must be a finite number > 0, got 0.0", e.getMessage());
    e = assertThrows(ConfigException.class, () -> ImpalaConfig.builder().lambda(1.5).build());
    assertEquals("impala.lambda: must be in [0.0, 1.0], got 1.5", e.getMessage());
    e = assertThrows(ConfigException.class, () -> ImpalaConfig.builder().minibatches(0).build());
    assertEquals("impala.minibatches: must be >= 1, got 0", e.getMessage());
    assertEquals(ImpalaConfig.defaults(), ImpalaConfig.defaults().toBuilder().build());
  }

  @Test
  void streamsMustMatchTheHeads() {
    ImpalaLearner l = learner(cfg(), List.of(EXT, BONUS));
    Trajectory t = rollout(new Random(1)).build();
    RewardStreams swapped = new RewardStreams(List.of(BONUS, EXT), List.of(t.rewards(), t.rewards()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.learn(t, swapped));
    assertEquals("IMPALA's value head 0 is for stream 'extrinsic' but reward stream 0 is 'bonus' (heads [extrinsic,"
        + " bonus], streams [bonus, extrinsic])", e.getMessage());
    assertEquals(0, l.policy().version(), "a refused trajectory changes nothing");
  }

  /**
   * A two-armed bandit whose extrinsic stream pays for arm 0 and whose second stream pays for arm 1:
   * the arm IMPALA learns follows the streams' coefficients.
   */
  @Test
  void thePolicyFollowsTheStreamCoefficients() {
    assertTrue(armOnePulls(0.0) < 0.1, "extrinsic only: arm 0");
    assertTrue(armOnePulls(3.0) > 0.9, "bonus weighted 3x: arm 1");
  }

  private static double armOnePulls(double coef) {
    RewardStream ext = RewardStream.extrinsic(0.0);
    RewardStream bonus = new RewardStream("bonus", 0.0, true, coef);
    ImpalaLearner l = new ImpalaLearner(ImpalaConfig.builder().learningRate(3e-3).entropyCoef(0).build(),
        NetworkConfig.defaults(), new LearnerSpec(new int[] {2}, new Discrete(2), List.of(ext, bonus), 30, 4));
    INDArray obs = Nd4j.ones(DataType.FLOAT, T * N, 2);
    Actor actor = PolicyActor.sampling(l.policy(), new Rng(9));
    for (int it = 0; it < 30; it++) {
      // every pull is a one-step episode: all T*N of an iteration in one batched act
      ActionBatch ab = actor.act(obs);
      float[] acts = ab.actions();
      float[] r0 = new float[T * N];
      float[] r1 = new float[T * N];
      for (int k = 0; k < T * N; k++) {
        r0[k] = acts[k] == 0 ? 1f : 0f;
        r1[k] = acts[k] == 1 ? 1f : 0f;
      }
      INDArray o = Nd4j.ones(DataType.FLOAT, T, N, 2);
      Trajectory tr = Trajectory.builder(2).observations(o).nextObservations(o)
          .actions(Nd4j.create(acts, new long[] {T, N}, DataType.FLOAT))
          .rewards(Nd4j.create(r0, new long[] {T, N}, DataType.FLOAT))
          .terminated(Nd4j.ones(DataType.FLOAT, T, N)).truncated(Nd4j.zeros(DataType.FLOAT, T, N))
          .logProbs(Nd4j.create(ab.logProbs(), new long[] {T, N}, DataType.FLOAT)).versions(versions(l.iteration()))
          .build();
      l.learn(tr, new RewardStreams(List.of(ext, bonus), List.of(tr.rewards(),
          Nd4j.create(r1, new long[] {T, N}, DataType.FLOAT))));
    }
    int ones = 0;
    int pulls = 0;
    for (int k = 0; k < 3; k++) {
      for (float a : actor.act(obs).actions()) {
        ones += (int) a;
        pulls++;
      }
    }
    return ones / (double) pulls;
  }

  private static long[] versions(long v) {
    long[] out = new long[T * N];
    java.util.Arrays.fill(out, v);
    return out;
  }
}
