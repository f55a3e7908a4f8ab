package dev.curio.testkit;

import dev.curio.loop.EpisodeEnd;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunControl;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import dev.curio.loop.io.CurvePlot;
import dev.curio.loop.io.MetricsCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trains one agent over a claim's seeds, several at once, and stops as soon as the claim is decided:
 * a seed stops when it reaches the target; once k seeds reached it, or n - k + 1 missed it, seeds not
 * yet started are skipped and running ones stop after their current iteration. Each seed's run is
 * its own {@link TrainingLoop} (own envs, networks and random streams), so its result does not depend
 * on what trains beside it.
 */
final class SeedRunner {
  private final World world;
  private final Target target;
  private final long budget;
  private final int window;
  private final int threads;
  private final int atLeast;

  SeedRunner(World world, Target target, long budget, int window, int threads, int atLeast) {
    this.world = world;
    this.target = target;
    this.budget = budget;
    this.window = window;
    this.threads = threads;
    this.atLeast = atLeast;
  }

  List<SeedResult> run(AgentSpec agent, long[] seeds, Path reports) {
    int n = seeds.length;
    AtomicInteger passed = new AtomicInteger();
    AtomicInteger missed = new AtomicInteger();
    AtomicBoolean decided = new AtomicBoolean();
    // check every seed's config before anything trains, so a bad setting is one error, not n
    agent.config(world.id(), seeds[0], budget, window);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), r -> {
      Thread t = new Thread(r, "curio-testkit-" + agent.name());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<SeedResult>> futures = new ArrayList<>();
      for (long seed : seeds) {
        futures.add(pool.submit(() -> {
          if (decided.get()) {
            return new SeedResult(agent.name(), seed, SeedResult.Status.NOT_RUN, -1, 0,
                new SeedResult.Measure(Double.NaN, Double.NaN, Double.NaN), null);
          }
          SeedResult r;
          try {
            r = runOne(agent, seed, reports.resolve(Reports.safe(world.id())).resolve(Reports.safe(agent.name()))
                .resolve("seed-" + seed), decided);
          } catch (Throwable t) {
            decided.set(true); // a failed seed ends the claim: the others stop after their iteration
            throw t;
          }
          int p = r.reached() ? passed.incrementAndGet() : passed.get();
          int m = r.status() == SeedResult.Status.MISSED ? missed.incrementAndGet() : missed.get();
          if (p >= atLeast || m >= n - atLeast + 1) {
            decided.set(true);
          }
          return r;
        }));
      }
      List<SeedResult> out = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          out.add(futures.get(i).get());
        } catch (ExecutionException e) {
          decided.set(true);
          Throwable cause = e.getCause();
          throw new IllegalStateException(agent.name() + " seed " + seeds[i] + " on " + world.id() + " failed: "
              + firstLine(cause), cause);
        }
      }
      return out;
    } catch (InterruptedException e) {
      decided.set(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training " + agent.name() + " on " + world.id(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private SeedResult runOne(AgentSpec agent, long seed, Path dir, AtomicBoolean decided) throws IOException {
    TrainConfig cfg = agent.config(world.id(), seed, budget, window);
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("metrics.csv"));
    Files.deleteIfExists(dir.resolve("curve.png"));
    TrainingLoop loop = agent.learner() == null
        ? new TrainingLoop(cfg, world.factory(), agent.customRewards())
        : new TrainingLoop(cfg, world.factory(), agent.customRewards(), agent.learner());
    try (loop) {
      Watch watch = new Watch(loop.control(), decided);
      loop.addObserver(new MetricsCsv(dir.resolve("metrics.csv")));
      loop.addObserver(new CurvePlot(dir.resolve("curve.png"), 0));
      loop.addObserver(watch);
      loop.run();
      SeedResult.Status status = watch.reachedAt >= 0 ? SeedResult.Status.REACHED
          : watch.stoppedByClaim && loop.globalStep() < budget ? SeedResult.Status.STOPPED
          : SeedResult.Status.MISSED;
      return new SeedResult(agent.name(), seed, status, watch.reachedAt, loop.globalStep(),
          new SeedResult.Measure(watch.targetWindow.mean(), watch.best, watch.returnWindow.mean()), dir);
    } catch (UncheckedIOException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Follows one run's episodes: the target's rolling value, when it was reached, and when to stop. */
  private final class Watch implements RunObserver {
    private final RunControl control;
    private final AtomicBoolean decided;
    private final Window targetWindow = new Window(window);
    private final Window returnWindow = new Window(window);
    private double best = Double.NaN;
    private long reachedAt = -1;
    private boolean stoppedByClaim;

    Watch(RunControl control, AtomicBoolean decided) {
      this.control = control;
      this.decided = decided;
    }

    @Override
    public void onEpisodeEnd(EpisodeEnd e) {
      targetWindow.add(target.valueOf(e));
      returnWindow.add(e.episodeReturn());
      double v = targetWindow.mean();
      if (Double.isNaN(v)) {
        return;
      }
      best = Double.isNaN(best) ? v : Math.max(best, v);
      if (reachedAt < 0 && v >= target.threshold() && e.globalStep() <= budget) {
        reachedAt = e.globalStep();
        control.stop("target reached");
      }
    }

    @Override
    public void onIteration(IterationReport report) {
      if (reachedAt < 0 && decided.get()) {
        stoppedByClaim = true;
        control.stop("claim decided");
      }
    }
  }

  /** The mean of the last {@code size} values; NaN until {@code size} values arrived. */
  private static final class Window {
    private final double[] values;
    private int count;
    private int next;

    Window(int size) {
      values = new double[size];
    }

    void add(double v) {
      values[next] = v;
      next = (next + 1) % values.length;
      count++;
    }

    double mean() {
      if (count < values.length) {
        return Double.NaN;
      }
      double sum = 0;
      for (double v : values) {
        sum += v;
      }
      return sum / values.length;
    }
  }

  private static String firstLine(Throwable t) {
    String m = t == null || t.getMessage() == null ? String.valueOf(t) : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
