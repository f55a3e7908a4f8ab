package dev.curio.loop.io;

import dev.curio.agents.net.Backend;
import dev.curio.loop.IterationReport;
import dev.curio.loop.NonFiniteException;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.RunStart;
import dev.curio.loop.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes {@code summary.json} ({@link RunSummary}) when the run ends, however it ends, and while it
 * runs (status {@code running}, at most once a second), so a process that is killed leaves its wall
 * time and progress behind. A resumed run adds its wall time, and its iterations skipped for NaN or
 * infinite values, to those the previous summary recorded. A run that a {@link NonFiniteException} ended gets the status
 * {@code nonfinite} and the exception's one-line message as its failure.
 */
public final class SummaryWriter implements RunObserver {
  private final Path file;
  private TrainConfig config;
  private String envId;
  private long startedNanos;
  private double previousWallSeconds;
  private int nonFiniteSkipped;
  private String lastNonFinite;
  private RunSummary last;
  private long lastWriteNanos;
  private final long runningEveryNanos;

  public SummaryWriter(Path file) {
    this(file, 1_000_000_000L);
  }

  /** As {@link #SummaryWriter(Path)}, writing the running summary at most every {@code runningEveryNanos}. */
  SummaryWriter(Path file, long runningEveryNanos) {
    this.file = Objects.requireNonNull(file, "file");
    this.runningEveryNanos = runningEveryNanos;
  }

  /** The summary written at the end, or null before. */
  public RunSummary summary() {
    return last;
  }

  @Override
  public void onStart(RunStart start) {
    config = start.config();
    envId = start.envId();
    startedNanos = System.nanoTime();
    lastWriteNanos = startedNanos;
    previousWallSeconds = 0;
    nonFiniteSkipped = 0;
    lastNonFinite = null;
    if (start.iteration() > 0 && Files.exists(file)) {
      try {
        RunSummary previous = RunSummary.read(file);
        previousWallSeconds = previous.wallSeconds();
        nonFiniteSkipped = previous.nonFiniteSkipped();
        lastNonFinite = previous.lastNonFinite();
      } catch (IOException | RuntimeException e) {
        // an unreadable old summary only loses the earlier sessions' wall time and skip count
      }
    }
  }

  @Override
  public void onIteration(IterationReport report) {
    nonFiniteSkipped += report.nonFiniteSkipped();
    if (!report.nonFinite().isEmpty()) {
      lastNonFinite = report.nonFinite().get(report.nonFinite().size() - 1);
    }
    long now = System.nanoTime();
    if (now - lastWriteNanos >= runningEveryNanos) {
      lastWriteNanos = now;
      write(summary("running", null, null, report.iteration(), report.globalStep(), report.meanReturn(), Double.NaN));
    }
  }

  @Override
  public void onEnd(RunEnd end) {
    boolean nonFinite = end.failure() instanceof NonFiniteException;
    String status = nonFinite ? "nonfinite" : end.failed() ? "failed" : end.stopReason() != null ? "stopped" : "completed";
    String failure = nonFinite ? end.failure().getMessage() : end.failed() ? String.valueOf(end.failure()) : null;
    last = summary(status, end.stopReason(), failure, end.iterations(), end.globalStep(), end.meanReturn(),
        end.bestMeanReturn());
    write(last);
  }

  private RunSummary summary(String status, String stopReason, String failure, int iterations, long steps,
                             double meanReturn, double bestMeanReturn) {
    double wall = previousWallSeconds + (System.nanoTime() - startedNanos) / 1e9;
    return RunSummary.builder().env(envId).seed(config.seed()).status(status).stopReason(stopReason)
        .failure(failure).iterations(iterations).steps(steps).totalSteps(config.totalSteps())
        .finalMeanReturn(finite(meanReturn)).bestMeanReturn(finite(bestMeanReturn))
        .wallSeconds(Math.round(wall * 1000) / 1000.0).blasKernels(Backend.blasKernels())
        .nativeBuild(Backend.nativeBuild())
        .nonFiniteSkipped(nonFiniteSkipped).lastNonFinite(lastNonFinite).build();
  }

  private void write(RunSummary summary) {
    try {
      summary.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
