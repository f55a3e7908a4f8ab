package dev.curio.representation.net;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Where libnd4j's platform helpers run. nd4j-native's {@code onednn} build (the one {@code ./curio}
 * and the tests load; docs/performance.md, "Native builds") can hand many operations to oneDNN. Curio
 * lets it do so for the convolution and pooling operations only, which oneDNN runs 2-6x faster than
 * libnd4j's own im2col and GEMM at the CNN torso's shapes. Everything else (matrix products,
 * activations, reductions) stays on libnd4j's own code and OpenBLAS, so an MLP run computes exactly
 * the floats it computes on the plain build, and oneDNN's kernels enter a run only through the four
 * operations whose order of summation depends on nothing but the instruction-set cap and the thread
 * count (docs/architecture.md, Determinism).
 *
 * <p>The switch is libnd4j's process-wide {@code allowHelpers} flag: off from the first use of this
 * class on ({@link Parameters}, {@link Tape} and {@code Backend} touch it, so before any network
 * exists), on while at least one convolution or pooling call runs (a count under a lock, so one
 * thread's call never ends another's window). While one thread's convolution runs, another thread's
 * matrix product may therefore run on oneDNN too: with several threads (IMPALA's actors) runs are not
 * bit-identical in any case. ND4J code of your own that runs before the first Curio network is built
 * runs with the helpers on, as ND4J's default is. On a build without oneDNN (the plain build, CUDA)
 * nothing is changed.
 *
 * <p>On the CPU backend its first use also puts {@link FencedOpExecutioner} in place of ND4J's
 * executioner, so that no collector can free an operation's own buffers while libnd4j reads them.
 */
public final class NativeHelpers {
  private static final String CPU_EXECUTIONER = "org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner";
  private static final Object LOCK = new Object();
  private static final boolean ONEDNN = detect();
  /** Convolution and pooling calls running now, on any thread; guarded by {@link #LOCK}. */
  private static int open;
  /** Test hook: run the convolutions on libnd4j's own kernels even on the onednn build. */
  private static volatile boolean ownKernels;

  private NativeHelpers() {}

  private static boolean detect() {
    boolean onednn;
    try {
      if (CPU_EXECUTIONER.equals(Nd4j.getExecutioner().getClass().getName())) {
        FencedOpExecutioner.install(); // only resolved here, on the CPU backend
      }
      onednn = Nd4j.getEnvironment().isCPU()
          && NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
    } catch (RuntimeException | LinkageError e) {
      onednn = false;
    }
    if (onednn) {
      Nd4j.getEnvironment().allowHelpers(false);
    }
    return onednn;
  }

  /** Whether the loaded native build has oneDNN (and Curio routes the convolutions through it). */
  public static boolean onednn() {
    return ONEDNN;
  }

  /** For NativeHelpersTest: compares oneDNN's convolutions with libnd4j's own on one build. */
  static void forceOwnKernelsForTest(boolean own) {
    ownKernels = own;
  }

  /** Runs {@code op} (a convolution or pooling call) with the platform helpers allowed. */
  static void convolution(Runnable op) {
    if (!ONEDNN || ownKernels) {
      op.run();
      return;
    }
    Environment env = Nd4j.getEnvironment();
    synchronized (LOCK) {
      if (open++ == 0) {
        env.allowHelpers(true);
      }
    }
    try {
      op.run();
    } finally {
      synchronized (LOCK) {
        if (--open == 0) {
          env.allowHelpers(false);
        }
      }
    }
  }
}
