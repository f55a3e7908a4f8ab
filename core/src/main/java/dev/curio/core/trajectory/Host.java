package dev.curio.core.trajectory;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    return f.data().asFloat();
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
