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
 * Writes {@code summary.json} ({@link RunSummary}) when the run ends, however it ends. A resumed
 * run adds its wall time, and its iterations skipped for NaN or infinite values, to those the
 * previous summary recorded. A run that a {@link NonFiniteException} ended gets the status
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

  public SummaryWriter(Path file) {
    this.file = Objects.requireNonNull(file, "file");
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
  }

  @Override
  public void onEnd(RunEnd end) {
    boolean nonFinite = end.failure() instanceof NonFiniteException;
    String status = nonFinite ? "nonfinite" : end.failed() ? "failed" : end.stopReason() != null ? "stopped" : "completed";
    String failure = nonFinite ? end.failure().getMessage() : end.failed() ? String.valueOf(end.failure()) : null;
    double wall = previousWallSeconds + (System.nanoTime() - startedNanos) / 1e9;
    last = RunSummary.builder().env(envId).seed(config.seed()).status(status).stopReason(end.stopReason())
        .failure(failure).iterations(end.iterations()).steps(end.globalStep()).totalSteps(config.totalSteps())
        .finalMeanReturn(finite(end.meanReturn())).bestMeanReturn(finite(end.bestMeanReturn()))
        .wallSeconds(Math.round(wall * 1000) / 1000.0).blasKernels(Backend.blasKernels())
        .nonFiniteSkipped(nonFiniteSkipped).lastNonFinite(lastNonFinite).build();
    try {
      last.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
