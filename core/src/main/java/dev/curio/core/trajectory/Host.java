package dev.curio.core.trajectory;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One-call copies of device arrays to the host, for the few places that loop over primitives. */
public final class Host {
  private Host() {}

  /** All elements of {@code a} in row-major order, as floats (one transfer). */
  public static float[] floats(INDArray a) {
    INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    return f.dup('c').data().asFloat();
  }
}
