package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AcStateEncoderTest {
  @BeforeAll
  static void oneNd4jThread() {
    OneNd4jThread.use();
  }

  private static final double EPS = 1e-6;

  /** A tiny encoder for gradient checks: 3 inputs, 2 actions, codes of width 2. */
  private static AcStateConfig tiny() {
    return AcStateConfig.builder().maxK(2).codes(3).latentDim(2).encoderHidden(4).headHidden(3).kEmbedding(2)
        .batchSize(5).bufferCapacity(50).build();
  }

  /** {@code steps} random steps with Gaussian observations in episodes of 4. */
  private static void fill(AcStateEncoder enc, int obsDim, int actions, int steps, long seed) {
    Rng r = new Rng(seed);
    float[] x = gaussian(r, obsDim);
    for (int t = 0; t < steps; t++) {
      float[] y = gaussian(r, obsDim);
      boolean end = t % 4 == 3;
      enc.observe(x, r.nextInt(actions), y, end);
      x = end ? gaussian(r, obsDim) : y;
    }
  }

  private static float[] gaussian(Rng r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Central differences of {@code f} with respect to parameters {@code [from, to)} (0 elsewhere). */
  private static double[] numeric(Parameters p, int from, int to, DoubleSupplier f) {
    double[] g = new double[p.size()];
    for (int i = from; i < to; i++) {
      double v = p.values().getDouble(0, i);
      p.values().putScalar(0, i, v + EPS);
      double plus = f.getAsDouble();
      p.values().putScalar(0, i, v - EPS);
      double minus = f.getAsDouble();
      p.values().putScalar(0, i, v);
      g[i] = (plus - minus) / (2 * EPS);
    }
    return g;
  }

  private static double maxAbs(double[] a, int from, int to) {
    double m = 0;
    for (int i = from; i < to; i++) {
      m = Math.max(m, Math.abs(a[i]));
    }
    return m;
  }

  private static void assertClose(double[] expected, double[] actual, int from, int to, String what) {
    for (int i = from; i < to; i++) {
      assertEquals(expected[i], actual[i], 1e-6 * (1 + Math.abs(expected[i])), what + " parameter " + i);
    }
  }

  @Test
  void nearestCodeGoldenValues() {
    INDArray codebook = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 1}, {2, 0}});
    INDArray z = Nd4j.createFromArray(new double[][] {{0.1, -0.2}, {0.9, 1.3}, {0.5, 0.5}, {1.6, 0.1}, {1, 0.5}});
    // squared distances: row 2 is 0.5 from codes 0 and 1 (tie: lowest index); row 4 is 0.25 from
    // code 1 and 1.25 from codes 0 and 2
    assertArrayEquals(new int[] {0, 1, 0, 2, 1}, AcStateEncoder.nearest(z, codebook));
    assertEquals("nearest code of [1, 3] in a codebook of [3, 2]", assertThrows(IllegalArgumentException.class,
        () -> AcStateEncoder.nearest(Nd4j.zeros(1, 3), codebook)).getMessage());
  }

  @Test
  void codebookAndCommitmentGradientsMatchFiniteDifferencesWithTheirStopGradients() {
    AcStateEncoder enc = new AcStateEncoder(tiny(), 3, 2, 11, DataType.DOUBLE);
    fill(enc, 3, 2, 20, 12);
    StepBuffer.Batch batch = enc.buffer().sample(5, 2, new Rng(13));
    Parameters p = enc.parameters();
    int encEnd = (int) enc.network().weights().length();
    int cbEnd = encEnd + 3 * 2;
    // ||z - q||^2 (row mean) as a plain function of all parameters, codes held by their nearness
    double[] distance = numeric(p, 0, cbEnd, () -> enc.terms(Tape.inference(), batch).codebook().scalar());
    assertTrue(maxAbs(distance, 0, encEnd) > 1e-3, "the distance depends on the encoder");

    Tape t = Tape.training();
    t.backward(enc.terms(t, batch).codebook());
    double[] codebookGrad = p.gradient().toDoubleVector();
    assertEquals(0.0, maxAbs(codebookGrad, 0, encEnd), 0.0, "sg(z): no codebook-loss gradient into the encoder");
    assertClose(distance, codebookGrad, encEnd, cbEnd, "codebook loss, codebook");
    assertEquals(0.0, maxAbs(codebookGrad, cbEnd, p.size()), 0.0);

    Tape t2 = Tape.training();
    t2.backward(enc.terms(t2, batch).commitment().mul(0.25));
    double[] commitGrad = p.gradient().toDoubleVector();
    double[] expected = distance.clone();
    for (int i = 0; i < expected.length; i++) {
      expected[i] *= 0.25;
    }
    assertClose(expected, commitGrad, 0, encEnd, "commitment 0.25, encoder");
    assertEquals(0.0, maxAbs(commitGrad, encEnd, p.size()), 0.0, "sg(q): no commitment gradient into the codebook");
  }

  @Test
  void theInverseLossReachesTheEncoderStraightThroughTheQuantiser() {
    AcStateEncoder enc = new AcStateEncoder(tiny(), 3, 2, 21, DataType.DOUBLE);
    fill(enc, 3, 2, 20, 22);
    StepBuffer.Batch batch = enc.buffer().sample(5, 2, new Rng(23));
    Parameters p = enc.parameters();
    int encEnd = (int) enc.network().weights().length();
    int cbEnd = encEnd + 3 * 2;

    Tape t = Tape.training();
    AcStateEncoder.Terms terms = enc.terms(t, batch);
    INDArray q = enc.codebookWeight().values().getRows(terms.codes()).dup();
    t.backward(terms.inverse());
    double[] grad = p.gradient().toDoubleVector();

    // G = dL_inv/dq by finite differences of the head on the quantised rows
    INDArray g = Nd4j.zeros(DataType.DOUBLE, q.rows(), q.columns());
    for (int i = 0; i < q.rows(); i++) {
      for (int j = 0; j < q.columns(); j++) {
        double v = q.getDouble(i, j);
        q.putScalar(i, j, v + EPS);
        Tape a = Tape.inference();
        double plus = enc.inverseLoss(a, a.constant(q), batch).scalar();
        q.putScalar(i, j, v - EPS);
        Tape b = Tape.inference();
        double minus = enc.inverseLoss(b, b.constant(q), batch).scalar();
        q.putScalar(i, j, v);
        g.putScalar(i, j, (plus - minus) / (2 * EPS));
      }
    }
    // straight-through: the encoder gets J_z^T G, the gradient of sum(z(theta) * G)
    INDArray in = Nd4j.vstack(Nd4j.create(batch.observations(), new long[] {5, 3}, 'c'),
        Nd4j.create(batch.targets(), new long[] {5, 3}, 'c')).castTo(DataType.DOUBLE);
    double[] expected = numeric(p, 0, encEnd, () -> enc.network().forward(in).mul(g).sumNumber().doubleValue());
    assertTrue(maxAbs(expected, 0, encEnd) > 1e-4);
    assertClose(expected, grad, 0, encEnd, "straight-through, encoder");
    assertEquals(0.0, maxAbs(grad, encEnd, cbEnd), 0.0, "no inverse-loss gradient into the codebook");
    // the k embedding and the head: the true gradient of the inverse loss
    double[] heads = numeric(p, cbEnd, p.size(), () -> enc.terms(Tape.inference(), batch).inverse().scalar());
    assertClose(heads, grad, cbEnd, p.size(), "k embedding and inverse head");
  }

  @Test
  void theContinuousOptionWithTheForwardHeadMatchesFiniteDifferencesOnTheHeads() {
    AcStateConfig c = tiny().toBuilder().bottleneck(AcStateConfig.Bottleneck.CONTINUOUS).forwardWeight(0.5).build();
    AcStateEncoder enc = new AcStateEncoder(c, 3, 2, 31, DataType.DOUBLE);
    fill(enc, 3, 2, 20, 32);
    StepBuffer.Batch batch = enc.buffer().sample(5, 2, new Rng(33));
    Parameters p = enc.parameters();
    int encEnd = (int) enc.network().weights().length();
    Tape t = Tape.training();
    AcStateEncoder.Terms terms = enc.terms(t, batch);
    assertEquals(terms.inverse().scalar() + 0.5 * terms.forward().scalar(), terms.total().scalar(), 1e-12);
    t.backward(terms.total());
    double[] grad = p.gradient().toDoubleVector();
    // every parameter after the encoder (k embedding, inverse head, forward head) gets the true gradient
    double[] numeric = numeric(p, encEnd, p.size(), () -> enc.terms(Tape.inference(), batch).total().scalar());
    assertClose(numeric, grad, encEnd, p.size(), "heads");
    assertTrue(maxAbs(grad, 0, encEnd) > 1e-4, "the encoder learns");
  }

  @Test
  void theCodeForwardLossIsTheNextCodesCrossEntropyStraightThroughToTheEncoder() {
    AcStateConfig c = tiny().toBuilder().forwardWeight(0.5).forwardLoss(AcStateConfig.ForwardLoss.CODE).build();
    AcStateEncoder enc = new AcStateEncoder(c, 3, 2, 61, DataType.DOUBLE);
    fill(enc, 3, 2, 20, 62);
    StepBuffer.Batch batch = enc.buffer().sample(5, 2, new Rng(63));
    Parameters p = enc.parameters();
    int encEnd = (int) enc.network().weights().length();
    int cbEnd = encEnd + 3 * 2;
    int headStart = p.size() - Mlp.paramCount(2 + 2, 3, 3); // (q_t, onehot(a_t)) -> hidden 3 -> 3 codes

    Tape t = Tape.training();
    AcStateEncoder.Terms terms = enc.terms(t, batch);
    INDArray q = enc.codebookWeight().values().getRows(terms.codes()).dup();
    // the target is the code the current encoder gives x_{t+1}
    int[] next = enc.codes(Nd4j.create(batch.nexts(), new long[] {5, 3}, 'c'));
    assertArrayEquals(next, java.util.Arrays.copyOfRange(terms.codes(), 10, 15));
    assertEquals(terms.inverse().scalar() + terms.codebook().scalar() + 0.25 * terms.commitment().scalar()
        + 0.5 * terms.forward().scalar(), terms.total().scalar(), 1e-12);
    t.backward(terms.forward());
    double[] grad = p.gradient().toDoubleVector();

    // G = dL_fwd/dq by finite differences of the head on the quantised rows, the codes held
    INDArray g = Nd4j.zeros(DataType.DOUBLE, q.rows(), q.columns());
    for (int i = 0; i < q.rows(); i++) {
      for (int j = 0; j < q.columns(); j++) {
        double v = q.getDouble(i, j);
        q.putScalar(i, j, v + EPS);
        Tape a = Tape.inference();
        double plus = enc.forwardLoss(a, a.constant(q), terms.codes(), batch).scalar();
        q.putScalar(i, j, v - EPS);
        Tape b = Tape.inference();
        double minus = enc.forwardLoss(b, b.constant(q), terms.codes(), batch).scalar();
        q.putScalar(i, j, v);
        g.putScalar(i, j, (plus - minus) / (2 * EPS));
      }
    }
    assertEquals(0.0, g.get(NDArrayIndex.interval(5, 15), NDArrayIndex.all()).amaxNumber().doubleValue(), 0.0,
        "only q_t is read; x_{t+k} and the target x_{t+1} are not");
    // straight-through: the encoder gets J_z^T G, the gradient of sum(z(theta) * G)
    INDArray in = Nd4j.vstack(Nd4j.create(batch.observations(), new long[] {5, 3}, 'c'),
        Nd4j.create(batch.targets(), new long[] {5, 3}, 'c'), Nd4j.create(batch.nexts(), new long[] {5, 3}, 'c'))
        .castTo(DataType.DOUBLE);
    double[] expected = numeric(p, 0, encEnd, () -> enc.network().forward(in).mul(g).sumNumber().doubleValue());
    assertTrue(maxAbs(expected, 0, encEnd) > 1e-4);
    assertClose(expected, grad, 0, encEnd, "straight-through, encoder");
    assertEquals(0.0, maxAbs(grad, encEnd, headStart), 0.0, "nothing into the codebook, k embedding, inverse head");
    // the forward head: the true gradient of the cross-entropy
    double[] head = numeric(p, headStart, p.size(), () -> enc.terms(Tape.inference(), batch).forward().scalar());
    assertTrue(maxAbs(head, headStart, p.size()) > 1e-4);
    assertClose(head, grad, headStart, p.size(), "forward head");
  }

  @Test
  void deadCodesMoveToEncoderOutputsOfTheBatch() {
    AcStateConfig c = tiny().toBuilder().codes(6).deadCodeWindow(1).batchSize(64).build();
    AcStateEncoder enc = new AcStateEncoder(c, 3, 2, 41);
    INDArray eye = Nd4j.eye(3).castTo(DataType.FLOAT);
    for (int t = 0; t < 30; t++) {
      enc.observe(eye.getRow(t % 3).toFloatVector(), t % 2, eye.getRow((t + 1) % 3).toFloatVector(), false);
    }
    enc.codebookWeight().values().getRow(5).assign(100); // far from every output: never used
    INDArray z = enc.network().forward(eye);
    int[] used = AcStateEncoder.nearest(z, enc.codebookWeight().values());
    List<Integer> dead = new ArrayList<>();
    for (int code = 0; code < 6; code++) {
      boolean live = false;
      for (int u : used) {
        live |= u == code;
      }
      if (!live) {
        dead.add(code);
      }
    }
    assertTrue(dead.contains(5) && dead.size() >= 3, "dead " + dead);
    AcStateEncoder.Losses losses = enc.update();
    assertEquals(6 - dead.size(), losses.codesUsed());
    assertEquals(dead.size(), enc.reinitialisedCodes());
    for (int code : dead) {
      INDArray row = enc.codebookWeight().values().getRow(code);
      boolean isOutput = false;
      for (int i = 0; i < 3; i++) {
        isOutput |= row.equals(z.getRow(i));
      }
      assertTrue(isOutput, "code " + code + " = " + row + " is one of the encoder's outputs " + z);
      assertEquals(1, enc.generations()[code], "a moved code's generation");
    }
    // the code view marks a moved code with its generation, so a count over it starts afresh
    int[] now = enc.codes(eye);
    float[] view = enc.codeView().encode(eye).reshape(18).toFloatVector();
    for (int i = 0; i < 3; i++) {
      for (int code = 0; code < 6; code++) {
        float expected = code == now[i] ? 1f + enc.generations()[code] : 0f;
        assertEquals(expected, view[i * 6 + code], "row " + i + ", code " + code);
      }
    }
  }

  /**
   * A rollout's columns are separate streams and its end is an episode end for the buffer: every pair
   * sampled from a rollout of 2 columns joins steps of one column, and never crosses into the next
   * rollout (observations encode column and step, so a pair's two ends can be read back).
   */
  @Test
  void aRolloutGoesInColumnByColumnAndNoPairCrossesAColumnOrARollout() {
    int steps = 5;
    int columns = 2;
    AcStateEncoder enc = new AcStateEncoder(tiny().toBuilder().maxK(4).bufferCapacity(100).build(), 3, 2, 9);
    for (int rollout = 0; rollout < 2; rollout++) {
      float[] obs = new float[steps * columns * 3];
      float[] next = new float[steps * columns * 3];
      float[] actions = new float[steps * columns];
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < columns; i++) {
          int row = t * columns + i;
          // (rollout, column, step) of x_t and of its successor x_{t+1}
          obs[row * 3] = rollout;
          obs[row * 3 + 1] = i;
          obs[row * 3 + 2] = t;
          next[row * 3] = rollout;
          next[row * 3 + 1] = i;
          next[row * 3 + 2] = t + 1;
          actions[row] = (t + i) % 2;
        }
      }
      float[] zeros = new float[steps * columns];
      enc.observe(dev.curio.core.trajectory.Trajectory.builder(3)
          .observations(Nd4j.create(obs, new long[] {steps, columns, 3}))
          .nextObservations(Nd4j.create(next, new long[] {steps, columns, 3}))
          .actions(Nd4j.create(actions, new long[] {steps, columns}))
          .rewards(Nd4j.create(zeros, new long[] {steps, columns}))
          .terminated(Nd4j.create(zeros, new long[] {steps, columns}))
          .truncated(Nd4j.create(zeros, new long[] {steps, columns}))
          .build());
    }
    assertEquals(2 * steps * columns, enc.buffer().size());
    StepBuffer.Batch b = enc.buffer().sample(2000, 4, new Rng(3));
    int longest = 0;
    for (int p = 0; p < b.size(); p++) {
      float[] from = java.util.Arrays.copyOfRange(b.observations(), p * 3, p * 3 + 3);
      float[] to = java.util.Arrays.copyOfRange(b.targets(), p * 3, p * 3 + 3);
      assertEquals(from[0], to[0], "pair " + p + " joins two rollouts");
      assertEquals(from[1], to[1], "pair " + p + " joins two columns");
      assertEquals(from[2] + b.ks()[p], to[2], "pair " + p + ": x_{t+k} is k steps on in its column");
      longest = Math.max(longest, b.ks()[p]);
    }
    assertEquals(4, longest, "pairs of the full horizon exist inside a column");
  }

  /**
   * Scoring an encoder ({@code inverseLoss}) leaves it as it was: the same state bytes, the same next
   * update; the same seed gives the same score, and a score is a mean of cross-entropies over the 2
   * actions (at most a few nats for a barely trained head).
   */
  @Test
  void scoringChangesNothing() {
    AcStateConfig c = tiny().toBuilder().codes(4).batchSize(16).bufferCapacity(40).build();
    AcStateEncoder a = new AcStateEncoder(c, 3, 2, 61);
    AcStateEncoder b = new AcStateEncoder(c, 3, 2, 61);
    fill(a, 3, 2, 30, 62);
    fill(b, 3, 2, 30, 62);
    for (int s = 0; s < 5; s++) {
      a.update();
      b.update();
    }
    byte[] before = a.state().toBytes();
    double score = a.inverseLoss(4, 7);
    assertArrayEquals(before, a.state().toBytes());
    assertEquals(score, a.inverseLoss(4, 7));
    assertTrue(score > 0 && score < 5, "mean cross-entropy " + score);
    assertEquals(b.update(), a.update(), "the next update is the one it would have been");
    assertThrows(IllegalArgumentException.class, () -> a.inverseLoss(0, 7));
  }

  @Test
  void aRestoredEncoderTrainsBitForBitLikeTheOriginal() throws Exception {
    AcStateConfig c = tiny().toBuilder().codes(4).deadCodeWindow(7).batchSize(16).bufferCapacity(40).build();
    AcStateEncoder a = new AcStateEncoder(c, 3, 2, 51);
    fill(a, 3, 2, 30, 52);
    for (int s = 0; s < 20; s++) {
      a.update();
    }
    Snapshot saved = Snapshot.fromBytes(a.state().toBytes());
    AcStateEncoder b = new AcStateEncoder(c, 3, 2, 999);
    b.restore(saved);
    for (int s = 0; s < 15; s++) {
      if (s == 5) {
        fill(a, 3, 2, 12, 53); // the ring wraps around after the restore
        fill(b, 3, 2, 12, 53);
      }
      assertEquals(a.update(), b.update(), "step " + s);
    }
    assertArrayEquals(a.parameters().values().toFloatVector(), b.parameters().values().toFloatVector());
    assertEquals(a.reinitialisedCodes(), b.reinitialisedCodes());
    INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3);
    assertArrayEquals(a.codes(x), b.codes(x));
    assertArrayEquals(a.state().toBytes(), b.state().toBytes());
  }

  @Test
  void restoreRefusesAnotherLayoutNamingTheEntry() {
    Snapshot s = new AcStateEncoder(tiny(), 3, 2, 1).state();
    assertEquals("AC-State snapshot entry 'codes' is 3, this encoder has 4", assertThrows(IllegalArgumentException.class,
        () -> new AcStateEncoder(tiny().toBuilder().codes(4).build(), 3, 2, 1).restore(s)).getMessage());
    assertEquals("AC-State snapshot entry 'obsDim' is 3, this encoder has 5", assertThrows(
        IllegalArgumentException.class, () -> new AcStateEncoder(tiny(), 5, 2, 1).restore(s)).getMessage());
    assertEquals("AC-State snapshot entry 'vq' is 1, this encoder has 0", assertThrows(IllegalArgumentException.class,
        () -> new AcStateEncoder(tiny().toBuilder().bottleneck(AcStateConfig.Bottleneck.CONTINUOUS).build(), 3, 2, 1)
            .restore(s)).getMessage());
    assertEquals("AC-State snapshot entry 'forwardHead' is 0, this encoder has 1", assertThrows(
        IllegalArgumentException.class,
        () -> new AcStateEncoder(tiny().toBuilder().forwardWeight(1).build(), 3, 2, 1).restore(s)).getMessage());
    Snapshot latentHead = new AcStateEncoder(tiny().toBuilder().forwardWeight(1).build(), 3, 2, 1).state();
    assertEquals("AC-State snapshot entry 'forwardCodes' is 0, this encoder has 1", assertThrows(
        IllegalArgumentException.class, () -> new AcStateEncoder(tiny().toBuilder().forwardWeight(1)
            .forwardLoss(AcStateConfig.ForwardLoss.CODE).build(), 3, 2, 1).restore(latentHead)).getMessage());
    assertEquals("AC-State snapshot entry 'buffer/capacity' is 50, this buffer has 60", assertThrows(
        IllegalArgumentException.class,
        () -> new AcStateEncoder(tiny().toBuilder().bufferCapacity(60).build(), 3, 2, 1).restore(s)).getMessage());
    assertEquals("snapshot is of module '?', not 'ac-state'", assertThrows(IllegalArgumentException.class,
        () -> new AcStateEncoder(tiny(), 3, 2, 1).restore(new Snapshot())).getMessage());
  }

  @Test
  void badInputGetsOneLine() {
    AcStateEncoder enc = new AcStateEncoder(tiny(), 3, 2, 1);
    assertEquals("numActions must be at least 2 for an inverse model, got 1",
        assertThrows(IllegalArgumentException.class, () -> new AcStateEncoder(tiny(), 3, 1, 1)).getMessage());
    assertEquals("action must be in [0, 2), got 2", assertThrows(IllegalArgumentException.class,
        () -> enc.observe(new float[3], 2, new float[3], false)).getMessage());
    assertEquals("the AC-State buffer is empty; add steps before sampling",
        assertThrows(IllegalStateException.class, enc::update).getMessage());
    assertEquals("observations must be [B, 3], got [2, 4]",
        assertThrows(IllegalArgumentException.class, () -> enc.encode(Nd4j.zeros(2, 4))).getMessage());
    AcStateEncoder continuous = new AcStateEncoder(
        tiny().toBuilder().bottleneck(AcStateConfig.Bottleneck.CONTINUOUS).build(), 3, 2, 1);
    assertEquals("a continuous AC-State encoder has no codes (encoder.acState.bottleneck is CONTINUOUS)",
        assertThrows(IllegalStateException.class, () -> continuous.codes(Nd4j.zeros(1, 3))).getMessage());
    assertEquals(2, continuous.encode(Nd4j.zeros(4, 3)).columns());
    // encode gives the nearest code's vector
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3);
    assertEquals(enc.codebookWeight().values().getRows(enc.codes(x)), enc.encode(x));
  }
}
