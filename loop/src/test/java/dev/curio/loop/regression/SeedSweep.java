package dev.curio.loop.regression;

import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Trains one config over several fixed seeds and decides k-of-n claims on what each run reached.
 * Runs are independent (each loop owns its envs and networks), so several may train at once; a
 * run's outcome does not depend on what runs beside it.
 */
public final class SeedSweep {
  /** One seed's outcome: best and final rolling mean extrinsic return, and the steps it took. */
  public record Outcome(long seed, double bestMeanReturn, double finalMeanReturn, long steps, double seconds) {
    @Override
    public String toString() {
      return String.format("seed %d: best mean return %.3f, final %.3f, after %d steps (%.1f s)", seed, bestMeanReturn,
          finalMeanReturn, steps, seconds);
    }
  }

  private SeedSweep() {}

  @SuppressWarnings("unchecked")
  public static Supplier<Env<?, ?>> registry(String id) {
    return () -> (Env<?, ?>) EnvRegistry.make(id);
  }

  /**
   * Independent runs on {@code threads} threads; results in the order of {@code runs}. A failed
   * run fails the whole call with its cause.
   */
  public static <T> List<T> parallel(int threads, List<Callable<T>> runs) {
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

  /**
   * The verdict on a claim "at least {@code k} of these {@code n} seeds pass".
   *
   * @param runs the outcomes of the seeds that ran, in seed order (seeds skipped once the claim was
   *     decided are missing)
   */
  public record Verdict<T>(String claim, int k, int n, int passed, int failed, List<T> runs) {
    public boolean holds() {
      return passed >= k;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(String.format("%s: passed in %d of %d seeds run (%d failed, %d not run), needed %d of %d",
          claim, passed, passed + failed, failed, n - passed - failed, k, n));
      for (T r : runs) {
        b.append("\n  ").append(r);
      }
      return b.toString();
    }
  }

  /**
   * Decides "at least {@code k} of {@code seeds} pass" as early as it can: seeds start in order on
   * {@code threads} threads, and none starts once {@code k} passed or more than {@code n - k} failed
   * (seeds already running finish). The verdict does not depend on the thread count or the timing:
   * with the seeds' outcomes fixed, it holds exactly when {@code k} of all {@code n} would pass.
   */
  public static <T> Verdict<T> atLeast(String claim, int k, int threads, long[] seeds, LongFunction<T> run,
                                Predicate<T> passes) {
    return decide(claim, k, threads, seeds, (seed, decided) -> run.apply(seed), passes);
  }

  /**
   * {@link #atLeast(String, int, int, long[], LongFunction, Predicate)} whose runs are told when the claim
   * is decided ({@code decided}), so that a seed still training can stop; a run that stopped for it
   * returns null and counts for nothing.
   */
  private static <T> Verdict<T> decide(String claim, int k, int threads, long[] seeds,
                                       BiFunction<Long, BooleanSupplier, T> run, Predicate<T> passes) {
    int n = seeds.length;
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
    }
    AtomicInteger passed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    BooleanSupplier decided = () -> passed.get() >= k || failed.get() > n - k;
    List<Callable<T>> runs = new ArrayList<>();
    for (long seed : seeds) {
      runs.add(() -> {
        if (decided.getAsBoolean()) {
          return null; // decided: this seed cannot change the verdict
        }
        T r = run.apply(seed, decided);
        if (r != null) {
          (passes.test(r) ? passed : failed).incrementAndGet();
        }
        return r;
      });
    }
    List<T> ran = parallel(threads, runs).stream().filter(Objects::nonNull).toList();
    return new Verdict<>(claim, k, n, passed.get(), failed.get(), ran);
  }

  /**
   * {@link #atLeast} over training runs of {@code base}, one per seed; a seed still training when the claim
   * is decided stops after its current iteration and is not counted.
   */
  public static Verdict<Outcome> atLeast(String claim, int k, TrainConfig base, int threads, Predicate<Outcome> passes,
                                  long... seeds) {
    return decide(claim, k, threads, seeds, (seed, decided) -> one(base, seed, registry(base.env()), decided), passes);
  }

  public static Outcome one(TrainConfig base, long seed) {
    return one(base, seed, registry(base.env()));
  }

  /** One training run of {@code base} with {@code seed}, its envs made by {@code factory}. */
  public static Outcome one(TrainConfig base, long seed, Supplier<? extends Env<?, ?>> factory) {
    return one(base, seed, factory, () -> false);
  }

  private static final String DECIDED = "the claim was decided";

  /**
   * {@link #one(TrainConfig, long, Supplier)} that stops after the iteration in which {@code decided} turns
   * true, and then returns null.
   */
  static Outcome one(TrainConfig base, long seed, Supplier<? extends Env<?, ?>> factory, BooleanSupplier decided) {
    long t0 = System.nanoTime();
    try (TrainingLoop loop = new TrainingLoop(base.withSeed(seed), factory)) {
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          if (decided.getAsBoolean()) {
            loop.control().stop(DECIDED);
          }
        }
      });
      RunEnd end = loop.run();
      if (DECIDED.equals(end.stopReason())) {
        System.out.println(base.env() + " " + base.rewards().modules() + " seed " + seed + ": stopped, " + DECIDED);
        return null;
      }
      Outcome o = new Outcome(seed, end.bestMeanReturn(), end.meanReturn(), end.globalStep(),
          (System.nanoTime() - t0) / 1e9);
      System.out.println(base.env() + " " + base.rewards().modules() + " " + o);
      return o;
    }
  }
}
