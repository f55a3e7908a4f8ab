package dev.curio.loop;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyActor;
import dev.curio.agents.PolicyParameters;
import dev.curio.core.Info;
import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.vector.VectorEnv;
import dev.curio.envs.vector.VectorStep;
import dev.curio.rewards.ForwardingReward;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.StepBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Actor threads for the IMPALA learner ({@code impala.actors} A): each owns a slice of the run's envs
 * ({@code numEnvs / A} of them, its own vector env) and its own copy of the policy, loads the newest
 * parameters the learner {@link #publish}ed before each rollout, collects {@code rolloutLength} steps
 * and puts the {@link Piece} (a {@link Trajectory} stamped with the version that acted, and the
 * episodes that ended in it) on a bounded queue, waiting while the queue is full.
 *
 * <p>The learner's thread {@link #take}s pieces until it has {@code numEnvs} columns, the size of a
 * synchronous iteration's batch, from whichever actors were first, and learns on them as one
 * trajectory (columns of the first piece first). A piece acted more than {@code impala.maxStaleness}
 * versions before the learner's current one is dropped and counted; its steps and episodes are not
 * part of the run's counters. V-trace corrects for the lag of the pieces it keeps.
 *
 * <p>The pool is the in-process half of issue 27's design: what crosses the queue is a trajectory of
 * plain arrays and what the learner publishes is a versioned {@link PolicyParameters}, the two messages
 * actors in other JVMs will exchange with the learner.
 *
 * <p>Threads: {@link #start} launches the actors, {@link #stop} asks them to finish their step and
 * joins them (an actor waiting on a full queue wakes every 50 ms to look), and drops what the queue
 * holds. An actor that fails stops the run: the learner's next {@link #take} rethrows its exception.
 * Thread timing decides which pieces the learner gets, so runs with actors are not bit-identical.
 */
final class ActorPool implements AutoCloseable {
  /** An episode that ended at {@code step} of a piece, in its env {@code column}, with its statistics. */
  record Ended(int column, int step, Info info) {}

  /** One actor's rollout: {@code [T, numEnvs / A]}, acted with one policy version; the episodes that ended in it. */
  record Piece(int actor, Trajectory trajectory, List<Ended> ended, long actNanos, long envNanos) {}

  /**
   * What the learner learns on: the kept pieces as one trajectory {@code [T, numEnvs]}, the episodes
   * that ended in them (columns of the whole), how many pieces were dropped while taking it, the
   * actors' time in the policy's forward pass and in their envs, and the learner's wait.
   */
  record Batch(Trajectory trajectory, List<Ended> ended, int dropped, long actNanos, long envNanos, long waitNanos) {}

  /** A collecting actor's world: its vector env and the guard of each env's rewards. */
  record Slice(VectorEnv<Object> venv, List<NonFiniteGuard.EnvRewards<?, ?>> envRewards) {}

  private final TrainConfig config;
  private final ActionAdapter actions;
  private final int[] obsShape;
  private final int obsDim;
  private final int perActor;
  private final List<Worker> workers = new ArrayList<>();
  private final BlockingQueue<Piece> queue;
  private final AtomicReference<PolicyParameters> published = new AtomicReference<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  /**
   * @param slices makes actor a's slice of {@code numEnvs / actors} envs
   * @param copies makes actor a's copy of the policy (of the learner's shape; its parameters are replaced)
   */
  ActorPool(TrainConfig config, ActionAdapter actions, int[] obsShape, IntFunction<Slice> slices,
            IntFunction<Policy> copies) {
    int count = config.impala().actors();
    this.config = config;
    this.actions = actions;
    this.obsShape = obsShape.clone();
    int dim = 1;
    for (int s : obsShape) {
      dim *= s;
    }
    this.obsDim = dim;
    this.perActor = config.numEnvs() / count;
    this.queue = new ArrayBlockingQueue<>(config.impala().queueSize());
    try {
      for (int a = 0; a < count; a++) {
        Slice slice = slices.apply(a);
        Policy copy;
        try {
          copy = copies.apply(a);
        } catch (RuntimeException e) {
          slice.venv().close();
          throw e;
        }
        workers.add(new Worker(a, slice, copy));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Whether a reward module (under its decorators) is fed step by step, overriding {@code observe} or
   * {@code onEpisodeEnd}: the actors hand the learner whole trajectories only, so such a module would
   * silently see nothing.
   */
  static boolean hasStepHooks(IntrinsicReward module) {
    IntrinsicReward inner = module;
    while (inner instanceof ForwardingReward f) {
      inner = f.inner();
    }
    try {
      Class<?> c = inner.getClass();
      return c.getMethod("observe", StepBatch.class).getDeclaringClass() != IntrinsicReward.class
          || c.getMethod("onEpisodeEnd", int.class).getDeclaringClass() != IntrinsicReward.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("IntrinsicReward has no observe(StepBatch) or onEpisodeEnd(int)", e);
    }
  }

  /** The learner's newest parameters, for every actor's next rollout. */
  void publish(PolicyParameters parameters) {
    published.set(parameters);
  }

  /** Whether the actors are running. */
  boolean running() {
    return running;
  }

  /**
   * Starts the actors, each first resetting its envs with a seed drawn from the run's seed, its index
   * and {@code iteration} (a resumed run meets other episodes than the first start did), acting with
   * the parameters published last (publish before starting).
   */
  void start(int iteration) {
    if (running) {
      return;
    }
    if (published.get() == null) {
      throw new IllegalStateException("publish the learner's parameters before starting the actors");
    }
    failure.set(null);
    running = true;
    threads.clear();
    for (Worker w : workers) {
      w.reset(Rng.derive(config.seed(), "actor-" + w.index + "-from-" + iteration));
      Thread t = new Thread(w, "curio-actor-" + w.index);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * The next batch: pieces taken from the queue, oldest first, until they hold {@code numEnvs} columns,
   * each dropped instead when it acted more than {@code maxStaleness} versions before {@code
   * learnerVersion}. Rethrows an actor's failure.
   */
  Batch take(long learnerVersion) {
    long began = System.nanoTime();
    List<Piece> kept = new ArrayList<>();
    int dropped = 0;
    int columns = 0;
    while (columns < config.numEnvs()) {
      // every pass, not only when the queue is empty: the survivors can keep it full while one actor is dead
      rethrowFailure();
      Piece p;
      try {
        p = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the actors' trajectories", e);
      }
      if (p == null) {
        rethrowFailure();
        if (!running) {
          throw new IllegalStateException("the actors are not running (start them before taking trajectories)");
        }
        continue;
      }
      if (learnerVersion - p.trajectory().oldestVersion() > config.impala().maxStaleness()) {
        dropped++;
        continue;
      }
      kept.add(p);
      columns += p.trajectory().envs();
    }
    long waited = System.nanoTime() - began;
    return join(kept, dropped, waited);
  }

  /** An actor's failure, if any: what {@link #take} would rethrow. */
  Throwable failure() {
    return failure.get();
  }

  private void rethrowFailure() {
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error e) {
      throw e;
    }
    if (f != null) {
      throw new IllegalStateException("an actor failed: " + f, f);
    }
  }

  /** The pieces side by side along the env axis, piece 0's columns first. */
  private Batch join(List<Piece> pieces, int dropped, long waited) {
    List<Ended> ended = new ArrayList<>();
    long act = 0;
    long env = 0;
    int offset = 0;
    for (Piece p : pieces) {
      for (Ended e : p.ended()) {
        ended.add(new Ended(offset + e.column(), e.step(), e.info()));
      }
      offset += p.trajectory().envs();
      act += p.actNanos();
      env += p.envNanos();
    }
    if (pieces.size() == 1) {
      return new Batch(pieces.get(0).trajectory(), ended, dropped, act, env, waited);
    }
    int t = config.rolloutLength();
    int n = offset;
    long[] versions = new long[t * n];
    int col = 0;
    for (Piece p : pieces) {
      Trajectory tr = p.trajectory();
      for (int s = 0; s < t; s++) {
        for (int i = 0; i < tr.envs(); i++) {
          versions[s * n + col + i] = tr.version(s, i);
        }
      }
      col += tr.envs();
    }
    Trajectory.Builder b = Trajectory.builder(obsShape)
        .observations(cat(pieces, Trajectory::observations))
        .nextObservations(cat(pieces, Trajectory::nextObservations))
        .actions(cat(pieces, Trajectory::actions))
        .rewards(cat(pieces, Trajectory::rewards))
        .terminated(cat(pieces, Trajectory::terminated))
        .truncated(cat(pieces, Trajectory::truncated))
        .logProbs(cat(pieces, Trajectory::logProbs))
        .policyParams(cat(pieces, tr -> tr.policyParams().orElseThrow()))
        .values(cat(pieces, tr -> tr.values().orElseThrow()))
        .versions(versions)
        .taskIds(new int[n])
        .agents(1);
    return new Batch(b.build(), ended, dropped, act, env, waited);
  }

  private static INDArray cat(List<Piece> pieces, java.util.function.Function<Trajectory, INDArray> field) {
    INDArray[] parts = new INDArray[pieces.size()];
    for (int j = 0; j < parts.length; j++) {
      parts[j] = field.apply(pieces.get(j).trajectory());
    }
    return Nd4j.concat(1, parts);
  }

  /**
   * Asks the actors to stop, joins them, and forgets what the queue holds (trajectories no learner will
   * see). The pool can be started again.
   */
  void stop() {
    running = false;
    for (Thread t : threads) {
      boolean interrupted = false;
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true; // the actors must be joined before the envs close; ask again after
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
    queue.clear();
  }

  @Override
  public void close() {
    stop();
    for (Worker w : workers) {
      w.slice.venv().close();
    }
  }

  /** One actor: its envs, its policy copy and its action stream; runs on its own thread. */
  private final class Worker implements Runnable {
    private final int index;
    private final Slice slice;
    private final Policy policy;
    private PolicyActor actor;
    private float[] obs;

    Worker(int index, Slice slice, Policy policy) {
      this.index = index;
      this.slice = slice;
      this.policy = policy;
    }

    void reset(long seed) {
      obs = slice.venv().reset(seed);
      actor = PolicyActor.sampling(policy, new Rng(Rng.derive(seed, "actions")));
    }

    /** The publication this actor's policy holds (null before its first load). */
    private PolicyParameters loaded;

    @Override
    public void run() {
      try {
        while (running) {
          PolicyParameters p = published.get();
          // every publication is a new object: a restore that publishes parameters of a version this actor
          // already holds is loaded too
          if (p != loaded) {
            policy.load(p);
            loaded = p;
          }
          Piece piece = collect();
          while (running && !queue.offer(piece, 50, TimeUnit.MILLISECONDS)) {
            // the learner is behind: wait for room, looking at the stop flag now and then
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }

    /** {@code rolloutLength} steps of this actor's envs, as the synchronous loop collects them. */
    private Piece collect() {
      VectorEnv<Object> venv = slice.venv();
      int t = config.rolloutLength();
      int n = perActor;
      int p = policy.distribution().paramCount();
      int k = policy.valueHeads();
      int d = actions.dim();
      float[] obsBuf = new float[t * n * obsDim];
      float[] nextBuf = new float[t * n * obsDim];
      float[] actionBuf = new float[t * n * d];
      float[] logProbs = new float[t * n];
      float[] params = new float[t * n * p];
      float[] values = new float[t * n * k];
      long[] versions = new long[t * n];
      float[] rewards = new float[t * n];
      float[] terminated = new float[t * n];
      float[] truncated = new float[t * n];
      Object[] envActions = actions.newArray(n);
      List<Ended> ended = new ArrayList<>();
      long actNs = 0;
      long envNs = 0;
      for (int step = 0; step < t; step++) {
        INDArray o = Nd4j.create(obs, new long[] {n, obsDim}, DataType.FLOAT);
        long t0 = System.nanoTime();
        ActionBatch ab = actor.act(o);
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          envActions[i] = actions.toEnv(ab, i);
        }
        VectorStep s = venv.step(envActions);
        envNs += System.nanoTime() - t1;
        actNs += t1 - t0;
        for (int i = 0; i < n; i++) {
          if (slice.envRewards().get(i).pending()) {
            throw new NonFiniteException((int) ab.version() + 1, "actor " + index + "'s env " + i + " gave the"
                + " reward " + slice.envRewards().get(i).take() + " at step " + step + " of its rollout");
          }
        }
        int row = step * n;
        System.arraycopy(obs, 0, obsBuf, row * obsDim, n * obsDim);
        System.arraycopy(s.nextObservations(), 0, nextBuf, row * obsDim, n * obsDim);
        System.arraycopy(ab.actions(), 0, actionBuf, row * d, n * d);
        System.arraycopy(ab.logProbs(), 0, logProbs, row, n);
        System.arraycopy(Host.floats(ab.params()), 0, params, row * p, n * p);
        System.arraycopy(Host.floats(ab.values()), 0, values, row * k, n * k);
        for (int i = 0; i < n; i++) {
          versions[row + i] = ab.version();
          rewards[row + i] = (float) s.rewards()[i];
          if (!Float.isFinite(rewards[row + i])) {
            throw new NonFiniteException((int) ab.version() + 1, "actor " + index + "'s env " + i + " gave the"
                + " reward " + s.rewards()[i] + " at step " + step + " of its rollout");
          }
          terminated[row + i] = s.terminated()[i] ? 1f : 0f;
          truncated[row + i] = s.truncated()[i] ? 1f : 0f;
          if (s.done(i)) {
            ended.add(new Ended(i, step, s.infos()[i]));
          }
        }
        obs = s.observations();
      }
      long[] shape = new long[2 + obsShape.length];
      shape[0] = t;
      shape[1] = n;
      for (int i = 0; i < obsShape.length; i++) {
        shape[2 + i] = obsShape[i];
      }
      long[] tn = {t, n};
      Trajectory trajectory = Trajectory.builder(obsShape)
          .observations(Nd4j.create(obsBuf, shape, DataType.FLOAT))
          .nextObservations(Nd4j.create(nextBuf, shape, DataType.FLOAT))
          .actions(Nd4j.create(actionBuf, d == 1 && actions.discrete() ? tn : new long[] {t, n, d}, DataType.FLOAT))
          .rewards(Nd4j.create(rewards, tn, DataType.FLOAT))
          .terminated(Nd4j.create(terminated, tn, DataType.FLOAT))
          .truncated(Nd4j.create(truncated, tn, DataType.FLOAT))
          .logProbs(Nd4j.create(logProbs, tn, DataType.FLOAT))
          .policyParams(Nd4j.create(params, new long[] {t, n, p}, DataType.FLOAT))
          .values(Nd4j.create(values, new long[] {t, n, k}, DataType.FLOAT))
          .versions(versions)
          .taskIds(new int[n])
          .agents(1)
          .build();
      return new Piece(index, trajectory, ended, actNs, envNs);
    }
  }
}
