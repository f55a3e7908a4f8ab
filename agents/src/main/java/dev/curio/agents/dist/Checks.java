package dev.curio.agents.dist;

import dev.curio.core.trajectory.Host;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Argument checks shared by the distributions. Every failure is one line that names the
 * distribution ({@code dist.toString()}) and the shapes or values involved.
 */
final class Checks {
  private Checks() {}

  /** {@code params} is a floating-point {@code [B, P]}; returns B. */
  static int params(ActionDistribution dist, String what, INDArray params) {
    if (params == null) {
      throw new IllegalArgumentException(dist + ": " + what + " is null, expected [B, " + dist.paramCount() + "]");
    }
    if (params.rank() != 2 || params.columns() != dist.paramCount()) {
      throw new IllegalArgumentException(dist + ": " + what + " must be [B, " + dist.paramCount() + "], got "
          + Arrays.toString(params.shape()));
    }
    if (!params.dataType().isFPType()) {
      throw new IllegalArgumentException(dist + ": " + what + " must be floating point, got "
          + params.dataType() + " " + Arrays.toString(params.shape()));
    }
    return (int) params.rows();
  }

  /** {@code p} and {@code q} have the same {@code [B, P]} shape. */
  static void klPair(ActionDistribution dist, INDArray p, INDArray q) {
    params(dist, "kl's p", p);
    params(dist, "kl's q", q);
    if (!Arrays.equals(p.shape(), q.shape())) {
      throw new IllegalArgumentException(dist + ": kl needs p and q of the same shape, got p "
          + Arrays.toString(p.shape()) + " and q " + Arrays.toString(q.shape()));
    }
  }

  /**
   * {@code actions} as {@code [B, D]} in the data type of {@code params}: {@code [B, D]} is taken as
   * it is, {@code [B]} only when D is 1.
   */
  static INDArray actions(ActionDistribution dist, INDArray params, INDArray actions) {
    int b = params(dist, "params", params);
    int d = dist.actionDim();
    if (actions == null) {
      throw new IllegalArgumentException(dist + ": actions are null, expected [" + b + ", " + d + "]");
    }
    long[] s = actions.shape();
    boolean matrix = actions.rank() == 2 && s[0] == b && s[1] == d;
    boolean vector = actions.rank() == 1 && d == 1 && s[0] == b;
    if (!matrix && !vector) {
      String accepted = d == 1 ? "[" + b + ", 1] or [" + b + "]" : "[" + b + ", " + d + "]";
      throw new IllegalArgumentException(dist + ": actions must be " + accepted + " for params "
          + Arrays.toString(params.shape()) + ", got " + Arrays.toString(s));
    }
    INDArray a = vector ? actions.reshape(b, 1) : actions;
    return a.dataType() == params.dataType() ? a : a.castTo(params.dataType());
  }

  /**
   * Every element of column {@code c} of {@code actions [B, len(nvec)]} is an integer in
   * {@code 0 .. nvec[c]-1}. Checked with batched ops; only a failure copies the actions to the host
   * to name the first bad value.
   */
  static void indices(ActionDistribution dist, INDArray actions, int[] nvec) {
    DataType dt = actions.dataType();
    float[] top = new float[nvec.length];
    for (int c = 0; c < nvec.length; c++) {
      top[c] = nvec[c] - 1;
    }
    INDArray upper = Nd4j.create(top, new long[] {1, nvec.length}, DataType.FLOAT).castTo(dt);
    // every comparison with NaN is false, so NaN counts as bad
    INDArray good = actions.gte(0).castTo(dt)
        .muli(actions.subRowVector(upper).lte(0).castTo(dt))
        .muli(actions.eq(Transforms.floor(actions, true)).castTo(dt));
    if (good.minNumber().doubleValue() >= 1) {
      return;
    }
    float[] a = Host.floats(actions);
    for (int i = 0; i < a.length; i++) {
      int row = i / nvec.length;
      int c = i % nvec.length;
      float v = a[i];
      if (!(v >= 0 && v <= nvec[c] - 1 && v == Math.floor(v))) {
        String where = nvec.length == 1 ? "row " + row : "row " + row + ", component " + c;
        throw new IllegalArgumentException(dist + ": action " + v + " at " + where
            + " is not an integer in 0.." + (nvec[c] - 1));
      }
    }
    // float rounding of a double action could pass here after failing in the double check above
    throw new IllegalArgumentException(dist + ": actions " + Arrays.toString(actions.shape())
        + " hold a value that is not an integer in range");
  }
}
