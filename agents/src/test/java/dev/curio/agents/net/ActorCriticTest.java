package dev.curio.agents.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.math.PopArt;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ActorCriticTest {
  @Test
  void autoReadsGridsTooSmallForTheConvolutionsAsFlatVectors() {
    NetworkConfig auto = NetworkConfig.defaults();
    assertEquals("cnn", auto.resolveTorso(new int[] {7, 7, 3}));
    assertEquals("mlp", auto.resolveTorso(new int[] {3, 16, 5}), "maze:corridor's full view is 3 rows high");
    assertEquals("mlp", auto.resolveTorso(new int[] {48}));
    // and such a network builds and acts
    ActorCritic net = ActorCritic.create(auto, new int[] {3, 16, 5}, 4, 1, 1e-3, 1e-5, 1);
    assertEquals(4, net.forward(Nd4j.rand(DataType.FLOAT, 2, 3 * 16 * 5)).logits().columns());
    NetworkConfig cnn = new NetworkConfig("cnn", auto.hidden(), auto.activation(), auto.cnnChannels());
    dev.curio.core.config.ConfigException e = assertThrows(dev.curio.core.config.ConfigException.class,
        () -> cnn.resolveTorso(new int[] {3, 16, 5}));
    assertEquals("network.torso", e.key());
  }

  @Test
  void orthogonalInitGivesOrthonormalColumnsOrRowsScaledByTheGain() {
    long[][] shapes = {{4, 64}, {64, 64}, {64, 2}, {12, 16}, {1, 1}};
    dev.curio.core.Rng rng = new dev.curio.core.Rng(3);
    for (long[] shape : shapes) {
      INDArray w = Nd4j.zeros(DataType.DOUBLE, shape);
      ActorCritic.orthogonal(w, shape[0], shape[1], 1.5, rng);
      // fan-in >= fan-out: orthonormal columns (W^T W = g^2 I); otherwise orthonormal rows
      INDArray gram = shape[0] >= shape[1] ? w.transpose().mmul(w) : w.mmul(w.transpose());
      INDArray expected = Nd4j.eye(Math.min(shape[0], shape[1])).castTo(DataType.DOUBLE).muli(2.25);
      assertTrue(gram.equalsWithEps(expected, 1e-9), java.util.Arrays.toString(shape) + ": " + gram);
    }
  }

  @Test
  void orthogonalNetworkHasCleanRlsGainsPerLayer() {
    NetworkConfig d = NetworkConfig.defaults();
    NetworkConfig orthogonal = new NetworkConfig(d.torso(), d.hidden(), d.activation(), d.cnnChannels(), "orthogonal");
    ActorCritic net = ActorCritic.create(orthogonal, new int[] {4}, 2, 1, 1e-3, 1e-5, 1);
    INDArray p = net.parameterVector().castTo(DataType.DOUBLE);
    // policy tower: [4, 64] at 0, its bias, [64, 64] at 320, bias, head [64, 2] at 4480, bias; then the value tower
    INDArray first = slice(p, 0, 256).reshape(4, 64);
    assertTrue(first.mmul(first.transpose()).equalsWithEps(Nd4j.eye(4).castTo(DataType.DOUBLE).muli(2), 1e-5));
    INDArray head = slice(p, 4480, 4608).reshape(64, 2);
    assertTrue(head.transpose().mmul(head).equalsWithEps(Nd4j.eye(2).castTo(DataType.DOUBLE).muli(1e-4), 1e-9));
    long valueHead = 4610 + 320 + 4160;
    INDArray vhead = slice(p, valueHead, valueHead + 64).reshape(64, 1);
    assertEquals(1.0, vhead.transpose().mmul(vhead).getDouble(0), 1e-5);
    assertEquals(0.0, slice(p, 256, 320).norm2Number().doubleValue(), 0.0, "biases start at 0");
    assertEquals(p.length(), net.numParams());
    INDArray valueFirst = slice(p, 4610, 4610 + 256).reshape(4, 64);
    assertTrue(first.sub(valueFirst).norm2Number().doubleValue() > 1, "each tower draws its own weights");
    assertEquals(0.0, first.meanNumber().doubleValue(), 0.05, "random signs, not a fixed orthogonal matrix");
    // the cnn torso's first kernel [2, 2, 3, 16], read as [12, 16] (fan-in 12 < 16): orthonormal rows times sqrt 2
    ActorCritic cnn = ActorCritic.create(orthogonal, new int[] {7, 7, 3}, 7, 1, 1e-3, 1e-5, 1);
    INDArray k = slice(cnn.parameterVector().castTo(DataType.DOUBLE), 0, 12 * 16).reshape(12, 16);
    assertTrue(k.mmul(k.transpose()).equalsWithEps(Nd4j.eye(12).castTo(DataType.DOUBLE).muli(2), 1e-5));
    dev.curio.core.config.ConfigException e = assertThrows(dev.curio.core.config.ConfigException.class,
        () -> new NetworkConfig(d.torso(), d.hidden(), d.activation(), d.cnnChannels(), "he"));
    assertEquals("network.init", e.key());
  }

  /** Elements {@code from .. to - 1} of a {@code [1, n]} parameter vector. */
  private static INDArray slice(INDArray flat, long from, long to) {
    return flat.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
  }

  @Test
  void shapesForMlpAndCnn() {
    ActorCritic mlp = ActorCritic.create(NetworkConfig.defaults(), new int[] {4}, 2, 3, 1e-3, 1e-5, 1);
    ActorCritic.Output o = mlp.forward(Nd4j.rand(DataType.FLOAT, 5, 4));
    assertArrayEquals(new long[] {5, 2}, o.logits().shape());
    assertArrayEquals(new long[] {5, 3}, o.values().shape());
    ActorCritic cnn = ActorCritic.create(NetworkConfig.defaults(), new int[] {7, 7, 3}, 7, 1, 1e-3, 1e-5, 1);
    ActorCritic.Output c = cnn.forward(Nd4j.rand(DataType.FLOAT, 2, 147));
    assertArrayEquals(new long[] {2, 7}, c.logits().shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mlp.forward(Nd4j.rand(DataType.FLOAT, 2, 5)));
    assertTrue(e.getMessage().contains("[B, 4]"), e.getMessage());
  }

  @Test
  void initialPolicyIsNearUniform() {
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {10}, 4, 1, 1e-3, 1e-5, 3);
    INDArray logits = net.forward(Nd4j.rand(DataType.FLOAT, 16, 10)).logits();
    assertTrue(logits.amaxNumber().doubleValue() < 0.1, "policy head is scaled down at init");
  }

  /**
   * PopArt's promise through the real float32 network: after every POP the unnormalised values
   * {@code sigma * n + mu} are what they were, to 1e-5 of their scale, over 200 ART updates whose
   * targets wander across six orders of magnitude, in a two-task network of two streams.
   */
  @Test
  void popPreservesTheUnnormalisedValuesOverManyUpdates() {
    int tasks = 2;
    int k = 2;
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {6}, new dev.curio.agents.dist.Categorical(3),
        k, tasks, 1e-3, 1e-5, 5);
    INDArray obs = Nd4j.rand(DataType.FLOAT, 16, 6);
    int[] columns = {0, 1, 2, 3};
    PopArt.State stats = PopArt.initial(tasks * k);
    java.util.Random r = new java.util.Random(11);
    double worst = 0;
    for (int u = 0; u < 200; u++) {
      float[] before = unnormalised(net.forward(obs).values(), stats);
      float[] targets = new float[64];
      int[] idx = new int[64];
      double scale = Math.pow(10, r.nextInt(7) - 1); // 0.1 .. 1e5
      for (int i = 0; i < targets.length; i++) {
        idx[i] = r.nextInt(tasks * k);
        targets[i] = (float) (scale * (r.nextGaussian() + (idx[i] % 2 == 0 ? 3 : -1)));
      }
      PopArt.State next = PopArt.art(stats, targets, idx, 0.05, 1e-4, 1e6);
      net.popValueHead(stats, next, columns);
      stats = next;
      float[] after = unnormalised(net.forward(obs).values(), stats);
      for (int i = 0; i < before.length; i++) {
        double sigma = stats.sigma()[i % (tasks * k)];
        double rel = Math.abs(after[i] - before[i]) / Math.max(Math.abs(before[i]), sigma);
        worst = Math.max(worst, rel);
      }
    }
    assertTrue(worst < 1e-5, "worst relative change of a value across a POP: " + worst);
    assertTrue(stats.sigma()[0] > 1e3, "the statistics did follow the targets' scale: sigma " + stats.sigma()[0]);
  }

  private static float[] unnormalised(INDArray raw, PopArt.State s) {
    float[] n = Host.floats(raw);
    int[] idx = new int[n.length];
    for (int i = 0; i < n.length; i++) {
      idx[i] = i % (int) raw.columns();
    }
    return PopArt.unnormalize(s, n, idx);
  }

  /** A multi-task head: a row's value loss reaches only its own task's output columns. */
  @Test
  void aRowsValueLossTrainsOnlyItsOwnTasksOutputs() {
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {3}, new dev.curio.agents.dist.Categorical(2),
        1, 3, 1e-3, 1e-5, 2, DataType.DOUBLE);
    // unclipped: a clipped value loss gives no gradient to an output already 0.2 away from its old value
    net.configureLosses(0.2, 0.0, false, 0.5);
    assertEquals(3, net.tasks());
    assertArrayEquals(new long[] {2, 3}, net.forward(Nd4j.rand(DataType.DOUBLE, 2, 3)).values().shape());
    INDArray obs = Nd4j.createFromArray(new double[][] {{0.3, -0.7, 0.2}, {0.9, 0.1, -0.4}});
    INDArray pl = Nd4j.createFromArray(new double[][] {{0, 0, Math.log(0.5)}, {1, 0, Math.log(0.5)}});
    INDArray vl = Nd4j.createFromArray(new double[][] {{5, 0}, {-5, 0}});
    // rows of tasks 0 and 2: the bias of task 1's output gets no gradient, the others do
    ActorCritic.LossAndGradient g = net.lossAndGradient(obs, pl, vl, ActorCritic.taskMask(new int[] {0, 2}, 3));
    float[] grad = Host.floats(g.gradient());
    int biasEnd = (int) net.numParams();
    assertEquals(0.0, grad[biasEnd - 2], 0.0, "task 1's bias");
    assertTrue(Math.abs(grad[biasEnd - 3]) > 1e-3, "task 0's bias");
    assertTrue(Math.abs(grad[biasEnd - 1]) > 1e-3, "task 2's bias");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.lossAndGradient(obs, pl, vl, null));
    assertTrue(e.getMessage().contains("task mask"), e.getMessage());
  }

  @Test
  void trainingStepMovesTowardsTheTargetsAndClipsTheGradient() {
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {3}, 2, 1, 1e-2, 1e-5, 9);
    // fixed "old values" would freeze a clipped value loss once v is 0.2 away from them: unclipped here
    net.configureLosses(0.2, 0.0, false, 0.5);
    INDArray obs = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}});
    INDArray pl = Nd4j.createFromArray(new float[][] {{0, 1, (float) Math.log(0.5)}, {1, 1, (float) Math.log(0.5)}});
    INDArray vl = Nd4j.createFromArray(new float[][] {{1, 0}, {-1, 0}});
    double first = 0;
    for (int i = 0; i < 200; i++) {
      ActorCritic.StepStats s = net.train(obs, pl, vl, 0.5);
      if (i == 0) {
        first = s.valueLoss();
        assertTrue(s.gradNorm() > 0);
      }
    }
    INDArray v = net.forward(obs).values();
    assertEquals(1.0, v.getDouble(0, 0), 0.1);
    assertEquals(-1.0, v.getDouble(1, 0), 0.1);
    assertTrue(first > 0.4);
    // positive advantage for action 0 in state 0 and action 1 in state 1: the policy follows
    INDArray logits = net.forward(obs).logits();
    assertTrue(logits.getDouble(0, 0) > logits.getDouble(0, 1));
    assertTrue(logits.getDouble(1, 1) > logits.getDouble(1, 0));
  }

  @Test
  void saveAndRestoreGiveTheSameNetworkAndOptimiser() {
    ActorCritic a = ActorCritic.create(NetworkConfig.defaults(), new int[] {3}, 2, 1, 1e-2, 1e-5, 9);
    ActorCritic b = ActorCritic.create(NetworkConfig.defaults(), new int[] {3}, 2, 1, 1e-2, 1e-5, 10);
    INDArray obs = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}});
    INDArray pl = Nd4j.createFromArray(new float[][] {{0, 1, -0.7f}, {1, -1, -0.7f}});
    INDArray vl = Nd4j.createFromArray(new float[][] {{1, 0}, {-1, 0}});
    a.train(obs, pl, vl, 0.5);
    Snapshot s = a.save();
    b.restore(s);
    a.train(obs, pl, vl, 0.5);
    b.train(obs, pl, vl, 0.5);
    assertArrayEquals(a.parameters(), b.parameters());
  }

  /**
   * Acting runs the two towers fused into one network (a copy of their weights side by side); its
   * outputs must be the towers' own, for every kind of network, and must follow the parameters
   * through every way they change (a training step, new parameters, a restore). A stale copy would
   * be off by the size of an update, far beyond the 1e-5 allowed for float rounding.
   */
  @Test
  void actingThroughTheFusedTowersGivesTheTowersOutputs() {
    NetworkConfig relu3 = new NetworkConfig("auto", java.util.List.of(32, 48, 16), "relu",
        NetworkConfig.defaults().cnnChannels());
    ActorCritic mlp = ActorCritic.create(NetworkConfig.defaults(), new int[] {4}, 2, 1, 1e-2, 1e-5, 1);
    ActorCritic cnn = ActorCritic.create(NetworkConfig.defaults(), new int[] {7, 7, 3}, 7, 2, 1e-2, 1e-5, 2);
    ActorCritic deep = ActorCritic.create(relu3, new int[] {5}, 3, 1, 1e-2, 1e-5, 3);
    ActorCritic gauss = ActorCritic.create(NetworkConfig.defaults(), new int[] {3},
        new dev.curio.agents.dist.DiagGaussian(2), 1, 1e-2, 1e-5, 4);
    ActorCritic tasks = ActorCritic.create(NetworkConfig.defaults(), new int[] {6}, new dev.curio.agents.dist.Categorical(3),
        2, 3, 1e-2, 1e-5, 5);
    ActorCritic multi = ActorCritic.create(NetworkConfig.defaults(), new int[] {4},
        new dev.curio.agents.dist.MultiDiscrete(new int[] {3, 2}), 1, 1e-2, 1e-5, 6);
    ActorCritic doubles = ActorCritic.create(NetworkConfig.defaults(), new int[] {4}, new dev.curio.agents.dist.Categorical(2),
        1, 1e-2, 1e-5, 7, DataType.DOUBLE);
    for (ActorCritic net : java.util.List.of(mlp, cnn, deep, gauss, tasks, multi, doubles)) {
      int in = java.util.Arrays.stream(net.obsShape()).reduce(1, (a, b) -> a * b);
      for (int rows : new int[] {1, 4, 33}) {
        assertFusedMatches(net, Nd4j.rand(DataType.FLOAT, rows, in));
      }
    }
    // after training steps, new parameters and a restore, the fused copy follows
    INDArray obs = Nd4j.rand(DataType.FLOAT, 8, 4);
    INDArray pl = Nd4j.createFromArray(new float[][] {{0, 1, -0.7f}, {1, -1, -0.7f}, {1, 2, -0.7f}, {0, -2, -0.7f},
        {0, 1, -0.7f}, {1, -1, -0.7f}, {1, 2, -0.7f}, {0, -2, -0.7f}});
    INDArray vl = Nd4j.rand(DataType.FLOAT, 8, 2).muli(10);
    INDArray before = mlp.forward(obs).values();
    for (int i = 0; i < 5; i++) {
      mlp.train(obs, pl, vl, 0);
      assertFusedMatches(mlp, obs);
    }
    assertTrue(Math.abs(mlp.forward(obs).values().getDouble(0) - before.getDouble(0)) > 1e-3, "training moved the values");
    // a step of another learner's loss (IMPALA's way in) and a PopArt rescale of the value head
    mlp.train(obs, (t, dist, params, values) -> new ActorCritic.Terms(values.square().mean().add(params.square().mean()),
        0, 0, 0, 0, 0), null, 0);
    assertFusedMatches(mlp, obs);
    PopArt.State unit = PopArt.initial(1);
    mlp.popValueHead(unit, new PopArt.State(new double[] {3}, new double[] {13}, new double[] {2}), new int[] {0});
    assertFusedMatches(mlp, obs);
    Snapshot trained = mlp.save();
    mlp.setParameters(Nd4j.rand(DataType.FLOAT, 1, mlp.numParams()));
    assertFusedMatches(mlp, obs);
    mlp.restore(trained);
    assertFusedMatches(mlp, obs);
  }

  /**
   * Acting and training reuse their arrays from call to call (arenas); what a call returned must not
   * change when the next calls at the same batch size run.
   */
  @Test
  void anOutputKeptFromOneCallIsNotOverwrittenByTheNext() {
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {4}, 2, 1, 1e-2, 1e-5, 8);
    java.util.List<ActorCritic.Output> kept = new java.util.ArrayList<>();
    java.util.List<float[]> copies = new java.util.ArrayList<>();
    for (int call = 0; call < 4; call++) {
      ActorCritic.Output o = net.forward(Nd4j.rand(DataType.FLOAT, 3, 4).muli(call + 1));
      kept.add(o);
      copies.add(Host.floats(o.values()));
      copies.add(Host.floats(o.logits()));
    }
    for (int call = 0; call < 4; call++) {
      assertArrayEquals(copies.get(2 * call), Host.floats(kept.get(call).values()), 0f, "values of call " + call);
      assertArrayEquals(copies.get(2 * call + 1), Host.floats(kept.get(call).logits()), 0f, "logits of call " + call);
    }
  }

  private static void assertFusedMatches(ActorCritic net, INDArray obs) {
    ActorCritic.Output fused = net.forward(obs);
    ActorCritic.Output towers = net.forwardSeparately(obs);
    assertArrayEquals(towers.logits().shape(), fused.logits().shape());
    assertArrayEquals(towers.values().shape(), fused.values().shape());
    assertArrayEquals(Host.floats(towers.logits()), Host.floats(fused.logits()), 1e-5f);
    assertArrayEquals(Host.floats(towers.values()), Host.floats(fused.values()), 1e-5f);
    assertTrue(towers.values().amaxNumber().doubleValue() > 0, "a network of all zeros would match anything");
  }
}
