package dev.curio.representation.acstate;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One ND4J thread per operation, as the training loop runs by default ({@code nd4jThreads: 1};
 * agents' {@code Backend.useThreads}, which this module cannot reach). On a loaded 2-core machine
 * the default of two OpenMP threads made these tests' small operations about ten times slower
 * (measured 2026-12-05: {@code AcStateEncoderTest} 31 s with two, 2 s with one). Affects the JVM.
 */
final class OneNd4jThread {
  private OneNd4jThread() {}

  static void use() {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
  }
}
