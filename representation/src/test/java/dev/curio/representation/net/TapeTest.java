package dev.curio.representation.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every operation of the tape against central finite differences in double precision: the inputs
 * are parameters of one vector, the loss is {@code sum(C * op(inputs))} for a fixed random C.
 */
class TapeTest {
  private static final double EPS = 1e-6;

  /** Inputs of the given shapes as weights of one DOUBLE parameter vector, filled N(0, 1). */
  private static Parameters.Weight[] inputs(Parameters p, long[]... shapes) {
    Parameters.Slice slice = p.claim(p.size());
    Parameters.Weight[] w = new Parameters.Weight[shapes.length];
    int at = 0;
    for (int i = 0; i < shapes.length; i++) {
      w[i] = slice.weight(at, shapes[i]);
      long n = 1;
      for (long d : shapes[i]) {
        n *= d;
      }
      at += (int) n;
    }
    return w;
  }

  private static int total(long[]... shapes) {
    int n = 0;
    for (long[] s : shapes) {
      long m = 1;
      for (long d : s) {
        m *= d;
      }
      n += (int) m;
    }
    return n;
  }

  private static double lossOf(Parameters.Weight[] w, BiFunction<Tape, Var[], Var> op, INDArray[] c) {
    Tape t = Tape.inference();
    Var[] in = new Var[w.length];
    for (int i = 0; i < w.length; i++) {
      in[i] = w[i].on(t);
    }
    Var out = op.apply(t, in);
    if (c[0] == null) {
      Rng rng = new Rng(99);
      double[] v = new double[(int) out.value().length()];
      for (int i = 0; i < v.length; i++) {
        v[i] = rng.nextGaussian();
      }
      c[0] = Nd4j.create(v, out.value().shape(), DataType.DOUBLE);
    }
    return out.value().mul(c[0]).sumNumber().doubleValue();
  }

  /** Checks {@code op}'s gradient with respect to every input element. */
  private static void check(String name, BiFunction<Tape, Var[], Var> op, long[]... shapes) {
    check(name, 1.0, 0.0, op, shapes);
  }

