package dev.curio.rewards.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.net.Activation;
import dev.curio.rewards.social.Influence.Divergence;
import dev.curio.rewards.social.ModelOfOtherAgents.Config;
import dev.curio.rewards.social.ModelOfOtherAgents.InfluenceRows;
import dev.curio.rewards.social.ModelOfOtherAgents.Update;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ModelOfOtherAgentsTest {

  /**
   * A synthetic batch of E envs with one row per (env e, agent k), row {@code e N + k}: k's
   * observation is onehot(k) (the caller's way to tell the shared network who it is), the current
   * actions are uniform at random, and at t+1 agent 1 copies agent 0's current action while every
   * other agent acts at random.
   */
  private record Batch(INDArray obs, INDArray actions, INDArray agent, INDArray nextAll) {
    static Batch copying(int envs, int agents, int actions, Rng rng) {
      int rows = envs * agents;
      double[][] obs = new double[rows][agents];
      double[][] act = new double[rows][agents];
      double[][] next = new double[rows][agents];
      double[] agent = new double[rows];
      for (int e = 0; e < envs; e++) {
        double[] now = new double[agents];
        double[] later = new double[agents];
        for (int j = 0; j < agents; j++) {
          now[j] = rng.nextInt(actions);
          later[j] = rng.nextInt(actions);
        }
        later[1] = now[0];
        for (int k = 0; k < agents; k++) {
          int r = e * agents + k;
          obs[r][k] = 1;
          act[r] = now.clone();
          next[r] = later.clone();
          agent[r] = k;
        }
      }
      return new Batch(Nd4j.createFromArray(obs).castTo(DataType.FLOAT), Nd4j.createFromArray(act),
          Nd4j.createFromArray(agent), Nd4j.createFromArray(next));
    }

    int rows() {
      return (int) obs.rows();
    }
  }

  private static ModelOfOtherAgents train(Config config, int steps, int envs, long seed) {
    ModelOfOtherAgents moa = new ModelOfOtherAgents(config, new Rng(seed));
    Rng data = new Rng(seed + 1000);
    for (int s = 0; s < steps; s++) {
      Batch b = Batch.copying(envs, config.agents(), config.actions(), data);
      Update u = moa.update(b.obs(), b.actions(), moa.others(b.nextAll(), b.agent()), ones(b.rows(), config.agents() - 1));
      assertEquals((long) b.rows() * (config.agents() - 1), u.visiblePairs());
    }
    return moa;
  }

  /** All elements of {@code x} in row-major order. */
  private static float[] flat(INDArray x) {
    return x.castTo(DataType.FLOAT).reshape(x.length()).toFloatVector();
  }

  private static INDArray ones(int rows, int cols) {
    return Nd4j.ones(DataType.FLOAT, rows, cols);
  }

  // --- learning ---------------------------------------------------------------------------------

  @Test
  void learnsWhoCopiesWhomAndLeavesTheRandomAgentsNearUniform() {
    Config config = Config.of(3, 3, 3).withHidden(32, 32).withLearningRate(3e-3);
    ModelOfOtherAgents moa = train(config, 300, 128, 5);
    Batch test = Batch.copying(64, 3, 3, new Rng(77));
    INDArray p = moa.predict(test.obs(), test.actions()); // [B, 2, 3]
    double[] randomMean = new double[3];
    int randomPairs = 0;
    for (int r = 0; r < test.rows(); r++) {
      int k = test.agent().getInt(r);
      int a0 = test.actions().getInt(r, 0);
      // others order: k = 0 sees (1, 2), k = 1 sees (0, 2), k = 2 sees (0, 1); agent 1 copies a0
      int copier = k == 0 ? 0 : k == 2 ? 1 : -1;
      for (int i = 0; i < 2; i++) {
        if (i == copier) {
          assertTrue(p.getDouble(r, i, a0) > 0.9, "row " + r + " (k = " + k + "): p(agent 1 takes a0) = "
              + p.getDouble(r, i, a0));
          continue;
        }
        for (int c = 0; c < 3; c++) {
          // SGD on fresh random targets every step leaves each prediction wobbling around 1/3
          assertEquals(1.0 / 3, p.getDouble(r, i, c), 0.2, "row " + r + " (k = " + k + "): other " + i + ", action " + c);
          randomMean[c] += p.getDouble(r, i, c);
        }
        randomPairs++;
      }
    }
    for (int c = 0; c < 3; c++) {
      assertEquals(1.0 / 3, randomMean[c] / randomPairs, 0.05, "mean prediction of action " + c + " for random agents");
    }
  }

  // --- masking ----------------------------------------------------------------------------------

  @Test
  void trainingOnlyOnInvisiblePairsChangesNothing() {
    ModelOfOtherAgents moa = train(Config.of(3, 3, 3).withHidden(8), 2, 4, 3);
    float[] before = moa.parameters().values().toFloatVector();
    byte[] stateBefore = moa.state().toBytes();
    Batch b = Batch.copying(5, 3, 3, new Rng(4));
    Update u = moa.update(b.obs(), b.actions(), moa.others(b.nextAll(), b.agent()), Nd4j.zeros(DataType.FLOAT, 15, 2));
    assertEquals(0, u.visiblePairs());
    assertTrue(Double.isNaN(u.loss()));
    assertArrayEquals(before, moa.parameters().values().toFloatVector(), 0f);
    assertArrayEquals(stateBefore, moa.state().toBytes(), "weights, Adam moments and step count");
    assertEquals(2, moa.parameters().steps());
  }

  @Test
  void theTargetsOfInvisiblePairsDoNotReachTheGradient() {
    ModelOfOtherAgents moa = new ModelOfOtherAgents(Config.of(3, 3, 4).withHidden(16), new Rng(8));
    Batch b = Batch.copying(6, 3, 4, new Rng(9));
    INDArray next = moa.others(b.nextAll(), b.agent());
    double[][] vis = new double[18][2];
    for (int r = 0; r < 18; r++) {
      vis[r][0] = r % 2;
      vis[r][1] = r % 3 == 0 ? 1 : 0;
    }
    INDArray visible = Nd4j.createFromArray(vis);
    moa.gradient(b.obs(), b.actions(), next, visible);
    float[] g = moa.parameters().gradient().toFloatVector();

    INDArray changed = next.dup();
    INDArray otherVisibleChanged = next.dup();
    for (int r = 0; r < 18; r++) {
      for (int i = 0; i < 2; i++) {
        if (vis[r][i] == 0) {
          changed.putScalar(r, i, (next.getInt(r, i) + 1 + r) % 4);
        }
      }
    }
    otherVisibleChanged.putScalar(0, 1, (next.getInt(0, 1) + 1) % 4); // row 0: visible for other 1
    moa.gradient(b.obs(), b.actions(), changed, visible);
    assertFalse(Arrays.equals(flat(next), flat(changed)));
    assertArrayEquals(g, moa.parameters().gradient().toFloatVector(), 0f);

    moa.gradient(b.obs(), b.actions(), otherVisibleChanged, visible);
    assertFalse(Arrays.equals(g, moa.parameters().gradient().toFloatVector()), "a visible target does matter");
  }

  @Test
  void theLossIsTheCrossEntropyAveragedOverVisiblePairs() {
    ModelOfOtherAgents moa = new ModelOfOtherAgents(Config.of(3, 3, 3).withHidden(8), new Rng(12));
    Batch b = Batch.copying(4, 3, 3, new Rng(13));
    INDArray next = moa.others(b.nextAll(), b.agent());
    double[][] vis = new double[12][2];
    vis[0][0] = 1;
    vis[3][1] = 1;
    vis[7][0] = 1;
    vis[7][1] = 1;
    vis[11][1] = 1;
    INDArray p = moa.predict(b.obs(), b.actions());
    double expected = 0;
    for (int r = 0; r < 12; r++) {
      for (int i = 0; i < 2; i++) {
        if (vis[r][i] == 1) {
          expected -= Math.log(p.getDouble(r, i, next.getInt(r, i)));
        }
      }
    }
    Update u = moa.update(b.obs(), b.actions(), next, Nd4j.createFromArray(vis));
    assertEquals(5, u.visiblePairs());
    assertEquals(expected / 5, u.loss(), 1e-5);
    assertEquals(1, moa.parameters().steps());
  }

  // --- counterfactuals and influence ------------------------------------------------------------

  @Test
  void theCounterfactualOfTheActualActionIsThePlainPrediction() {
    ModelOfOtherAgents moa = train(Config.of(3, 3, 4).withHidden(16, 16).withActivation(Activation.TANH), 5, 4, 21);
    Batch b = Batch.copying(7, 3, 4, new Rng(22));
    INDArray cond = moa.counterfactuals(b.obs(), b.actions(), b.agent());
    assertArrayEquals(new long[] {21, 4, 2, 4}, cond.shape());
    INDArray p = moa.predict(b.obs(), b.actions());
    for (int r = 0; r < 21; r++) {
      int own = b.actions().getInt(r, b.agent().getInt(r));
      for (int i = 0; i < 2; i++) {
        double sum = 0;
        for (int c = 0; c < 4; c++) {
          assertEquals(p.getDouble(r, i, c), cond.getDouble(r, own, i, c), 1e-6, "row " + r + ", other " + i);
          for (int cf = 0; cf < 4; cf++) {
            sum += cond.getDouble(r, cf, i, c);
          }
        }
        assertEquals(4.0, sum, 1e-5, "each counterfactual is a distribution");
      }
    }
    // a' that differs from the actual action changes the input, so (for an untrained net) the output
    int own0 = b.actions().getInt(0, 0);
    assertFalse(cond.getDouble(0, own0, 0, 0) == cond.getDouble(0, (own0 + 1) % 4, 0, 0));
  }

  @Test
  void influenceRowsHaveInfluencesLayout() {
    ModelOfOtherAgents moa = new ModelOfOtherAgents(Config.of(3, 3, 2).withHidden(4), new Rng(30));
    Batch b = Batch.copying(2, 3, 2, new Rng(31));
    INDArray cond = moa.counterfactuals(b.obs(), b.actions(), b.agent());
    INDArray pi = Nd4j.rand(DataType.DOUBLE, 6, 2);
    double[][] vis = {{1, 0}, {0, 1}, {1, 1}, {0, 0}, {1, 0}, {0, 1}};
    InfluenceRows rows = moa.influenceRows(cond, pi, b.actions(), b.agent(), Nd4j.createFromArray(vis));
    assertArrayEquals(new long[] {12, 2}, rows.pi().shape());
    assertArrayEquals(new long[] {12, 2, 2}, rows.cond().shape());
    assertArrayEquals(new long[] {12}, rows.actual().shape());
    assertArrayEquals(new long[] {12}, rows.visible().shape());
    for (int r = 0; r < 6; r++) {
      for (int i = 0; i < 2; i++) {
        int row = r * 2 + i;
        assertEquals(b.actions().getDouble(r, b.agent().getInt(r)), rows.actual().getDouble(row));
        assertEquals(vis[r][i], rows.visible().getDouble(row));
        for (int x = 0; x < 2; x++) {
          assertEquals(pi.getDouble(r, x), rows.pi().getDouble(row, x), 1e-7);
          for (int c = 0; c < 2; c++) {
            assertEquals(cond.getDouble(r, x, i, c), rows.cond().getDouble(row, x, c));
          }
        }
      }
    }
  }

  @Test
  void theLearntCopyGivesTheCopiedAgentTheEntropyOfItsPolicyAndTheOtherNone() {
    int actions = 3;
    ModelOfOtherAgents moa = train(Config.of(2, 2, actions).withHidden(32, 32).withLearningRate(3e-3), 400, 32, 41);
    // every joint action once per env: E = 9 envs, rows (e, k) = 2e + k
    int envs = actions * actions;
    double[][] obs = new double[2 * envs][2];
    double[][] act = new double[2 * envs][];
    double[] agent = new double[2 * envs];
    for (int e = 0; e < envs; e++) {
      for (int k = 0; k < 2; k++) {
        obs[2 * e + k][k] = 1;
        act[2 * e + k] = new double[] {e / actions, e % actions};
        agent[2 * e + k] = k;
      }
    }
    INDArray actual = Nd4j.createFromArray(act);
    INDArray agents = Nd4j.createFromArray(agent);
    INDArray cond = moa.counterfactuals(Nd4j.createFromArray(obs).castTo(DataType.FLOAT), actual, agents);
    INDArray pi = Nd4j.valueArrayOf(new long[] {2 * envs, actions}, 1.0 / actions, DataType.FLOAT);
    InfluenceRows rows = moa.influenceRows(cond, pi, actual, agents, ones(2 * envs, 1));
    Influence.Result r = Influence.perAgent(rows.pi(), rows.cond(), rows.actual(), rows.visible(), Divergence.KL,
        envs, 2, 1, Influence.DEFAULT_CLIP);
    assertEquals(0, r.nonFiniteRows());
    double lnA = Math.log(actions);
    for (int e = 0; e < envs; e++) {
      // agent 1 copies agent 0: a deterministic copy earns -ln pi(a) = ln A under a uniform pi
      assertEquals(lnA, r.rewards().getDouble(e, 0), 0.15, "env " + e + ", agent 0 (copied)");
      // agent 0 acts at random: agent 1's action changes nothing it does
      assertEquals(0.0, r.rewards().getDouble(e, 1), 0.05, "env " + e + ", agent 1 (not copied)");
    }
  }

  // --- state --------------------------------------------------------------------------------------

  @Test
  void theSameSeedGivesTheSameNetwork() {
    Config config = Config.of(3, 3, 3).withHidden(8);
    float[] a = new ModelOfOtherAgents(config, new Rng(1)).parameters().values().toFloatVector();
    float[] b = new ModelOfOtherAgents(config, new Rng(1)).parameters().values().toFloatVector();
    float[] c = new ModelOfOtherAgents(config, new Rng(2)).parameters().values().toFloatVector();
    assertArrayEquals(a, b, 0f);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void aRestoredNetworkPredictsAndTrainsIdentically() throws Exception {
    Config config = Config.of(3, 3, 3).withHidden(16, 16);
    ModelOfOtherAgents trained = train(config, 20, 8, 50);
    ModelOfOtherAgents copy = new ModelOfOtherAgents(config, new Rng(999));
    copy.restore(Snapshot.fromBytes(trained.state().toBytes()));
    Batch probe = Batch.copying(5, 3, 3, new Rng(51));
    assertArrayEquals(flat(trained.predict(probe.obs(), probe.actions())),
        flat(copy.predict(probe.obs(), probe.actions())), 0f);
    assertArrayEquals(flat(trained.counterfactuals(probe.obs(), probe.actions(), probe.agent())),
        flat(copy.counterfactuals(probe.obs(), probe.actions(), probe.agent())), 0f);
    Rng data = new Rng(52);
    for (int s = 0; s < 10; s++) {
      Batch b = Batch.copying(8, 3, 3, data);
      INDArray next = trained.others(b.nextAll(), b.agent());
      Update u1 = trained.update(b.obs(), b.actions(), next, ones(24, 2));
      Update u2 = copy.update(b.obs(), b.actions(), next, ones(24, 2));
      assertEquals(u1, u2, "step " + s);
    }
    assertArrayEquals(trained.state().toBytes(), copy.state().toBytes());
  }

  @Test
  void anUntrainedSnapshotRestoresToo() {
    Config config = Config.of(2, 2, 2).withHidden(4);
    ModelOfOtherAgents fresh = new ModelOfOtherAgents(config, new Rng(60));
    ModelOfOtherAgents trained = train(config, 3, 2, 61);
    trained.restore(fresh.state());
    assertArrayEquals(fresh.state().toBytes(), trained.state().toBytes());
  }

  @Test
  void aSnapshotOfAnotherShapeIsRefusedInOneLine() {
    ModelOfOtherAgents moa = new ModelOfOtherAgents(Config.of(3, 3, 3).withHidden(32), new Rng(70));
    Snapshot narrower = new ModelOfOtherAgents(Config.of(3, 3, 3).withHidden(16), new Rng(70)).state();
    expect("moa snapshot: entry 'layout' (obsDim, agents, actions, hidden...) is [3, 3, 3, 16], this network's is "
        + "[3, 3, 3, 32]", () -> moa.restore(narrower));
    Snapshot tanh = new ModelOfOtherAgents(Config.of(3, 3, 3).withHidden(32).withActivation(Activation.TANH),
        new Rng(70)).state();
    expect("moa snapshot: entry 'activation' is TANH, this network's is RELU", () -> moa.restore(tanh));
    Snapshot own = moa.state();
    Snapshot cut = new Snapshot().putString("module", "moa").putInts("layout", own.ints("layout"))
        .putString("activation", "RELU").putChild("params", new Snapshot()
            .putFloats("values", new float[10]).putFloats("adam", new float[0]).putLong("steps", 0));
    expect("moa snapshot: entry 'params/values' has 10 parameters, this network has "
        + moa.parameters().size(), () -> moa.restore(cut));
    expect("moa snapshot: entry 'module' is 'icm', expected 'moa'",
        () -> moa.restore(new Snapshot().putString("module", "icm")));
  }

  @Test
  void inputAndPredictedActionsMayDiffer() throws Exception {
    // agents read 2 values each (messages, say) and the others' next actions are among 4 (world actions)
    Config config = Config.of(3, 3, 2).withPredicted(4).withHidden(8);
    assertEquals(2, config.actions());
    assertEquals(4, config.predicted());
    assertEquals(3, Config.of(3, 3, 3).predicted(), "C = A unless set");
    ModelOfOtherAgents moa = new ModelOfOtherAgents(config, new Rng(95));
    INDArray obs = Nd4j.rand(DataType.FLOAT, 2, 3);
    INDArray actions = Nd4j.createFromArray(new double[][] {{0, 1, 1}, {1, 0, 1}});
    INDArray agent = Nd4j.createFromArray(0.0, 2.0);
    INDArray p = moa.predict(obs, actions);
    assertArrayEquals(new long[] {2, 2, 4}, p.shape());
    INDArray cond = moa.counterfactuals(obs, actions, agent);
    assertArrayEquals(new long[] {2, 2, 2, 4}, cond.shape(), "[B, A, N-1, C]");
    INDArrayIndex first = NDArrayIndex.point(0);
    assertArrayEquals(flat(p.get(first)), flat(cond.get(first, first)), 1e-6f, "row 0's agent 0 took 0");
    INDArray pi = Nd4j.ones(DataType.FLOAT, 2, 2).divi(2);
    InfluenceRows rows = moa.influenceRows(cond, pi, actions, agent, ones(2, 2));
    assertArrayEquals(new long[] {4, 2, 4}, rows.cond().shape());
    Influence.Result r = Influence.perAgent(rows.pi(), rows.cond(), rows.actual(), rows.visible(), Divergence.KL, 1,
        2, 2, 10);
    assertArrayEquals(new long[] {1, 2}, r.rewards().shape());
    INDArray next = Nd4j.createFromArray(new double[][] {{3, 2}, {0, 1}});
    Update u = moa.update(obs, actions, next, ones(2, 2));
    assertEquals(4, u.visiblePairs());
    assertEquals(Math.log(4), u.loss(), 0.7, "an untrained prediction over 4 actions");
    expect("next: actions must be integers in [0, 4), got 4.0 at [0, 0] of shape [2, 2]",
        () -> moa.update(obs, actions, Nd4j.createFromArray(new double[][] {{4, 2}, {0, 1}}), ones(2, 2)));
    expect("actions: actions must be integers in [0, 2), got 3.0 at [0, 0] of shape [2, 3]",
        () -> moa.predict(obs, Nd4j.createFromArray(new double[][] {{3, 1, 1}, {1, 0, 1}})));
    expect("moa.predicted: must be >= 1, got 0", () -> Config.of(3, 3, 2).withPredicted(0));
    Snapshot same = new ModelOfOtherAgents(Config.of(3, 3, 2).withHidden(8), new Rng(95)).state();
    expect("moa snapshot: entry 'predicted' (the others' actions) is 2, this network's is 4",
        () -> moa.restore(same));
    ModelOfOtherAgents copy = new ModelOfOtherAgents(config, new Rng(1));
    copy.restore(Snapshot.fromBytes(moa.state().toBytes()));
    assertArrayEquals(flat(moa.predict(obs, actions)), flat(copy.predict(obs, actions)), 0f);
  }

  // --- bad input ----------------------------------------------------------------------------------

  @Test
  void everyBadInputIsOneLineNamingTheArray() {
    ModelOfOtherAgents moa = new ModelOfOtherAgents(Config.of(3, 3, 3).withHidden(4), new Rng(80));
    INDArray obs = Nd4j.zeros(DataType.FLOAT, 2, 3);
    INDArray actions = Nd4j.createFromArray(new double[][] {{0, 1, 2}, {2, 1, 0}});
    INDArray next = Nd4j.createFromArray(new double[][] {{0, 1}, {2, 1}});
    INDArray visible = ones(2, 2);
    INDArray agent = Nd4j.createFromArray(0.0, 2.0);

    expect("obs: expected shape [B, 3] (B >= 1), got [2, 4]",
        () -> moa.update(Nd4j.zeros(DataType.FLOAT, 2, 4), actions, next, visible));
    expect("obs: must be FLOAT or DOUBLE, got INT of shape [2, 3]",
        () -> moa.predict(Nd4j.zeros(DataType.INT32, 2, 3), actions));
    expect("obs: must not be null", () -> moa.predict(null, actions));
    expect("actions: expected shape [2, 3] (2 rows as in obs, N agents), got [2, 2]",
        () -> moa.update(obs, next, next, visible));
    expect("actions: actions must be integers in [0, 3), got 3.0 at [1, 2] of shape [2, 3]",
        () -> moa.update(obs, Nd4j.createFromArray(new double[][] {{0, 1, 2}, {2, 1, 3}}), next, visible));
    expect("actions: actions must be integers in [0, 3), got 0.5 at [0, 0] of shape [2, 3]",
        () -> moa.predict(obs, Nd4j.createFromArray(new double[][] {{0.5, 1, 2}, {2, 1, 0}})));
    expect("actions: actions must be integers in [0, 3), got -1.0 at [0, 1] of shape [2, 3]",
        () -> moa.counterfactuals(obs, Nd4j.createFromArray(new double[][] {{0, -1, 2}, {2, 1, 0}}), agent));
    expect("next: expected shape [2, 2] (2 rows as in obs, N-1 others), got [2, 3]",
        () -> moa.update(obs, actions, actions, visible));
    expect("next: actions must be integers in [0, 3), got NaN at [1, 0] of shape [2, 2]",
        () -> moa.update(obs, actions, Nd4j.createFromArray(new double[][] {{0, 1}, {Double.NaN, 1}}), visible));
    expect("visible: expected shape [2, 2] (2 rows as in obs, N-1 others), got [2]",
        () -> moa.update(obs, actions, next, Nd4j.ones(DataType.FLOAT, 2)));
    expect("visible: must be 0 or 1, got 0.5 at [1, 1] of shape [2, 2]",
        () -> moa.update(obs, actions, next, Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0.5}})));
    expect("visible: must be 0 or 1, got 2.0 at [0, 0] of shape [2, 2]",
        () -> moa.gradient(obs, actions, next, Nd4j.createFromArray(new double[][] {{2, 0}, {1, 1}})));
    expect("agent: expected shape [2] (one agent index per row), got [2, 1]",
        () -> moa.counterfactuals(obs, actions, Nd4j.createFromArray(new double[][] {{0}, {1}})));
    expect("agent: agent indices must be integers in [0, 3), got 3.0 at row 1 of shape [2]",
        () -> moa.counterfactuals(obs, actions, Nd4j.createFromArray(0.0, 3.0)));
    expect("agent: agent indices must be integers in [0, 3), got -1.0 at row 0 of shape [2]",
        () -> moa.others(actions, Nd4j.createFromArray(-1.0, 0.0)));
    expect("perAgent: expected shape [B, 3] (B >= 1), got [2, 2]", () -> moa.others(next, agent));

    INDArray cond = moa.counterfactuals(obs, actions, agent);
    INDArray pi = Nd4j.ones(DataType.FLOAT, 2, 3).divi(3);
    expect("cond: expected shape [B, 3, 2, 3] (B >= 1, from counterfactuals), got [2, 3, 3]",
        () -> moa.influenceRows(Nd4j.zeros(DataType.FLOAT, 2, 3, 3), pi, actions, agent, visible));
    expect("pi: expected FLOAT or DOUBLE of shape [2, 3] (one policy per row of cond), got FLOAT [2, 2]",
        () -> moa.influenceRows(cond, Nd4j.ones(DataType.FLOAT, 2, 2), actions, agent, visible));
    expect("visible: expected shape [2, 2] (2 rows as in obs, N-1 others), got [2, 3]",
        () -> moa.influenceRows(cond, pi, actions, agent, ones(2, 3)));
    expect("agent: agent indices must be integers in [0, 3), got 1.5 at row 0 of shape [2]",
        () -> moa.influenceRows(cond, pi, actions, Nd4j.createFromArray(1.5, 0.0), visible));

    expect("moa.agents: must be >= 2 (a model of the others), got 1", () -> Config.of(3, 1, 3));
    expect("moa.obsDim: must be >= 1, got 0", () -> Config.of(0, 2, 3));
    expect("moa.actions: must be >= 1, got 0", () -> Config.of(3, 2, 0));
    expect("moa.hidden: every width must be >= 1, got [64, 0]", () -> Config.of(3, 2, 3).withHidden(64, 0));
    expect("moa.learningRate: must be finite and > 0, got NaN", () -> Config.of(3, 2, 3).withLearningRate(Double.NaN));
    expect("moa.activation: must not be null", () -> Config.of(3, 2, 3).withActivation(null));
    assertEquals(List.of(64, 64), Config.of(3, 2, 3).hidden());
  }

  @Test
  void othersAreInIncreasingIndexOrderSkippingTheAgent() {
    ModelOfOtherAgents moa = new ModelOfOtherAgents(Config.of(1, 4, 2).withHidden(2), new Rng(90));
    INDArray perAgent = Nd4j.createFromArray(new double[][] {
        {10, 11, 12, 13}, {10, 11, 12, 13}, {10, 11, 12, 13}, {20, 21, 22, 23}});
    INDArray out = moa.others(perAgent, Nd4j.createFromArray(0, 1, 3, 2));
    assertArrayEquals(new float[] {11, 12, 13, 10, 12, 13, 10, 11, 12, 20, 21, 23}, flat(out));
    assertArrayEquals(new long[] {4, 3}, out.shape());
  }

  private static void expect(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
