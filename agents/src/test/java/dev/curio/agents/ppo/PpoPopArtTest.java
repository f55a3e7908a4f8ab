package dev.curio.agents.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.LearnerSpec;
import dev.curio.agents.math.PopArt;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.core.space.Discrete;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** PPO with PopArt: scale invariance, per-task statistics, checkpoints. */
class PpoPopArtTest {
  private static final int T = 8;
  private static final int N = 4;
  private static final RewardStream EXT = RewardStream.extrinsic(0.9);

  private static Ppo learner(String valueNorm, int tasks, double beta) {
    PpoConfig cfg = PpoConfig.builder().learningRate(1e-3).annealLearningRate(false).valueNorm(valueNorm)
        .popartBeta(beta).build();
    return new Ppo(cfg, NetworkConfig.defaults(), new LearnerSpec(new int[] {3}, new Discrete(2), List.of(EXT), 10, 7,
        tasks));
  }

  /** A random rollout whose column c's rewards are multiplied by {@code scale[c]}. */
  private static Trajectory rollout(Random r, int[] taskIds, double[] scale) {
    float[] obs = new float[T * N * 3];
    float[] next = new float[T * N * 3];
    float[] acts = new float[T * N];
    float[] rew = new float[T * N];
    float[] term = new float[T * N];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = (float) r.nextGaussian();
      next[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < T * N; i++) {
      acts[i] = r.nextInt(2);
      rew[i] = (float) (scale[i % N] * (r.nextDouble() < 0.3 ? 1 + r.nextDouble() : 0));
      term[i] = r.nextDouble() < 0.2 ? 1 : 0;
    }
    long[] tn = {T, N};
    return Trajectory.builder(3)
        .observations(Nd4j.create(obs, new long[] {T, N, 3}, DataType.FLOAT))
        .nextObservations(Nd4j.create(next, new long[] {T, N, 3}, DataType.FLOAT))
        .actions(Nd4j.create(acts, tn, DataType.FLOAT))
        .rewards(Nd4j.create(rew, tn, DataType.FLOAT))
        .terminated(Nd4j.create(term, tn, DataType.FLOAT))
        .truncated(Nd4j.zeros(DataType.FLOAT, T, N))
        .logProbs(Nd4j.valueArrayOf(tn, (float) Math.log(0.5), DataType.FLOAT))
        .taskIds(taskIds)
        .build();
  }

  private static RewardStreams streams(Trajectory t) {
    return new RewardStreams(List.of(EXT), List.of(t.rewards()));
  }

