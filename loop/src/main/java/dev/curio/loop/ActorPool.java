package dev.curio.loop;

import dev.curio.agents.Policy;
import dev.curio.agents.PolicyParameters;
import dev.curio.agents.net.Backend;
import dev.curio.core.Rng;
import dev.curio.core.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Actor threads for the IMPALA learner ({@code impala.actors} A): each owns a slice of the run's envs
 * ({@code numEnvs / A} of them, its own vector env) and its own copy of the policy, loads the newest
 * parameters the learner {@link #publish}ed before each rollout, collects {@code rolloutLength} steps
 * ({@link RolloutCollector}) and puts the {@link CollectedRollout} (a {@link Trajectory} stamped with the
 * version that acted, and the episodes that ended in it) on a bounded queue, waiting while the queue is
 * full.
 *
 * <p>The learner's thread {@link #take}s pieces until it has {@code numEnvs} columns, the size of a
 * synchronous iteration's batch, from whichever actors were first, and learns on them as one
 * trajectory (columns of the first piece first). A piece acted more than {@code impala.maxStaleness}
 * versions before the learner's current one is dropped and counted; its steps and episodes are not
 * part of the run's counters. V-trace corrects for the lag of the pieces it keeps.
 *
 * <p><b>Lockstep</b> (the PPO learner): actor a's rollout n acts with the parameters of the learner's
 * publication {@code max(0, n - 1)} since {@link #start} (publication 0 being the one {@code start} found),
 * so it is collected while the learner learns on rollout {@code n - 1} and learned from one policy version
 * after the one that acted; the learner takes actor 0's rollout n, then actor 1's, and so on. The lag is
 * fixed at one iteration (none for the first batch after each start: a run's first, and the first after a
 * resume or restore), nothing is dropped, {@code maxStaleness} and {@code queueSize} do not apply, and the
 * order does not depend on thread timing, so such a run is reproducible (not across a resume, whose actors
 * reset their envs; and on the onednn build only without convolutions, see NativeHelpers). PPO learns
 * such a stale rollout with the decoupled objective (Hilton et al. 2021; Ppo's class comment): the
 * ratio clipped against its current policy, each row's advantage weighted by current over acting
 * probability, and the values re-evaluated with its own critic (issue 26: Sample Factory's double
 * buffering, no V-trace). Each start resets the actors' envs; the loop tells the reward modules
 * ({@code IntrinsicReward.envsRestarted}).
 *
 * <p>The pool is the in-process half of issue 27's design: what crosses the queue is a trajectory of
 * plain arrays and what the learner publishes is a versioned {@link PolicyParameters}, the two messages
 * actors in other JVMs exchange with the learner. A pool {@link #fedBy} a {@link TrajectorySource} has no
 * threads of its own: it takes the source's rollouts (curio-cluster's learner node) with the same
 * joining, staleness and counting, and publishes to it.
 *
 * <p>Threads: {@link #start} launches the actors, {@link #stop} asks them to finish their step and
 * joins them (an actor waiting on a full queue wakes every 50 ms to look), and drops what the queue
 * holds. An actor that fails stops the run: the learner's next {@link #take} rethrows its exception.
 * Without lockstep, thread timing decides which pieces the learner gets, so such runs are not bit-identical.
 */
final class ActorPool implements AutoCloseable {
  /**
   * What the learner learns on: the kept rollouts as one trajectory {@code [T, numEnvs]}, the episodes
   * that ended in them (columns of the whole), how many rollouts were dropped while taking it, the
   * actors' time in the policy's forward pass and in their envs, the learner's wait, and the index of the
   * actor of each kept rollout, in column order.
   */
  record Batch(Trajectory trajectory, List<CollectedRollout.Ended> ended, int dropped, long actNanos, long envNanos,
               long waitNanos, int[] actors) {}

  private final TrainConfig config;
  private final int[] obsShape;
  private final int perActor;
  private final List<Worker> workers = new ArrayList<>();
  private final BlockingQueue<CollectedRollout> queue;
  /** The rollouts' source when the actors are elsewhere; null for the pool's own threads. */
  private final TrajectorySource source;
  private final AtomicReference<PolicyParameters> published = new AtomicReference<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  /** One iteration of lag in a fixed order (the ppo learner), see the class. */
  private final boolean lockstep;
  /** Guards {@link #publications}, {@link #recent} and {@link #firstPublication}; waited on by lockstep actors. */
  private final Object publicationLock = new Object();
  /** Publications so far. */
  private long publications;
  /** The last few publications by number (lockstep actors need one of the last two). */
  private final java.util.Map<Long, PolicyParameters> recent = new java.util.HashMap<>();
  /** The publication the actors started from. */
  private long firstPublication;

  /**
   * @param collectors makes actor a's collector of {@code numEnvs / actors} envs (its policy copy of the learner's
   *     shape; its parameters are replaced)
   */
  ActorPool(TrainConfig config, int[] obsShape, IntFunction<RolloutCollector> collectors) {
    this(config, obsShape, (TrajectorySource) null);
    try {
      for (int a = 0; a < config.impala().actors(); a++) {
        workers.add(new Worker(collectors.apply(a)));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private ActorPool(TrainConfig config, int[] obsShape, TrajectorySource source) {
    this.config = config;
    this.obsShape = obsShape.clone();
    this.perActor = config.numEnvs() / config.impala().actors();
    this.queue = new ArrayBlockingQueue<>(config.impala().queueSize());
    this.source = source;
    this.lockstep = source == null && config.learnerName().equals(TrainConfig.PPO);
  }

  /** A pool without threads whose rollouts come from {@code source}, each of {@code numEnvs / impala.actors} columns. */
  static ActorPool fedBy(TrainConfig config, int[] obsShape, TrajectorySource source) {
    return new ActorPool(config, obsShape, java.util.Objects.requireNonNull(source, "source"));
  }

  /** The learner's newest parameters, for every actor's next rollout (in lockstep, for the rollout after it). */
  void publish(PolicyParameters parameters) {
    published.set(parameters);
    synchronized (publicationLock) {
      publications++;
      recent.put(publications, parameters);
      recent.remove(publications - 3);
      publicationLock.notifyAll();
    }
    if (source != null) {
      source.publish(parameters);
    }
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
    synchronized (publicationLock) {
      firstPublication = publications;
    }
    running = true;
    threads.clear();
    for (Worker w : workers) {
      w.collector.reset(Rng.derive(config.seed(), "actor-" + w.collector.index() + "-from-" + iteration));
      Thread t = new Thread(w, "curio-actor-" + w.collector.index());
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
    if (lockstep) {
      Batch b = takeInTurn();
      long lag = learnerVersion - b.trajectory().oldestVersion();
      if (b.trajectory().oldestVersion() != b.trajectory().newestVersion() || lag < 0 || lag > 1) {
        throw new IllegalStateException("lockstep actors acted with versions " + b.trajectory().oldestVersion() + ".."
            + b.trajectory().newestVersion() + " for a learner at version " + learnerVersion + "; expected one version,"
            + " the learner's or the one before it");
      }
      return b;
    }
    long began = System.nanoTime();
    List<CollectedRollout> kept = new ArrayList<>();
    int dropped = 0;
    int columns = 0;
    while (columns < config.numEnvs()) {
      // every pass, not only when the queue is empty: the survivors can keep it full while one actor is dead
      rethrowFailure();
      CollectedRollout p;
      try {
        p = source == null ? queue.poll(50, TimeUnit.MILLISECONDS) : source.poll(50);
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
      checkShape(p);
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

  /** Lockstep: the next rollout of every actor, actor 0's first; nothing is dropped. */
  private Batch takeInTurn() {
    long began = System.nanoTime();
    List<CollectedRollout> kept = new ArrayList<>(workers.size());
    for (Worker w : workers) {
      CollectedRollout p = null;
      while (p == null) {
        rethrowFailure();
        try {
          p = w.turns.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the actors' trajectories", e);
        }
        if (p == null && !running) {
          rethrowFailure();
          throw new IllegalStateException("the actors are not running (start them before taking trajectories)");
        }
      }
      checkShape(p);
      kept.add(p);
    }
    return join(kept, 0, System.nanoTime() - began);
  }

  private void checkShape(CollectedRollout p) {
    if (p.trajectory().envs() != perActor || p.trajectory().steps() != config.rolloutLength()) {
      throw new IllegalStateException("actor " + p.actor() + " sent a rollout of [T, N] = [" + p.trajectory().steps()
          + ", " + p.trajectory().envs() + "], this run takes [" + config.rolloutLength() + ", " + perActor
          + "] (rolloutLength, numEnvs / impala.actors)");
    }
  }

  /**
   * Lockstep: the parameters of publication {@code number}, once the learner has made it; null when the pool
   * stops first.
   */
  private PolicyParameters awaitPublication(long number) throws InterruptedException {
    synchronized (publicationLock) {
      while (running && publications < number) {
        publicationLock.wait(50);
      }
      if (!running) {
        return null;
      }
      PolicyParameters p = recent.get(number);
      if (p == null) {
        throw new IllegalStateException("publication " + number + " is no longer kept (the newest is " + publications
            + "); a lockstep actor fell more than two publications behind");
      }
      return p;
    }
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
  private Batch join(List<CollectedRollout> pieces, int dropped, long waited) {
    List<CollectedRollout.Ended> ended = new ArrayList<>();
    long act = 0;
    long env = 0;
    int offset = 0;
    int[] actors = pieces.stream().mapToInt(CollectedRollout::actor).toArray();
    for (CollectedRollout p : pieces) {
      for (CollectedRollout.Ended e : p.ended()) {
        ended.add(new CollectedRollout.Ended(offset + e.column(), e.step(), e.info()));
      }
      offset += p.trajectory().envs();
      act += p.actNanos();
      env += p.envNanos();
    }
    if (pieces.size() == 1) {
      return new Batch(pieces.get(0).trajectory(), ended, dropped, act, env, waited, actors);
    }
    int t = config.rolloutLength();
    int n = offset;
    long[] versions = new long[t * n];
    int col = 0;
    for (CollectedRollout p : pieces) {
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
    return new Batch(b.build(), ended, dropped, act, env, waited, actors);
  }

  private static INDArray cat(List<CollectedRollout> pieces, java.util.function.Function<Trajectory, INDArray> field) {
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
    for (Worker w : workers) {
      w.turns.clear();
    }
  }

  @Override
  public void close() {
    stop();
    for (Worker w : workers) {
      w.collector.close();
    }
  }

  /** One actor thread: its collector (envs, policy copy, action stream) and the loop that feeds the queue. */
  private final class Worker implements Runnable {
    private final RolloutCollector collector;
    /** Lockstep: this actor's rollout for the learner's next batch. */
    private final BlockingQueue<CollectedRollout> turns = new ArrayBlockingQueue<>(1);

    Worker(RolloutCollector collector) {
      this.collector = collector;
    }

    @Override
    public void run() {
      try {
        // OpenMP's thread count is per calling thread: without this the actor's operations would use one
        // OpenMP thread per core, spinning on the cores the learner needs
        Backend.useThreadsOnThisThread(config.nd4jThreads());
        if (lockstep) {
          inTurn();
          return;
        }
        while (running) {
          collector.load(published.get());
          CollectedRollout piece = collector.collect();
          while (running && !queue.offer(piece, 50, TimeUnit.MILLISECONDS)) {
            // the learner is behind: wait for room, looking at the stop flag now and then
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (running) { // not asked to stop: the learner must not wait for this actor's rollouts forever
          failure.compareAndSet(null, new IllegalStateException("actor " + collector.index() + " was interrupted", e));
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }

    /** Rollout n acts with publication max(0, n - 1) since the start (see the class). */
    private void inTurn() throws InterruptedException {
      for (long n = 0; running; n++) {
        PolicyParameters p = awaitPublication(firstPublication + Math.max(0, n - 1));
        if (p == null) {
          return;
        }
        collector.load(p);
        CollectedRollout piece = collector.collect();
        while (running && !turns.offer(piece, 50, TimeUnit.MILLISECONDS)) {
          // the learner is still on the previous batch
        }
      }
    }
  }
}
