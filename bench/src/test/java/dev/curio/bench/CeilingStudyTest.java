package dev.curio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/** The op counts the ceiling suite's dispatch floor rests on. */
class CeilingStudyTest {
  @Test
  void countsOneOpPerNd4jCallIncludingMatrixProductsAndSwitchesTheProfilerOffAfter() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4);
    INDArray w = Nd4j.rand(DataType.FLOAT, 4, 3);
    INDArray b = Nd4j.rand(DataType.FLOAT, 1, 3);
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 8, 3);
    assertEquals(1, CeilingStudy.countOps(() -> x.addi(1.0)));
    assertEquals(1, CeilingStudy.countOps(() -> Nd4j.gemm(x, w, out, false, false, 1.0, 0.0)));
    // INDArray.mmul in 1.0.0-M2.1 is two: the matmul custom op and an assign that copies its result out
    assertEquals(2, CeilingStudy.countOps(() -> x.mmul(w)));
    assertEquals(3, CeilingStudy.countOps(() -> x.mmul(w).addiRowVector(b)));
    assertFalse(OpProfiler.getInstance().getConfig().isCheckElapsedTime(), "the profiler is off between counts");
    assertEquals(0, CeilingStudy.countOps(() -> { }));
  }

  @Test
  void aDenseLayerOnAnInferenceTapeIsOneTapeOpOfThreeNd4jOps() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4);
    INDArray w = Nd4j.rand(DataType.FLOAT, 4, 3);
    INDArray b = Nd4j.rand(DataType.FLOAT, 1, 3);
    long before = Tape.operationCount();
    long ops = CeilingStudy.countOps(() -> {
      Tape t = Tape.inference();
      Var out = t.dense(t.constant(x), t.constant(w), t.constant(b), Activation.TANH);
      assertEquals(8, out.value().rows());
    });
    assertEquals(1, Tape.operationCount() - before);
    assertEquals(3, ops, "the matrix product (straight into its result, no copy), the bias row, tanh");
  }
}
