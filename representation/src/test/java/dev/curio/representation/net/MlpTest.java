package dev.curio.representation.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpTest {
  private static INDArray randn(Rng rng, int rows, int cols) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
  }

  @Test
  void weightAndGradientSlicesAreViewsOfTheFlatVectors() {
    Parameters p = new Parameters(Mlp.paramCount(3, 4, 2) + Mlp.paramCount(2, 2));
    Mlp first = new Mlp(p, new int[] {3, 4, 2}, Activation.RELU, Activation.IDENTITY, new Rng(1));
    Mlp second = new Mlp(p, new int[] {2, 2}, Activation.TANH, Activation.TANH, new Rng(2));
    // writing through the flat vector must be visible through the networks' weights
    p.values().assign(0.5);
    assertEquals(0.5, first.weights().meanNumber().doubleValue(), 1e-7);
    assertEquals(0.5, second.weights().meanNumber().doubleValue(), 1e-7);
    INDArray x = Nd4j.ones(DataType.FLOAT, 1, 2);
    // tanh(0.5 * 2 + 0.5) for both outputs
    assertEquals(Math.tanh(1.5), second.forward(x).getDouble(0, 0), 1e-6);
    // and a backward pass must land in the flat gradient at the second network's offset
    Tape t = Tape.training();
    t.backward(second.forward(t, t.constant(x)).sum());
    int off = Mlp.paramCount(3, 4, 2);
    double g = 1 - Math.tanh(1.5) * Math.tanh(1.5);
    float[] grad = p.gradient().dup().data().asFloat();
    assertEquals(0.0, grad[off - 1], 0.0);
    for (int i = 0; i < Mlp.paramCount(2, 2); i++) {
      assertEquals(g, grad[off + i], 1e-6, "gradient element " + i);
    }
  }

  /** L = sum(c * f(x)) for a fixed random c, so dL/dout = c. */
  private static double loss(Mlp mlp, INDArray x, INDArray c) {
    return mlp.forward(x).mul(c).sumNumber().doubleValue();
  }

  @Test
  void backwardMatchesFiniteDifferences() {
    for (Activation act : Activation.values()) {
      Rng rng = new Rng(7);
      Parameters p = new Parameters(Mlp.paramCount(4, 5, 3), DataType.DOUBLE);
      Mlp mlp = new Mlp(p, new int[] {4, 5, 3}, act, Activation.TANH, rng);
      p.values().addi(randn(rng, 1, p.size()).muli(0.1)); // non-zero biases
      INDArray x = randn(rng, 6, 4);
      INDArray c = randn(rng, 6, 3);
      // the input as a parameter of its own vector, so its gradient is checked too
      Parameters xp = new Parameters(24, DataType.DOUBLE);
      Parameters.Weight xw = xp.claim(24).weight(0, 6, 4);
      xw.values().assign(x);
      Tape tape = Tape.training();
      tape.backward(mlp.forward(tape, xw.on(tape)).mul(tape.constant(c)).sum());
      INDArray dx = xw.gradient();
      double[] analytic = p.gradient().dup().data().asDouble();
      double eps = 1e-6;
      for (int i = 0; i < p.size(); i++) {
        double v = p.values().getDouble(0, i);
        p.values().putScalar(0, i, v + eps);
        double up = loss(mlp, x, c);
        p.values().putScalar(0, i, v - eps);
        double down = loss(mlp, x, c);
        p.values().putScalar(0, i, v);
        double numeric = (up - down) / (2 * eps);
        assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)), act + " parameter " + i);
      }
      for (int r = 0; r < 6; r++) {
        for (int j = 0; j < 4; j++) {
          double v = x.getDouble(r, j);
          x.putScalar(r, j, v + eps);
          double up = loss(mlp, x, c);
          x.putScalar(r, j, v - eps);
          double down = loss(mlp, x, c);
          x.putScalar(r, j, v);
          assertEquals((up - down) / (2 * eps), dx.getDouble(r, j), 1e-6, act + " input " + r + "," + j);
        }
      }
    }
  }

  @Test
  void adamFitsALinearMapAndStateRoundTrips() {
    Rng rng = new Rng(3);
    Parameters p = new Parameters(Mlp.paramCount(3, 2));
    Mlp mlp = new Mlp(p, new int[] {3, 2}, Activation.IDENTITY, Activation.IDENTITY, rng);
    INDArray x = randn(rng, 32, 3).castTo(DataType.FLOAT);
    INDArray y = x.mmul(Nd4j.createFromArray(new float[][] {{1, -1}, {2, 0}, {0, 3}}));
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 300; step++) {
      Tape t = Tape.training();
      Var loss = mlp.forward(t, t.constant(x)).sub(t.constant(y)).square().mean();
      last = loss.scalar();
      if (step == 0) {
        first = last;
      }
      t.backward(loss);
      p.adamStep(0.05);
    }
    assertTrue(last < 0.01 * first, "loss " + first + " -> " + last);
    assertEquals(300, p.steps());

    Parameters q = new Parameters(p.size());
    new Mlp(q, new int[] {3, 2}, Activation.IDENTITY, Activation.IDENTITY, new Rng(99));
    q.restore(p.state());
    assertArrayEquals(p.values().dup().data().asFloat(), q.values().dup().data().asFloat());
    assertEquals(p.steps(), q.steps());
  }
}
