package dev.curio.agents.net;

import dev.curio.representation.net.NativeHelpers;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Process-wide ND4J settings. The networks here are small (tens of thousands of parameters), and on
 * a 2-core machine one thread per op beats two by 1.5-2.5x (measured: a PPO minibatch step of the
 * MiniGrid CNN at batch 512 took 37 ms with 1 thread, 62 ms with 2), because each op is too short
 * to pay for the hand-over. Raise it for large networks or many cores.
 */
public final class Backend {
  private Backend() {}

  /** Threads ND4J and its BLAS may use per operation (>= 1). Affects the whole JVM. */
  public static void useThreads(int threads) {
    checkThreads(threads);
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    useThreadsOnThisThread(threads); // after Nd4j's first use: NativeOpsHolder needs the backend loaded
    Nd4j.factory().blas().setMaxThreads(threads);
    NativeHelpers.onednn(); // oneDNN for the convolutions only, from here on
  }

  /**
   * The OpenMP thread count for operations this thread starts. OpenMP keeps it per calling thread: {@link
   * #useThreads} sets it for the thread that calls it (and the process-wide settings), and a thread started
   * later (an actor thread) would otherwise open teams of OpenMP's default size, one per core, whose workers
   * spin between operations. Call it first thing in every thread that runs ND4J operations.
   */
  public static void useThreadsOnThisThread(int threads) {
    checkThreads(threads);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
  }

  private static void checkThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("ND4J threads must be >= 1, got " + threads);
    }
  }

  /**
   * The native build this process loaded and how its run-time kernels are pinned, for a run's header
   * and {@code summary.json}: {@code "onednn (oneDNN capped at AVX2)"}, {@code "onednn (oneDNN
   * unpinned)"}, {@code "plain"} (nd4j-native's build without oneDNN: the Java API without the
   * platform extension) or {@code "cuda"}. {@code ./curio} and the test JVMs load the onednn build with
   * {@code -Dorg.bytedeco.javacpp.platform.extension=-onednn} and cap oneDNN with {@code
   * DNNL_MAX_CPU_ISA} from {@code .mvn/openblas-coretype --dnnl} (docs/performance.md, Native builds).
   */
  public static String nativeBuild() {
    if (!Nd4j.getEnvironment().isCPU()) {
      return "cuda";
    }
    if (!NativeHelpers.onednn()) {
      return "plain";
    }
    return "onednn (oneDNN " + dnnlCap() + ")";
  }

  /** {@code "capped at <ISA>"} from {@code DNNL_MAX_CPU_ISA}, or {@code "unpinned"}. */
  private static String dnnlCap() {
    String isa = System.getenv("DNNL_MAX_CPU_ISA");
    return isa == null || isa.isBlank() || isa.startsWith("${") ? "unpinned" : "capped at " + isa;
  }

  /**
   * The OpenBLAS kernel family this process was started with: the value of {@code OPENBLAS_CORETYPE}
   * (which {@code ./curio} and the build's test JVMs set, see {@code .mvn/openblas-coretype}), or
   * {@code "native"} when it is unset and OpenBLAS picked its kernels from the CPU. Two runs give the
   * same floats only when this matches (and the ND4J thread count does); docs/architecture.md,
   * Determinism. OpenBLAS reads the variable once, when it loads, so it cannot be changed from here.
   */
  public static String blasKernels() {
    String pinned = System.getenv("OPENBLAS_CORETYPE");
    if (pinned != null && pinned.startsWith("${")) {
      // the build's property never got a value: OpenBLAS did not recognise the name and chose itself
      return "native (unpinned: OPENBLAS_CORETYPE is the unresolved " + pinned + ")";
    }
    return pinned == null || pinned.isBlank() ? "native" : pinned;
  }
}
