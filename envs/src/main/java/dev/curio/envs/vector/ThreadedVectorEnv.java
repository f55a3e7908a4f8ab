package dev.curio.envs.vector;

import dev.curio.envs.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Steps its copies on a fixed pool of threads, each thread owning a contiguous slice of the copies,
 * so one env is only ever touched by one thread per call. Worth it when a step costs far more than
 * handing it over (tens of microseconds or more: gym envs, large worlds). Results and seeds are the
 * same as {@link SyncVectorEnv}'s.
 */
public final class ThreadedVectorEnv<O, A> extends SyncVectorEnv<O, A> {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private final ExecutorService pool;
  private final int threads;

  public ThreadedVectorEnv(List<? extends Env<O, A>> envs, int threads) {
    super(envs);
    if (threads < 1) {
      throw new IllegalArgumentException("a threaded vector env needs threads >= 1, got " + threads);
    }
    this.threads = Math.min(threads, envs.size());
    int id = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(this.threads, r -> {
      Thread t = new Thread(r, "curio-venv-" + id + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** {@code n} copies made by {@code factory}, one thread per available core (at most n). */
  public static <O, A> ThreadedVectorEnv<O, A> of(int n, Supplier<? extends Env<O, A>> factory) {
    return new ThreadedVectorEnv<>(make(n, factory), Runtime.getRuntime().availableProcessors());
  }

  @Override
  protected void forEachEnv(IntConsumer body) {
    int n = numEnvs();
    List<Future<?>> futures = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int from = t * n / threads;
      int to = (t + 1) * n / threads;
      futures.add(pool.submit(() -> {
        for (int i = from; i < to; i++) {
          body.accept(i);
        }
      }));
    }
    RuntimeException failure = null;
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stepping envs", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    super.close();
  }
}