  private static void check(String name, double scale, double shift, BiFunction<Tape, Var[], Var> op, long[]... shapes) {
    Parameters p = new Parameters(total(shapes), DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, shapes);
    Rng rng = new Rng(name.hashCode());
    for (int i = 0; i < p.size(); i++) {
      p.values().putScalar(0, i, rng.nextGaussian() * scale + shift);
    }
    INDArray[] c = new INDArray[1];
    lossOf(w, op, c);
    Tape t = Tape.training();
    Var[] in = new Var[w.length];
    for (int i = 0; i < w.length; i++) {
      in[i] = w[i].on(t);
    }
    Var loss = t.sum(t.mul(op.apply(t, in), t.constant(c[0])));
    t.backward(loss);
    double[] analytic = p.gradient().dup().data().asDouble();
    for (int i = 0; i < p.size(); i++) {
      double v = p.values().getDouble(0, i);
      p.values().putScalar(0, i, v + EPS);
      double up = lossOf(w, op, c);
      p.values().putScalar(0, i, v - EPS);
      double down = lossOf(w, op, c);
      p.values().putScalar(0, i, v);
      double numeric = (up - down) / (2 * EPS);
      assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)), name + ": element " + i);
    }
  }

  private static long[] s(long... d) {
    return d;
  }

  @Test
  void linearAlgebraAndBroadcasting() {
    check("mmul", (t, x) -> t.mmul(x[0], x[1]), s(3, 4), s(4, 2));
    check("addRow", (t, x) -> t.addRow(x[0], x[1]), s(3, 4), s(1, 4));
    check("mulRow", (t, x) -> t.mulRow(x[0], x[1]), s(3, 4), s(1, 4));
    check("mulColumn", (t, x) -> t.mulColumn(x[0], x[1]), s(3, 4), s(3, 1));
    for (Activation act : Activation.values()) {
      check("dense " + act, (t, x) -> t.dense(x[0], x[1], x[2], act), s(3, 4), s(4, 2), s(1, 2));
    }
    check("add", (t, x) -> t.add(x[0], x[1]), s(3, 4), s(3, 4));
    check("sub", (t, x) -> t.sub(x[0], x[1]), s(3, 4), s(3, 4));
    check("mul", (t, x) -> t.mul(x[0], x[1]), s(3, 4), s(3, 4));
    check("scale", (t, x) -> t.scale(x[0], -2.5), s(3, 4));
    check("addScalar", (t, x) -> t.addScalar(x[0], 1.5), s(3, 4));
  }

  @Test
  void elementWiseFunctions() {
    check("relu", (t, x) -> t.relu(x[0]), s(4, 5));
    check("tanh", (t, x) -> t.tanh(x[0]), s(4, 5));
    check("sigmoid", (t, x) -> t.sigmoid(x[0]), s(4, 5));
    check("exp", (t, x) -> t.exp(x[0]), s(4, 5));
    check("square", (t, x) -> t.square(x[0]), s(4, 5));
    check("abs", (t, x) -> t.abs(x[0]), s(4, 5));
    check("pow -0.5 (positive inputs)", 0.3, 2.0, (t, x) -> t.pow(x[0], -0.5), s(4, 5));
    check("pow 3", (t, x) -> t.pow(x[0], 3), s(4, 5));
    check("softplus", 4.0, 0.0, (t, x) -> t.softplus(x[0]), s(4, 5));
    check("minimum", (t, x) -> t.minimum(x[0], x[1]), s(4, 5), s(4, 5));
    check("maximum", (t, x) -> t.maximum(x[0], x[1]), s(4, 5), s(4, 5));
    check("clip", (t, x) -> t.clip(x[0], -0.5, 0.7), s(4, 5));
  }

  @Test
  void reductionsAndShapes() {
    check("logSoftmax", 3.0, 0.0, (t, x) -> t.logSoftmax(x[0]), s(4, 5));
    check("sumRows", (t, x) -> t.sumRows(x[0]), s(4, 5));
    check("sum", (t, x) -> t.sum(x[0]), s(4, 5));
    check("mean", (t, x) -> t.mean(x[0]), s(4, 5));
    check("reshape", (t, x) -> t.reshape(x[0], 2, 10), s(4, 5));
    check("columns", (t, x) -> t.columns(x[0], 1, 3), s(4, 5));
    check("rows", (t, x) -> t.rows(x[0], 1, 3), s(4, 5));
    check("hstack", (t, x) -> t.hstack(x[0], x[1]), s(4, 2), s(4, 3));
    check("vstack", (t, x) -> t.vstack(x[0], x[1]), s(2, 3), s(4, 3));
  }

  @Test
  void convolutionAndPooling() {
    check("conv2d", (t, x) -> t.conv2d(x[0], x[1], x[2]), s(2, 5, 4, 3), s(2, 2, 3, 4), s(1, 4));
    check("maxPool", (t, x) -> t.maxPool(x[0], 2), s(2, 4, 6, 3));
    check("conv stack", (t, x) -> t.relu(t.conv2d(t.maxPool(t.relu(t.conv2d(x[0], x[1], x[2])), 2), x[3], x[4])),
        s(2, 7, 7, 3), s(2, 2, 3, 4), s(1, 4), s(2, 2, 4, 2), s(1, 2));
  }

  @Test
  void compositesAsTheLossesUseThem() {
    // a softmax cross-entropy, PPO's clipped surrogate and a two-use (shared) weight
    check("cross-entropy", (t, x) -> t.logSoftmax(t.mmul(x[0], x[1])).mul(t.constant(oneHot(4, 3))).sumRows().mean(),
        s(4, 5), s(5, 3));
    check("clipped surrogate", (t, x) -> {
      Var ratio = t.exp(x[0]);
      Var adv = x[1];
      return t.minimum(ratio.mul(adv), ratio.clip(0.8, 1.2).mul(adv)).mean().neg();
    }, s(6, 1), s(6, 1));
    check("shared weight", (t, x) -> t.add(t.mmul(x[0], x[2]), t.mmul(x[1], x[2])).tanh(), s(3, 4), s(3, 4), s(4, 2));
  }

  /**
   * What the coming issues need, composed from the tape's operations and checked the same way: a
   * GRU cell (Cho et al. 2014) unrolled over two steps with its weights shared across them, and a
   * vector-quantisation bottleneck with the straight-through estimator (van den Oord et al. 2017).
   */
  @Test
  void aGruCellAndAQuantisedBottleneckFromPlainOperations() {
    // inputs x1, x2 [3, 4]; h0 [3, 5]; W [4, 15], U [5, 15], b [1, 15] hold the z, r, n gates side by side
    check("GRU, two steps", 0.5, 0.0, (t, x) -> {
      Var h = x[2];
      for (Var in : new Var[] {x[0], x[1]}) {
        Var wx = t.addRow(t.mmul(in, x[3]), x[5]);
        Var uh = t.mmul(h, x[4]);
        Var z = t.add(wx.columns(0, 5), uh.columns(0, 5)).sigmoid();
        Var r = t.add(wx.columns(5, 10), uh.columns(5, 10)).sigmoid();
        Var n = t.add(wx.columns(10, 15), r.mul(uh.columns(10, 15))).tanh();
        h = z.neg().add(1.0).mul(n).add(z.mul(h));
      }
      return h;
    }, s(3, 4), s(3, 4), s(3, 5), s(4, 15), s(5, 15), s(1, 15));
    // vector quantisation: e = x W; code = the nearest of the codebook's rows (chosen outside the
    // tape, as a one-hot [B, K] times the codebook); the output is the code with e's gradient
    Parameters p = new Parameters(4 * 3 + 3 * 2 + 5 * 2, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(4, 3), s(3, 2), s(5, 2));
    Rng rng = new Rng(5);
    for (int i = 0; i < p.size(); i++) {
      p.values().putScalar(0, i, rng.nextGaussian());
    }
    Tape t = Tape.training();
    Var e = t.mmul(w[0].on(t), w[1].on(t));
    Var code = t.mmul(t.constant(nearest(e.value(), w[2].values())), w[2].on(t));
    Var out = t.straightThrough(e, code);
    assertEquals(0.0, out.value().sub(code.value()).norm2Number().doubleValue(), 0.0, "the output is the code");
    t.backward(out.sum());
    // the decoder's gradient (all ones) reaches the encoder as if the output were e itself
    INDArray expected = Nd4j.ones(DataType.DOUBLE, 4, 2).mmul(w[1].values().transpose());
    assertEquals(0.0, w[0].gradient().sub(expected).norm2Number().doubleValue(), 1e-12);
    assertEquals(0.0, w[2].gradient().norm2Number().doubleValue(), 0.0, "no gradient into the codebook");
  }

  /** One-hot rows [B, K] of the codebook row nearest to each row of e [B, D] (codebook [K, D]). */
  private static INDArray nearest(INDArray e, INDArray codebook) {
    INDArray out = Nd4j.zeros(e.dataType(), e.rows(), codebook.rows());
    for (int i = 0; i < e.rows(); i++) {
      int best = 0;
      double bestD = Double.MAX_VALUE;
      for (int k = 0; k < codebook.rows(); k++) {
        double d = e.getRow(i).sub(codebook.getRow(k)).norm2Number().doubleValue();
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      }
      out.putScalar(i, best, 1.0);
    }
    return out;
  }

  @Test
  void twoLossesIntoOneSharedEncoderGiveTheSumOfTheirGradients() {
    Parameters p = new Parameters(4 * 3 + 3 * 2 + 3 * 2, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(4, 3), s(3, 2), s(3, 2));
    Rng rng = new Rng(11);
    for (int i = 0; i < p.size(); i++) {
      p.values().putScalar(0, i, rng.nextGaussian());
    }
    INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 4);
    java.util.function.Function<Integer, INDArray> grad = which -> {
      Tape t = Tape.training();
      Var encoded = t.mmul(t.constant(x), w[0].on(t)).tanh();
      Var first = t.mmul(encoded, w[1].on(t)).square().mean();
      Var second = t.mmul(encoded, w[2].on(t)).exp().mean();
      t.backward(which == 0 ? first : which == 1 ? second : t.add(first, second));
      return p.gradient().dup();
    };
    INDArray both = grad.apply(2);
    INDArray sum = grad.apply(0).add(grad.apply(1));
    assertEquals(0.0, both.sub(sum).norm2Number().doubleValue(), 1e-12);
    assertTrue(both.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 12)).norm2Number().doubleValue() > 0, "the encoder learns");
  }

  private static INDArray oneHot(int rows, int n) {
    INDArray m = Nd4j.zeros(DataType.DOUBLE, rows, n);
    for (int r = 0; r < rows; r++) {
      m.putScalar(r, r % n, 1.0);
    }
    return m;
  }

  @Test
  void tiesSendTheGradientToTheFirstArgumentOnly() {
    Parameters p = new Parameters(4, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(1, 2), s(1, 2));
    p.values().assign(Nd4j.createFromArray(new double[] {1, 2, 1, 3}).reshape(1, 4));
    Tape t = Tape.training();
    t.backward(t.sum(t.minimum(w[0].on(t), w[1].on(t))));
    // element 0 ties (1 = 1): all to a; element 1: a = 2 < 3, to a
    assertArrayEquals(new double[] {1, 1, 0, 0}, p.gradient().dup().data().asDouble(), 0.0);
  }

  @Test
  void clipPassesTheGradientFromLoToHiInclusiveAndNotForNaN() {
    Parameters p = new Parameters(6, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(1, 6));
    p.values().assign(Nd4j.createFromArray(new double[] {-0.5, 0.7, 0.1, -0.50001, 0.70001, Double.NaN}).reshape(1, 6));
    Tape t = Tape.training();
    Var out = t.clip(w[0].on(t), -0.5, 0.7);
    t.backward(t.sum(out.mul(2.0)));
    // at both bounds and inside: passes; beyond either bound or NaN: none
    assertArrayEquals(new double[] {2, 2, 2, 0, 0, 0}, p.gradient().dup().data().asDouble(), 0.0);
  }

  @Test
  void aLogSoftmaxAskedForTwiceIsOneNodeWhoseGradientsAddUp() {
    Parameters p = new Parameters(6, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(2, 3));
    p.values().assign(Nd4j.createFromArray(new double[] {0.3, -1.2, 2.0, 0.0, 0.5, -0.5}).reshape(1, 6));
    Tape t = Tape.training();
    Var x = w[0].on(t);
    Var first = x.logSoftmax();
    assertSame(first, x.logSoftmax());
    // entropy plus a log-probability, as a PPO loss asks: the same gradient as two separate nodes
    t.backward(t.sum(first.exp().mul(first)).add(t.sum(x.logSoftmax().mul(2.0))));
    double[] shared = p.gradient().dup().data().asDouble();
    Tape u = Tape.training();
    Var y = w[0].on(u);
    Var a = u.logSoftmax(u.constant(Nd4j.zeros(DataType.DOUBLE, 2, 3)).add(y));
    Var b = u.logSoftmax(u.constant(Nd4j.zeros(DataType.DOUBLE, 2, 3)).add(y));
    assertNotSame(a, b);
    u.backward(u.sum(a.exp().mul(a)).add(u.sum(b.mul(2.0))));
    assertArrayEquals(p.gradient().dup().data().asDouble(), shared, 1e-12);
  }

  /**
   * A tape on an arena takes the arrays the previous tape on it used (no new ones on a second call
   * of the same shapes) and computes what a tape without one computes, gradients included; a call
   * at another batch size replaces what no longer fits.
   */
  @Test
  void anArenaGivesTheNextTapeTheSameArraysAndTheSameResults() {
    Parameters p = new Parameters(3 * 5 + 5 + 5 * 2 + 2, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(3, 5), s(1, 5), s(5, 2), s(1, 2));
    p.values().assign(Nd4j.rand(DataType.DOUBLE, 1, p.size()).subi(0.5));
    Arena arena = new Arena();
    int[] held = new int[5];
    int[] batches = {4, 4, 7, 1, 1};
    for (int i = 0; i < batches.length; i++) {
      int rows = batches[i];
      INDArray x = Nd4j.rand(DataType.DOUBLE, rows, 3);
      INDArray y = Nd4j.rand(DataType.DOUBLE, rows, 2);
      double[][] results = new double[2][];
      double[] losses = new double[2];
      for (int run = 0; run < 2; run++) {
        Tape t = run == 0 ? Tape.training() : Tape.training(arena);
        // a column-major input of the same values, so the broadcasts and products also meet another layout
        Var h = t.dense(t.constant(run == 0 ? x : x.dup('f')), w[0].on(t), w[1].on(t), Activation.TANH);
        Var out = t.dense(h, w[2].on(t), w[3].on(t), Activation.IDENTITY);
        Var loss = out.logSoftmax().mul(t.constant(y)).sumRows().mean().add(out.sub(t.constant(y)).clip(-0.3, 0.3)
            .square().mean());
        t.backward(loss);
        losses[run] = loss.scalar();
        results[run] = p.gradient().dup().data().asDouble();
      }
      assertEquals(losses[0], losses[1], 0.0);
      assertArrayEquals(results[0], results[1], 0.0);
      held[i] = arena.size();
    }
    assertTrue(held[0] > 10, "the first call filled the arena: " + held[0]);
    assertEquals(held[0], held[1], "a second call of the same shapes took the same arrays, no new ones");
    assertEquals(held[0], held[2], "another batch size replaced arrays in their places");
    assertEquals(held[3], held[4]);
  }

  /** The same for the convolution and the pool, whose gradients are written into reused arrays. */
  @Test
  void anArenaGivesTheSameConvolutionAndPoolGradients() {
    Parameters p = new Parameters(2 * 2 * 3 * 4 + 4, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(2, 2, 3, 4), s(1, 4));
    p.values().assign(Nd4j.rand(DataType.DOUBLE, 1, p.size()).subi(0.5));
    Arena arena = new Arena();
    for (int call = 0; call < 3; call++) {
      INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 7, 7, 3);
      double[][] grads = new double[2][];
      for (int run = 0; run < 2; run++) {
        Tape t = run == 0 ? Tape.training() : Tape.training(arena);
        Var y = t.maxPool(t.conv2d(t.constant(x), w[0].on(t), w[1].on(t)).relu(), 2);
        long[] shape = y.shape();
        t.backward(y.reshape(shape[0], shape[1] * shape[2] * shape[3]).square().sumRows().mean());
        grads[run] = p.gradient().dup().data().asDouble();
      }
      assertArrayEquals(grads[0], grads[1], 0.0, "call " + call);
    }
  }

  @Test
  void straightThroughPassesTheGradientToTheInputOnly() {
    Parameters p = new Parameters(4, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(1, 2), s(1, 2));
    p.values().assign(Nd4j.createFromArray(new double[] {0.3, -0.2, 1, -1}).reshape(1, 4));
    Tape t = Tape.training();
    Var out = t.straightThrough(w[0].on(t), w[1].on(t));
    assertArrayEquals(new double[] {1, -1}, out.value().dup().data().asDouble(), 0.0);
    t.backward(t.sum(out.mul(3.0)));
    assertArrayEquals(new double[] {3, 3, 0, 0}, p.gradient().dup().data().asDouble(), 0.0);
  }

  @Test
  void backwardOverwritesTheWholeGradientVectorAndUnusedParametersGetZero() {
    Parameters p = new Parameters(6, DataType.DOUBLE);
    Parameters.Weight[] w = inputs(p, s(1, 3), s(1, 3));
    p.values().assign(1.0);
    p.gradient().assign(42.0);
    Tape t = Tape.training();
    t.backward(t.sum(w[0].on(t).mul(2.0)));
    assertArrayEquals(new double[] {2, 2, 2, 0, 0, 0}, p.gradient().dup().data().asDouble(), 0.0);
  }

  @Test
  void misuseFailsWithOneLine() {
    Tape inference = Tape.inference();
    Var x = inference.constant(Nd4j.ones(DataType.FLOAT, 2, 3));
    assertThrows(IllegalStateException.class, () -> inference.backward(x.sum()));
    Tape t = Tape.training();
    Var a = t.constant(Nd4j.ones(DataType.FLOAT, 2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.mmul(a, t.constant(Nd4j.ones(DataType.FLOAT, 2, 3))));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.backward(a));
    assertThrows(IllegalArgumentException.class, () -> t.add(a, inference.constant(Nd4j.ones(DataType.FLOAT, 2, 3))));
    Var loss = a.sum();
    t.backward(loss);
    assertThrows(IllegalStateException.class, () -> t.backward(loss));
  }
}
