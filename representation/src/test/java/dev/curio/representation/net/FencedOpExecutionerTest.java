package dev.curio.representation.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FencedOpExecutionerTest {
  private static volatile byte[] garbage;

  @Test
  void curioNetworksRunOnTheFencedExecutioner() {
    assumeTrue(Nd4j.getEnvironment().isCPU(), "the fence replaces the CPU backend's executioner only");
    new Parameters(1); // the first Curio network class in a JVM installs it
    assertInstanceOf(FencedOpExecutioner.class, Nd4j.getExecutioner());
    assertTrue(FencedOpExecutioner.install(), "installing twice is a no-op that reports success");
  }

  /**
   * Broadcasts, reductions along a dimension and scalar operations (each with a dimension list or a
   * scalar that only the operation holds) on two threads while a third allocates garbage fast enough
   * to force a young collection every few milliseconds. Without the fence this pattern crashed libnd4j
   * in some runs of 20 s under the test JVMs' collector settings (bench/fence-stress, docs/
   * performance.md, Memory). Every result must also be exact: a freed and reused dimension list or
   * scalar would give wrong numbers rather than a crash. A smoke test: 2 s rarely hit the window even
   * without the fence; bench/fence-stress is the measurement.
   */
  @Test
  void operationsStayCorrectUnderConstantYoungCollections() throws Exception {
    new Parameters(1);
    long end = System.nanoTime() + 2_000_000_000L;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong checked = new AtomicLong();
    Thread collector = new Thread(() -> {
      while (System.nanoTime() < end && failure.get() == null) {
        garbage = new byte[256 * 1024]; // escapes, so young collections come every few milliseconds
      }
    });
    Thread[] workers = new Thread[2];
    for (int t = 0; t < workers.length; t++) {
      int seed = t;
      workers[t] = new Thread(() -> {
        try {
          INDArray x = Nd4j.linspace(DataType.FLOAT, 1, 48, 1).reshape(16, 3);
          INDArray row = Nd4j.createFromArray(new float[] {0.5f, -1f, 2f + seed}).reshape(1, 3);
          double expectedSum = x.sumNumber().doubleValue() + 16 * (0.5 - 1 + 2 + seed);
          while (System.nanoTime() < end && failure.get() == null) {
            INDArray shifted = x.addRowVector(row).mul(2.0);
            INDArray columns = shifted.sum(0);
            double total = columns.sumNumber().doubleValue();
            assertEquals(2 * expectedSum, total, 1e-3, "sum of a broadcast, scaled and reduced array");
            assertEquals(3, columns.length());
            checked.incrementAndGet();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
    }
    collector.start();
    for (Thread w : workers) {
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    collector.join();
    assertNull(failure.get(), () -> "a worker failed: " + failure.get());
    assertTrue(checked.get() > 100, "only " + checked.get() + " checks ran");
  }
}
