package dev.curio.agents.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curio.core.Rng;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Arrays, random parameters and a finite-difference check shared by the distribution tests. */
final class Fixtures {
  private Fixtures() {}

  /** A float {@code [rows, cols]} array. */
  static INDArray floats(double[][] rows) {
    return doubles(rows).castTo(DataType.FLOAT);
  }

  /** A double {@code [rows, cols]} array. */
  static INDArray doubles(double[][] rows) {
    return Nd4j.createFromArray(rows);
  }

  /** A float {@code [n]} array. */
  static INDArray vector(double... values) {
    return Nd4j.createFromArray(values).castTo(DataType.FLOAT);
  }

  /** {@code [b, P]} random parameters: logits in [-3, 3], means in [-2, 2], log-stds in [-1, 0.5]. */
  static double[][] randomParams(ActionDistribution dist, int b, Rng rng) {
    int p = dist.paramCount();
    double[][] out = new double[b][p];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < p; j++) {
        boolean logStd = dist instanceof DiagGaussian && j >= dist.actionDim();
        out[i][j] = logStd ? -1 + 1.5 * rng.nextDouble() : (dist instanceof DiagGaussian ? 4 : 6) * (rng.nextDouble() - 0.5);
      }
    }
    return out;
  }

  /** The sample's actions as a float {@code [B, D]} array. */
  static INDArray actions(ActionDistribution.Sample s, int d) {
    return Nd4j.create(s.actions(), new long[] {s.batch(), d}, DataType.FLOAT);
  }

  /** The same values as a double array, for comparisons. */
  static double[] host(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  /** {@code a} widened to double. */
  static double[] doubles(float[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  static void assertClose(double[] expected, INDArray actual, double tol, String what) {
    assertEquals(1, actual.rank(), what + " should be [B], got " + java.util.Arrays.toString(actual.shape()));
    assertArrayEquals(expected, host(actual), tol, what);
  }

  /**
   * Central differences (h = 1e-5, in double) of {@code value: params [B, P] -> [B]} against
   * {@code analytic [B, P]}: row b of the gradient must be d value_b / d params_b.
   */
  static void assertGradient(String what, INDArray params, Function<INDArray, INDArray> value, INDArray analytic) {
    INDArray p = params.castTo(DataType.DOUBLE);
    assertArrayEquals(p.shape(), analytic.shape(), what + " gradient shape");
    double h = 1e-5;
    for (int i = 0; i < p.rows(); i++) {
      for (int j = 0; j < p.columns(); j++) {
        INDArray plus = p.dup();
        plus.putScalar(i, j, p.getDouble(i, j) + h);
        INDArray minus = p.dup();
        minus.putScalar(i, j, p.getDouble(i, j) - h);
        double numeric = (value.apply(plus).getDouble(i) - value.apply(minus).getDouble(i)) / (2 * h);
        assertEquals(numeric, analytic.getDouble(i, j), 1e-6 * (1 + Math.abs(numeric)),
            what + " d/dparams[" + i + ", " + j + "]");
      }
    }
  }
}