  /**
   * Rewards times 1000, with statistics that start 1000 times larger too: everything PopArt feeds
   * the networks is unitless, so the normalised advantages (and the values, 1000x) agree step after
   * step, to float32 rounding.
   */
  @Test
  void rewardsScaledBy1000GiveTheSameNormalisedAdvantages() {
    Ppo small = learner("popart", 1, 0.05);
    Ppo large = learner("popart", 1, 0.05);
    Snapshot warm = small.save();
    PopArt.State s = small.valueStatistics();
    warm.putChild("popart", new Snapshot().putString("valueNorm", "popart").putDoubles("mu", times(s.mu(), 1000)).putDoubles("nu", times(s.nu(), 1e6))
        .putDoubles("sigma", times(s.sigma(), 1000)));
    large.restore(warm);
    Random a = new Random(3);
    Random b = new Random(3);
    int[] tasks = new int[N];
    double[] ones = {1, 1, 1, 1};
    double[] thousands = {1000, 1000, 1000, 1000};
    for (int it = 0; it < 6; it++) {
      Trajectory ta = rollout(a, tasks, ones);
      Trajectory tb = rollout(b, tasks, thousands);
      small.learn(ta, streams(ta));
      large.learn(tb, streams(tb));
      float[] x = small.lastAdvantages();
      float[] y = large.lastAdvantages();
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i], y[i], 1e-3 * (1 + Math.abs(x[i])), "iteration " + it + ", row " + i);
      }
    }
    assertEquals(1000 * small.valueStatistics().sigma()[0], large.valueStatistics().sigma()[0],
        1e-3 * large.valueStatistics().sigma()[0]);
    INDArray probe = Nd4j.rand(DataType.FLOAT, 5, 3);
    float[] vs = Host.floats(small.policy().forward(probe).values());
    float[] vl = Host.floats(large.policy().forward(probe).values());
    for (int i = 0; i < vs.length; i++) {
      assertEquals(1000 * vs[i], vl[i], 1e-2 * (1 + Math.abs(vl[i])));
    }
  }

  private static double[] times(double[] v, double c) {
    double[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= c;
    }
    return out;
  }

  /**
   * Two tasks, rewards of scale 1 and 1000, one policy: PopArt keeps statistics per task, so both
   * tasks' advantages reach the policy in comparable units; without normalisation task 1's are about
   * a thousand times task 0's.
   */
  @Test
  void perTaskStatisticsPutBothTasksAdvantagesInOneUnit() {
    int[] tasks = {0, 0, 1, 1};
    double[] scale = {1, 1, 1000, 1000};
    Ppo popart = learner("popart", 2, 0.05);
    Ppo none = learner("none", 2, 0.05);
    Random a = new Random(5);
    Random b = new Random(5);
    for (int it = 0; it < 8; it++) {
      Trajectory ta = rollout(a, tasks, scale);
      popart.learn(ta, streams(ta));
      Trajectory tb = rollout(b, tasks, scale);
      none.learn(tb, streams(tb));
    }
    double[] sigma = popart.valueStatistics().sigma();
    assertEquals(2, sigma.length, "one statistic per (task, stream)");
    assertTrue(sigma[1] / sigma[0] > 300 && sigma[1] / sigma[0] < 3000, "task sigmas " + sigma[0] + ", " + sigma[1]);
    double ratioPopart = meanAbs(popart.lastAdvantages(), 1) / meanAbs(popart.lastAdvantages(), 0);
    double ratioNone = meanAbs(none.lastAdvantages(), 1) / meanAbs(none.lastAdvantages(), 0);
    assertTrue(ratioPopart > 0.2 && ratioPopart < 5, "popart: task 1 / task 0 mean |advantage| = " + ratioPopart);
    assertTrue(ratioNone > 100, "none: task 1 / task 0 mean |advantage| = " + ratioNone);
    // the policy gives each row its own task's values: task 1's are on the 1000 scale
    INDArray probe = Nd4j.rand(DataType.FLOAT, 2, 3);
    float[] v = Host.floats(popart.policy().forward(probe, new int[] {0, 1}).values());
    assertTrue(Math.abs(v[1]) > 50 * Math.abs(v[0]), "values " + v[0] + ", " + v[1]);
  }

  private static double meanAbs(float[] adv, int task) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < adv.length; i++) {
      if ((i % N) / 2 == task) {
        sum += Math.abs(adv[i]);
        count++;
      }
    }
    return sum / count;
  }

  @Test
  void aResumedLearnerContinuesBitIdentically() throws Exception {
    int[] tasks = {0, 1, 0, 1};
    double[] scale = {1, 50, 1, 50};
    Ppo run = learner("popart", 2, 0.01);
    Random r = new Random(9);
    for (int it = 0; it < 2; it++) {
      Trajectory t = rollout(r, tasks, scale);
      run.learn(t, streams(t));
    }
    Snapshot checkpoint = Snapshot.fromBytes(run.save().toBytes());
    List<Trajectory> later = List.of(rollout(r, tasks, scale), rollout(r, tasks, scale));
    for (Trajectory t : later) {
      run.learn(t, streams(t));
    }
    Ppo resumed = learner("popart", 2, 0.01);
    resumed.restore(checkpoint);
    for (Trajectory t : later) {
      resumed.learn(t, streams(t));
    }
    assertArrayEquals(run.network().parameters(), resumed.network().parameters());
    assertArrayEquals(run.valueStatistics().mu(), resumed.valueStatistics().mu());
    assertArrayEquals(run.valueStatistics().nu(), resumed.valueStatistics().nu());
    assertArrayEquals(run.valueStatistics().sigma(), resumed.valueStatistics().sigma());
  }

  /**
   * The values an actor recorded with the current parameters (the loop's shortcut: no second forward
   * pass) are the values the learner would compute itself: both learn to the same bits.
   */
  @Test
  void valuesRecordedWhileActingAreTheLearnersOwn() {
    int[] tasks = {0, 1, 0, 1};
    double[] scale = {1, 30, 1, 30};
    Ppo withValues = learner("popart", 2, 0.05);
    Ppo without = learner("popart", 2, 0.05);
    Random a = new Random(4);
    Random b = new Random(4);
    for (int it = 0; it < 3; it++) {
      Trajectory ta = rollout(a, tasks, scale);
      Trajectory tb = rollout(b, tasks, scale);
      INDArray obs = ta.flatObservations();
      int[] rowTasks = new int[T * N];
      for (int i = 0; i < rowTasks.length; i++) {
        rowTasks[i] = tasks[i % N];
      }
      INDArray v = withValues.policy().forward(obs, rowTasks).values().reshape(T, N, 1);
      long[] versions = new long[T * N];
      java.util.Arrays.fill(versions, withValues.policy().version());
      Trajectory recorded = Trajectory.builder(3).observations(ta.observations()).nextObservations(ta.nextObservations())
          .actions(ta.actions()).rewards(ta.rewards()).terminated(ta.terminated()).truncated(ta.truncated())
          .logProbs(ta.logProbs()).values(v).versions(versions).taskIds(tasks).build();
      withValues.learn(recorded, streams(recorded));
      // acted by the learner's own version too (a trajectory without versions would count as acted by version
      // 0, a stale one), only without the values
      Trajectory own = Trajectory.builder(3).observations(tb.observations()).nextObservations(tb.nextObservations())
          .actions(tb.actions()).rewards(tb.rewards()).terminated(tb.terminated()).truncated(tb.truncated())
          .logProbs(tb.logProbs()).versions(versions).taskIds(tasks).build();
      without.learn(own, streams(own));
    }
    assertArrayEquals(without.network().parameters(), withValues.network().parameters());
    assertArrayEquals(without.valueStatistics().mu(), withValues.valueStatistics().mu());
  }

  /** A copy of the policy (an actor elsewhere) that loads what the learner publishes gives the learner's values. */
  @Test
  void publishedParametersCarryTheValueScale() {
    int[] tasks = {0, 0, 1, 1};
    Ppo run = learner("popart", 2, 0.05);
    Trajectory t = rollout(new Random(2), tasks, new double[] {1, 1, 500, 500});
    run.learn(t, streams(t));
    Ppo copy = learner("popart", 2, 0.05);
    copy.policy().load(run.publish());
    INDArray probe = Nd4j.rand(DataType.FLOAT, 3, 3);
    int[] ids = {0, 1, 1};
    assertArrayEquals(Host.floats(run.policy().forward(probe, ids).values()),
        Host.floats(copy.policy().forward(probe, ids).values()));
  }

  /** A refused trajectory changes nothing: not the statistics, not the head. */
  @Test
  void aRefusedTrajectoryLeavesTheLearnerAsItWas() {
    Ppo run = learner("popart", 1, 0.05);
    Trajectory good = rollout(new Random(6), new int[N], new double[] {1, 1, 1, 1});
    run.learn(good, streams(good));
    float[] params = run.network().parameters();
    double[] mu = run.valueStatistics().mu();
    INDArray acts = good.actions().dup();
    acts.putScalar(5, 7);
    Trajectory bad = Trajectory.builder(3).observations(good.observations()).nextObservations(good.nextObservations())
        .actions(acts).rewards(good.rewards()).terminated(good.terminated()).truncated(good.truncated())
        .logProbs(good.logProbs()).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.learn(bad, streams(bad)));
    assertTrue(e.getMessage().contains("outside 0..1"), e.getMessage());
    assertArrayEquals(params, run.network().parameters());
    assertArrayEquals(mu, run.valueStatistics().mu());
  }

  /** A MultiDiscrete learner refuses a component outside its range before anything changes, naming component and row. */
  @Test
  void aMultiDiscreteComponentOutOfRangeIsRefusedAndChangesNothing() {
    Ppo run = new Ppo(PpoConfig.builder().learningRate(1e-3).annealLearningRate(false).build(), NetworkConfig.defaults(),
        new LearnerSpec(new int[] {3}, new dev.curio.core.space.MultiDiscrete(new int[] {2, 4}), List.of(EXT), 10, 7,
            1));
    Trajectory good = rollout(new Random(9), new int[N], new double[] {1, 1, 1, 1});
    float[] acts = new float[T * N * 2];
    for (int i = 0; i < T * N; i++) {
      acts[2 * i] = (float) good.actions().getDouble(i / N, i % N);
      acts[2 * i + 1] = i % 4;
    }
    acts[2 * 5 + 1] = 4; // row 5's message: outside 0..3
    Trajectory bad = Trajectory.builder(3).observations(good.observations()).nextObservations(good.nextObservations())
        .actions(Nd4j.create(acts, new long[] {T, N, 2}, DataType.FLOAT)).rewards(good.rewards())
        .terminated(good.terminated()).truncated(good.truncated()).logProbs(good.logProbs()).build();
    float[] params = run.network().parameters();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.learn(bad, streams(bad)));
    assertEquals("rollout action component 1 is 4.0 at row 5, outside 0..3", e.getMessage());
    assertArrayEquals(params, run.network().parameters());
  }

  @Test
  void checkpointsOfAnotherValueNormOrTaskCountAreRefusedByEntry() {
    Snapshot plain = learner("none", 1, 0.01).save();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learner("popart", 1, 0.01).restore(plain));
    assertTrue(e.getMessage().contains("'learner/popart' is missing"), e.getMessage());
    Snapshot withStats = learner("popart", 1, 0.01).save();
    e = assertThrows(IllegalArgumentException.class, () -> learner("none", 1, 0.01).restore(withStats));
    assertTrue(e.getMessage().contains("ppo.valueNorm none"), e.getMessage());
    Snapshot shared = learner("shared", 1, 0.01).save();
    e = assertThrows(IllegalArgumentException.class, () -> learner("popart", 1, 0.01).restore(shared));
    assertTrue(e.getMessage().contains("'learner/popart/valueNorm' is shared"), e.getMessage());
    Snapshot twoTasks = learner("popart", 2, 0.01).save();
    e = assertThrows(IllegalArgumentException.class, () -> learner("popart", 3, 0.01).restore(twoTasks));
    assertTrue(e.getMessage().contains("'learner/tasks' is 2"), e.getMessage());
    Snapshot broken = learner("popart", 1, 0.01).save();
    broken.child("popart").putDoubles("sigma", new double[] {0});
    e = assertThrows(IllegalArgumentException.class, () -> learner("popart", 1, 0.01).restore(broken));
    assertTrue(e.getMessage().contains("sigma > 0"), e.getMessage());
  }

  @Test
  void columnsOfUnknownTasksAreRefused() {
    Trajectory t = rollout(new Random(1), new int[] {0, 1, 2, 0}, new double[] {1, 1, 1, 1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learner("popart", 2, 0.01)
        .learn(t, streams(t)));
    assertEquals("trajectory column 2 is of task 2; this learner was built for 2 task(s) (ids 0..1)", e.getMessage());
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> learner("none", 2, 0.01)
        .policy().forward(Nd4j.rand(DataType.FLOAT, 2, 3)));
    assertTrue(single.getMessage().contains("2 tasks"), single.getMessage());
  }
}
