package dev.curio.runners.regression;

import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.runners.loop.RunEnd;
import dev.curio.runners.loop.TrainConfig;
import dev.curio.runners.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Trains one config over several fixed seeds and keeps what each run reached. Runs are independent
 * (each loop owns its envs and networks), so {@link #run(TrainConfig, int, long...)} may train
 * several at once; a run's outcome does not depend on what runs beside it.
 */
final class SeedSweep {
  /** One seed's outcome: best and final rolling mean extrinsic return, and the steps it took. */
  record Outcome(long seed, double bestMeanReturn, double finalMeanReturn, long steps, double seconds) {
    @Override
    public String toString() {
      return String.format("seed %d: best mean return %.3f, final %.3f, after %d steps (%.1f s)", seed, bestMeanReturn,
          finalMeanReturn, steps, seconds);
    }
  }

  private SeedSweep() {}

  @SuppressWarnings("unchecked")
  static Supplier<Env<?, Integer>> registry(String id) {
    return () -> (Env<?, Integer>) EnvRegistry.make(id);
  }

  /** The seeds one after another. */
  static List<Outcome> run(TrainConfig base, long... seeds) {
    return run(base, 1, seeds);
  }

  /** The seeds on {@code parallel} threads; outcomes in seed order. */
  static List<Outcome> run(TrainConfig base, int parallel, long... seeds) {
    List<Callable<Outcome>> runs = new ArrayList<>();
    for (long seed : seeds) {
      runs.add(() -> one(base, seed));
    }
    return parallel(parallel, runs);
  }

  /**
   * Independent runs on {@code threads} threads; results in the order of {@code runs}. A failed
   * run fails the whole call with its cause.
   */
  static <T> List<T> parallel(int threads, List<Callable<T>> runs) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> r : runs) {
        futures.add(pool.submit(r));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a run failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Outcome one(TrainConfig base, long seed) {
    long t0 = System.nanoTime();
    try (TrainingLoop loop = new TrainingLoop(base.withSeed(seed), registry(base.env()))) {
      RunEnd end = loop.run();
      Outcome o = new Outcome(seed, end.bestMeanReturn(), end.meanReturn(), end.globalStep(),
          (System.nanoTime() - t0) / 1e9);
      System.out.println(base.env() + " " + base.rewards().modules() + " " + o);
      return o;
    }
  }
}
