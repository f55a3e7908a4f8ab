package dev.curio.loop.io;

import dev.curio.loop.IterationReport;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.RunStart;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line progress display: steps done of the total, percent, env steps per second, the rolling
 * mean return, elapsed time and an estimate of the time left.
 *
 * <pre>
 * step 12,288/200,000 (6.1%) | 1,830 steps/s | return 0.420 | 0:07 elapsed | ETA 1:42
 * </pre>
 *
 * On a terminal ({@link Mode#IN_PLACE}) the line is redrawn in place with a carriage return after
 * every iteration; otherwise ({@link Mode#LINES}, e.g. output piped to a log) a new line is printed
 * at most every {@code interval}, plus the first and the last. Steps per second and the estimate count
 * only this session, so a resumed run's rate is not diluted by the steps it started with.
 */
public final class ConsoleProgress implements RunObserver {
  /** How the line is shown. */
  public enum Mode {
    /** Redraw one line with {@code \r} (for terminals). */
    IN_PLACE,
    /** Print a line every so often (for logs and pipes). */
    LINES
  }

  private final PrintWriter out;
  private final Mode mode;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long startNanos;
  private long startStep;
  private long totalSteps;
  private long lastPrintNanos;
  private int lastWidth;
  private boolean printedAny;

  /**
   * @param intervalNanos the least time between two lines in {@link Mode#LINES}
   * @param clock nanoseconds, e.g. {@code System::nanoTime} (tests pass a fake one)
   */
  public ConsoleProgress(PrintWriter out, Mode mode, long intervalNanos, LongSupplier clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.intervalNanos = intervalNanos;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** In place when the JVM has a console ({@code System.console() != null}), else a line every 5 s. */
  public static ConsoleProgress auto(PrintWriter out) {
    return new ConsoleProgress(out, System.console() != null ? Mode.IN_PLACE : Mode.LINES, 5_000_000_000L,
        System::nanoTime);
  }

  @Override
  public void onStart(RunStart s) {
    startNanos = clock.getAsLong();
    lastPrintNanos = startNanos;
    startStep = s.globalStep();
    // a run ends on a whole iteration, so it takes totalSteps rounded up to N * T: count towards that
    long asked = s.config().totalSteps();
    totalSteps = (long) s.config().plannedIterations() * s.config().stepsPerIteration();
    String rounded = totalSteps == asked ? ""
        : String.format(Locale.ROOT, " (%,d asked, rounded up to whole iterations)", asked);
    printedAny = false;
    lastWidth = 0;
    String what = s.iteration() > 0
        ? String.format(Locale.ROOT, "resuming %s (seed %d) at step %,d (iteration %d) of %,d%s", s.envId(),
            s.config().seed(), s.globalStep(), s.iteration(), totalSteps, rounded)
        : String.format(Locale.ROOT, "training %s (seed %d) for %,d steps%s", s.envId(), s.config().seed(), totalSteps,
            rounded);
    out.println(what + String.format(Locale.ROOT, ": %d envs x %d steps per iteration, %,d network parameters",
        s.config().numEnvs(), s.config().rolloutLength(), s.networkParameters()));
    out.flush();
  }

  @Override
  public void onIteration(IterationReport r) {
    long now = clock.getAsLong();
    String line = line(r.globalStep(), r.meanReturn(), r.taskMeanReturns(), now);
    if (mode == Mode.IN_PLACE) {
      int pad = Math.max(0, lastWidth - line.length());
      out.print("\r" + line + " ".repeat(pad));
      lastWidth = line.length();
      out.flush();
      printedAny = true;
    } else if (!printedAny || now - lastPrintNanos >= intervalNanos || r.globalStep() >= totalSteps) {
      out.println(line);
      out.flush();
      lastPrintNanos = now;
      printedAny = true;
    }
  }

  /** The progress line at {@code step}, {@code nowNanos}. */
  String line(long step, double meanReturn, long nowNanos) {
    return line(step, meanReturn, new double[0], nowNanos);
  }

  /** The progress line, with each task's mean return after the run's in a multi-task run ({@code 0.9 / n/a}). */
  String line(long step, double meanReturn, double[] taskReturns, long nowNanos) {
    double elapsed = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double rate = (step - startStep) / elapsed;
    double pct = totalSteps > 0 ? 100.0 * step / totalSteps : 100;
    String eta = rate > 0 && step < totalSteps ? duration((totalSteps - step) / rate) : "-";
    String ret = Double.isNaN(meanReturn) ? "n/a" : String.format(Locale.ROOT, "%.3f", meanReturn);
    if (taskReturns.length > 0) {
      StringBuilder tasks = new StringBuilder(" (tasks ");
      for (int j = 0; j < taskReturns.length; j++) {
        tasks.append(j > 0 ? " / " : "").append(Double.isNaN(taskReturns[j]) ? "n/a"
            : String.format(Locale.ROOT, "%.3f", taskReturns[j]));
      }
      ret += tasks.append(')');
    }
    return String.format(Locale.ROOT, "step %,d/%,d (%.1f%%) | %,.0f steps/s | return %s | %s elapsed | ETA %s",
        step, totalSteps, pct, rate, ret, duration(elapsed), eta);
  }

  @Override
  public void onEnd(RunEnd end) {
    if (mode == Mode.IN_PLACE && printedAny) {
      out.println();
    }
    double elapsed = (clock.getAsLong() - startNanos) / 1e9;
    String ret = Double.isNaN(end.meanReturn()) ? "n/a"
        : String.format(Locale.ROOT, "%.3f (best %.3f)", end.meanReturn(), end.bestMeanReturn());
    String head;
    if (end.failed()) {
      head = "failed at step " + String.format(Locale.ROOT, "%,d", end.globalStep()) + ": " + end.failure();
    } else if (end.stopReason() != null) {
      head = "stopped at step " + String.format(Locale.ROOT, "%,d", end.globalStep()) + " (" + end.stopReason() + ")";
    } else {
      head = "done: " + String.format(Locale.ROOT, "%,d", end.globalStep()) + " steps";
    }
    out.println(head + " after " + duration(elapsed) + "; mean return " + ret);
    out.flush();
  }

  /** {@code m:ss} or {@code h:mm:ss}. */
  static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}
