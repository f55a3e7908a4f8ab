package dev.curio.core.trajectory;

import java.lang.ref.Reference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One-call copies of device arrays to the host, for the few places that loop over primitives. */
public final class Host {
  private Host() {}

  /**
   * All elements of {@code a} in row-major order, as floats, in one copy: an array that already
   * fills its buffer in row-major order is read directly; a view, another layout or another data
   * type is first made into one.
   */
  public static float[] floats(INDArray a) {
    INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    if (!wholeRowMajor(f)) {
      f = f.dup('c');
    }
    float[] out = f.data().asFloat();
    Reference.reachabilityFence(f); // a temporary copy must outlive the native read of its buffer
    return out;
  }

  /**
   * The rows {@code rows} of the matrix {@code source}, in that order, as a new array ({@code
   * Nd4j.pullRows} along dimension 1). Unlike a bare {@code Nd4j.pullRows}, {@code source} stays
   * reachable until libnd4j has copied it, so a temporary source (a cast, a reshape) cannot be freed by
   * a collection during the copy (docs/performance.md, Memory).
   */
  public static INDArray rows(INDArray source, int[] rows) {
    INDArray out = Nd4j.pullRows(source, 1, rows);
    Reference.reachabilityFence(source);
    return out;
  }

  /** Whether {@code a}'s buffer holds exactly its elements, in row-major order, from the start. */
  private static boolean wholeRowMajor(INDArray a) {
    if (a.offset() != 0 || a.data().length() != a.length()) {
      return false;
    }
    if (a.rank() <= 1 || a.length() <= 1) {
      return true;
    }
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }
}
