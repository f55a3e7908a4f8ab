package dev.curio.core.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Host.floats reads row-major elements whatever the array's layout, offset or type; Host.rows gathers
 * rows in the order asked, repeats included, from any layout.
 */
class HostTest {
  private static final INDArray M = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});

  @Test
  void aWholeRowMajorArrayIsReadAsItIs() {
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Host.floats(M));
    float[] copy = Host.floats(M);
    copy[0] = 99;
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Host.floats(M), "a copy, not the buffer itself");
  }

  @Test
  void viewsTransposesColumnMajorAndDoublesAreReadInRowMajorOrder() {
    assertArrayEquals(new float[] {4, 5, 6}, Host.floats(M.getRow(1)));
    assertArrayEquals(new float[] {2, 5}, Host.floats(M.getColumn(1)));
    assertArrayEquals(new float[] {2, 3, 5, 6}, Host.floats(M.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3))));
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Host.floats(M.transpose()));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Host.floats(M.dup('f')));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Host.floats(M.castTo(DataType.DOUBLE)));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Host.floats(M.reshape(3, 2)));
    assertArrayEquals(new float[] {3}, Host.floats(M.getScalar(0, 2)));
  }

  @Test
  void rowsAreGatheredInTheOrderAskedWithRepeatsAndTheSourceIsLeftAlone() {
    INDArray r = Host.rows(M, new int[] {1, 0, 1});
    assertArrayEquals(new long[] {3, 3}, r.shape());
    assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3, 4, 5, 6}, Host.floats(r));
    r.putScalar(0, 0, 99);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Host.floats(M), "a new array, not a view of the source");
  }

  @Test
  void rowsOfAViewAColumnMajorADoubleOrAReshapedSourceAreItsRows() {
    assertArrayEquals(new float[] {4, 5, 6}, Host.floats(Host.rows(M.dup('f'), new int[] {1})));
    INDArray view = M.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(1, 3)); // offset 4, row stride 3
    assertArrayEquals(new float[] {5, 6}, Host.floats(Host.rows(view, new int[] {0})));
    INDArray d = Host.rows(M.castTo(DataType.DOUBLE), new int[] {0});
    assertEquals(DataType.DOUBLE, d.dataType());
    assertArrayEquals(new float[] {1, 2, 3}, Host.floats(d));
    assertArrayEquals(new float[] {5, 6, 1, 2}, Host.floats(Host.rows(M.reshape(3, 2), new int[] {2, 0})));
  }
}
