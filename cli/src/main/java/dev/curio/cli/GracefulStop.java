package dev.curio.cli;

import dev.curio.loop.RunControl;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (or SIGTERM) during training into a clean stop: a shutdown hook asks the loop to stop
 * after the current iteration ({@link RunControl#stop}) and holds the JVM open until the run has
 * ended and written its final checkpoint, or {@code maxWait} has passed.
 *
 * <pre>{@code
 * try (GracefulStop stop = GracefulStop.install(loop.control(), err, Duration.ofMinutes(2))) {
 *   loop.run();
 * }
 * }</pre>
 */
final class GracefulStop implements AutoCloseable {
  static final String REASON = "interrupted";

  private final Thread hook;
  private final CountDownLatch finished = new CountDownLatch(1);

  private GracefulStop(RunControl control, PrintWriter err, Duration maxWait) {
    this.hook = new Thread(() -> {
      control.stop(REASON);
      err.println();
      err.println("interrupted: finishing the current iteration and writing a checkpoint...");
      err.flush();
      try {
        finished.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "curio-graceful-stop");
  }

  static GracefulStop install(RunControl control, PrintWriter err, Duration maxWait) {
    GracefulStop s = new GracefulStop(control, err, maxWait);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** The run has ended and saved what it had: let the JVM exit; remove the hook if it has not run. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running (Ctrl-C): it returns now that the latch is open
    }
  }
}
