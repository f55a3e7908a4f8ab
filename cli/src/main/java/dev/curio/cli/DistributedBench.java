package dev.curio.cli;

import dev.curio.agents.PolicyParameters;
import dev.curio.cluster.Ack;
import dev.curio.cluster.CurioSerializer;
import dev.curio.cluster.Episode;
import dev.curio.cluster.LearnerNode;
import dev.curio.cluster.Parameters;
import dev.curio.cluster.Rollout;
import dev.curio.envs.Env;
import dev.curio.loop.CollectedRollout;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import dev.curio.loop.TrajectorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One case of {@code curio bench distributed}: an IMPALA learner in this JVM trains {@code totalSteps} env steps
 * with N actors, either N actor threads beside it ({@code impala.actors} N, as {@code curio train --learner impala
 * --actors N}) or N actor JVMs ({@code curio actor --join}, started with {@link CliProcess}) that join a {@link
 * LearnerNode} on a free loopback port (as {@code curio learner}). The learner's code is the same in both modes.
 *
 * <p><b>What is timed.</b> Every iteration's report is stamped when it reaches an observer. The timed window runs
 * from the end of the warm-up to the end of the last iteration; the warm-up is the first eighth of the iterations
 * (at least {@value #MIN_WARM_UP}) and, beyond that, every iteration until each actor index had delivered a rollout
 * the learner learned from, so JVM start, ND4J's start and the actors' joining are outside it. Env steps/s are the
 * steps learned in the window over its wall time; updates/s its iterations (one V-trace update each) over the same
 * time; the learner's wait is the loop's collect time (with actors, its wait for rollouts), its learn time the
 * loop's learn and reward time, both means per iteration of the window.
 *
 * <p><b>Bytes.</b> Counted, not sniffed: each rollout the learner takes from the node is written again with
 * {@link CurioSerializer#toBytes} (the bytes its actor sent, with the same run id, trajectory and episodes), and
 * each answer is counted at the size the serializer gives an {@link Ack} message of this run, plus a {@link
 * Parameters} message when the answer carried parameters. Which answers did is read from the rollouts: an actor
 * loads parameters only with an answer and collects one rollout per answer, so its next rollout carries a newer
 * version exactly when the answer had parameters.
 * Pekko's envelope (some tens of bytes per message), TCP/IP headers and the cluster's heartbeats and gossip are
 * not counted. With threads nothing crosses a wire: their byte columns are 0.
 */
final class DistributedBench {
  /** The case's actors are threads of the learner's JVM. */
  static final String THREADS = "threads";
  /** The case's actors are JVMs of their own, on loopback. */
  static final String JVMS = "jvms";
  static final List<String> MODES = List.of(THREADS, JVMS);
  /** Iterations left out of the timed window at least. */
  static final int MIN_WARM_UP = 4;
  /** Heap of each actor JVM. */
  static final String ACTOR_HEAP = "1g";
  /** The address every node of the bench binds: loopback. */
  static final String HOST = "127.0.0.1";
  /** How long an actor JVM may take to be welcomed ({@code curio actor --join-timeout}), in seconds. */
  static final int JOIN_TIMEOUT_SECONDS = 90;

  private DistributedBench() {}

  /** A case: the env, {@link #THREADS} or {@link #JVMS}, and the number of actors. */
  record Case(String env, String mode, int actors, long seed) {}

  /**
   * A case's figures over its timed window.
   *
   * @param steps env steps the learner learned from over the whole run
   * @param timedSteps of which in the timed window
   * @param timedSeconds the window's wall time
   * @param updates iterations (learner updates) in the window
   * @param learnMs the learner's mean learn and reward time per iteration, ms
   * @param waitMs the learner's mean wait for rollouts per iteration, ms
   * @param rollouts rollouts taken in the window
   * @param parameterMessages parameter messages the actors received in the window (JVMs only)
   * @param rolloutBytes bytes of the rollouts of the window on the wire (JVMs only)
   * @param answerBytes bytes of the learner's answers (parameters and acks) in the window (JVMs only)
   * @param dropped rollouts dropped as too stale over the run
   * @param lost actor JVMs the learner saw leave during the run
   * @param firstIterationSeconds from the case's start (JVMs started) to the first iteration's end
   */
  record Result(Case c, long steps, long timedSteps, double timedSeconds, int updates, double learnMs, double waitMs,
                long rollouts, long parameterMessages, long rolloutBytes, long answerBytes, long dropped, long lost,
                double firstIterationSeconds) {
    double sps() {
      return timedSteps / timedSeconds;
    }

    double updatesPerSecond() {
      return updates / timedSeconds;
    }

    /** The share of the window's wall time the learner waited for rollouts. */
    double waitShare() {
      return waitMs * updates / 1e3 / timedSeconds;
    }

    double rolloutBytesPerSecond() {
      return rolloutBytes / timedSeconds;
    }

    double answerBytesPerSecond() {
      return answerBytes / timedSeconds;
    }
  }

  /**
   * Runs {@code c} with {@code cfg} (its {@code impala.actors} is {@code c.actors()}); actor JVMs write their
   * output to {@code logs}. Ends with a one-line {@link UserError} when the case fails or passes {@code
   * deadlineSeconds}, with every actor thread joined and every actor JVM gone.
   */
  static Result run(Case c, TrainConfig cfg, Supplier<Env<?, ?>> factory, Path logs, long deadlineSeconds) {
    long began = System.nanoTime();
    Timing timing = new Timing(c, cfg, began + TimeUnit.SECONDS.toNanos(deadlineSeconds));
    if (c.mode().equals(THREADS)) {
      try (TrainingLoop loop = new TrainingLoop(cfg, factory)) {
        loop.addObserver(timing);
        runLoop(c, loop, timing, cfg, deadlineSeconds);
      }
      return timing.result(null, 0, began);
    }
    String run = "bench-" + c.env() + "-" + c.actors() + "-" + UUID.randomUUID();
    LearnerNode node;
    try {
      node = LearnerNode.start(HOST, 0, run, cfg);
    } catch (RuntimeException e) {
      throw new UserError("distributed: cannot start a learner node on " + HOST + ": " + e.getMessage(), e);
    }
    List<Process> actors = new CopyOnWriteArrayList<>();
    AtomicBoolean shuttingDown = new AtomicBoolean();
    Thread reaper = new Thread(() -> {
      shuttingDown.set(true);
      actors.forEach(Process::destroyForcibly);
    }, "curio-bench-actor-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      Counted source = new Counted(node, run, actors, shuttingDown, timing, logs);
      try (TrainingLoop loop = TrainingLoop.fedBy(source, cfg, factory, List.of(), false)) {
        try {
          node.open(loop);
        } catch (IllegalStateException e) {
          throw new UserError(e.getMessage(), e);
        }
        Files.createDirectories(logs);
        for (int i = 0; i < c.actors(); i++) {
          actors.add(CliProcess.start(List.of("actor", "-q", "--join", node.address(), "--join-timeout",
              Integer.toString(JOIN_TIMEOUT_SECONDS)), logs.resolve(actorLog(c, i)), ACTOR_HEAP));
        }
        loop.addObserver(timing);
        runLoop(c, loop, timing, cfg, deadlineSeconds);
      }
      return timing.result(source, node.lost(), began);
    } catch (IOException e) {
      throw new UserError("distributed: cannot start an actor JVM (logs in " + logs + "): " + e.getMessage(), e);
    } finally {
      node.close(); // the actor JVMs see the learner's node leave and exit
      stop(actors);
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
    }
  }

  /** The log file of actor JVM {@code i} of case {@code c}. */
  static String actorLog(Case c, int i) {
    return (c.env() + "-" + c.mode() + "-" + c.actors() + "-s" + c.seed() + "-actor" + i + ".log")
        .replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void runLoop(Case c, TrainingLoop loop, Timing timing, TrainConfig cfg, long deadlineSeconds) {
    RuntimeException failure = null;
    try {
      loop.run();
    } catch (RuntimeException e) {
      failure = e;
    }
    if (timing.timedOut) {
      throw new UserError(String.format(Locale.ROOT, "distributed: %s did not learn its %,d steps within %d s (it"
          + " reached %,d); give fewer --steps, or look at the actors' logs", name(c), cfg.totalSteps(),
          deadlineSeconds, loop.globalStep()), failure);
    }
    if (failure instanceof UserError u) {
      throw u;
    }
    if (failure != null) {
      throw new UserError("distributed: " + name(c) + " failed: " + firstLine(failure), failure);
    }
  }

  /** Waits for each actor JVM to exit (it does once the learner's node left), then ends those that did not. */
  private static void stop(List<Process> actors) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (Process p : actors) {
      try {
        if (!p.waitFor(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          p.destroy();
          if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        actors.forEach(Process::destroyForcibly);
        return;
      }
    }
  }

  static String name(Case c) {
    return c.env() + " with " + c.actors() + " actor " + (c.mode().equals(THREADS) ? "thread" : "JVM")
        + (c.actors() == 1 ? "" : "s") + " (seed " + c.seed() + ")";
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /**
   * Stamps every iteration, finds the end of the warm-up, and stops the run at the deadline (the source checks
   * it too, for a learner that waits for rollouts that never come).
   */
  private static final class Timing implements RunObserver {
    private final Case c;
    private final int perIteration;
    private final long deadline;
    private final int warmUp;
    private final List<Long> times = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();
    private final List<Double> waits = new ArrayList<>();
    private final List<Double> learns = new ArrayList<>();
    /** The source's counters at each iteration's end (JVMs only). */
    private final List<long[]> counters = new ArrayList<>();
    private Counted source;
    /** The first iteration (index into the lists) by whose end every actor had delivered a rollout; -1 before. */
    private int allDelivered = -1;
    private long dropped;
    /** Actor indices that had delivered a rollout the learner learned from, at the last iteration. */
    private long delivered;
    volatile boolean timedOut;

    Timing(Case c, TrainConfig cfg, long deadline) {
      this.c = c;
      this.perIteration = cfg.numEnvs() * cfg.rolloutLength();
      this.deadline = deadline;
      long iterations = (cfg.totalSteps() + perIteration - 1) / perIteration;
      this.warmUp = (int) Math.max(MIN_WARM_UP, iterations / 8);
    }

    boolean pastDeadline() {
      return System.nanoTime() > deadline;
    }

    @Override
    public void onIteration(IterationReport r) {
      times.add(System.nanoTime());
      steps.add(r.globalStep());
      waits.add(r.collectSeconds());
      learns.add(r.learnSeconds() + r.rewardSeconds());
      counters.add(source == null ? new long[4] : source.counters());
      dropped = r.droppedTrajectories();
      delivered = r.actorRollouts().values().stream().filter(n -> n > 0).count();
      if (allDelivered < 0 && r.actorRollouts().size() >= c.actors()
          && r.actorRollouts().values().stream().allMatch(n -> n > 0)) {
        allDelivered = times.size() - 1;
      }
      if (pastDeadline()) {
        timedOut = true;
        r.control().stop("the bench's deadline");
      }
    }

    Result result(Counted counted, long lost, long began) {
      int last = times.size() - 1;
      int from = Math.max(warmUp - 1, allDelivered);
      if (allDelivered < 0) {
        throw new UserError(String.format(Locale.ROOT, "distributed: %s ended after %d iterations, before every actor"
            + " had delivered a rollout (%d of %d did); give more --steps", name(c), times.size(), delivered, c.actors()));
      }
      if (last - from < 2) {
        throw new UserError(String.format(Locale.ROOT, "distributed: %s learned %d iterations, too few to time after"
            + " a warm-up of %d (and until every actor delivered); give more --steps (at least %,d)", name(c),
            times.size(), warmUp, (long) (from + 3) * perIteration));
      }
      double seconds = (times.get(last) - times.get(from)) / 1e9;
      int updates = last - from;
      double wait = 0;
      double learn = 0;
      for (int i = from + 1; i <= last; i++) {
        wait += waits.get(i);
        learn += learns.get(i);
      }
      long[] a = counters.get(from);
      long[] b = counters.get(last);
      return new Result(c, steps.get(last), steps.get(last) - steps.get(from), seconds, updates,
          1e3 * learn / updates, 1e3 * wait / updates, b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3], dropped,
          lost, (times.get(0) - began) / 1e9);
    }
  }

  /**
   * The learner node as the loop's source, counting what crossed the wire (see the class comment) and ending
   * the run in one line when the deadline passes or every actor JVM has exited.
   */
  private static final class Counted implements TrajectorySource {
    private final LearnerNode node;
    private final String run;
    private final List<Process> actors;
    /** Set when the bench's JVM is stopping (Ctrl-C) and its shutdown hook has ended the actor JVMs. */
    private final AtomicBoolean shuttingDown;
    private final Timing timing;
    private final Path logs;
    /** Per actor index, the version of its last rollout. */
    private final Map<Integer, Long> versions = new HashMap<>();
    private long rollouts;
    private long parameterMessages;
    private long rolloutBytes;
    private long answerBytes;
    private long parameterSize;
    private final long ackSize;

    Counted(LearnerNode node, String run, List<Process> actors, AtomicBoolean shuttingDown, Timing timing, Path logs) {
      this.node = node;
      this.run = run;
      this.actors = actors;
      this.shuttingDown = shuttingDown;
      this.timing = timing;
      this.logs = logs;
      this.ackSize = CurioSerializer.toBytes(new Ack(run, 1)).length;
      timing.source = this;
    }

    /** {rollouts, parameter messages, rollout bytes, answer bytes} so far. */
    long[] counters() {
      return new long[] {rollouts, parameterMessages, rolloutBytes, answerBytes};
    }

    @Override
    public void publish(PolicyParameters parameters) {
      if (parameterSize == 0) {
        parameterSize = CurioSerializer.toBytes(new Parameters(run, parameters)).length;
      }
      node.publish(parameters);
    }

    @Override
    public CollectedRollout poll(long timeoutMillis) throws InterruptedException {
      if (timing.pastDeadline()) {
        timing.timedOut = true;
        throw new IllegalStateException("the bench's deadline passed while the learner waited for rollouts");
      }
      if (shuttingDown.get()) {
        throw new IllegalStateException("stopped: this JVM is shutting down (Ctrl-C?), and its actor JVMs were ended");
      }
      if (!actors.isEmpty() && actors.stream().noneMatch(Process::isAlive)) {
        throw new IllegalStateException("every actor JVM exited (exit code " + actors.get(0).exitValue()
            + "); their output is in " + logs);
      }
      CollectedRollout c = node.poll(timeoutMillis);
      if (c != null) {
        count(c);
      }
      return c;
    }

    private void count(CollectedRollout c) {
      rollouts++;
      rolloutBytes += CurioSerializer.toBytes(new Rollout(run, c.actor(), c.trajectory(), Episode.of(c), 1)).length;
      long version = c.trajectory().newestVersion();
      Long before = versions.put(c.actor(), version);
      if (before != null) {
        answerBytes += ackSize; // every rollout but the first answered its predecessor's Ack
      }
      if (before == null || version != before) {
        // the answer to its previous rollout (or, for its first, the learner's first message) had parameters
        parameterMessages++;
        answerBytes += parameterSize;
      }
    }
  }
}
