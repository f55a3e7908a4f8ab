package dev.curio.cluster;

import dev.curio.agents.PolicyParameters;
import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Space;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.wrappers.EpisodeStats;
import dev.curio.envs.wrappers.RecordEpisodeStatistics;
import dev.curio.loop.CollectedRollout;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import dev.curio.loop.TrajectorySource;
import dev.curio.loop.io.ConfigLoader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The learner's side of a run whose actors are other JVMs: a Pekko cluster node (the seed the actor
 * nodes join) and the {@link TrajectorySource} of the run's {@link TrainingLoop} ({@link
 * TrainingLoop#fedBy}). Use: {@link #start} the node, build the loop fed by it, {@link #open} it with
 * the loop (from then on actor nodes are welcomed), {@code loop.run()}, {@link #close}.
 *
 * <p><b>What it does with actor nodes.</b> A {@link Join} gets a {@link Welcome} (the run's config as
 * YAML, the actor's index, the reward streams) and, once the loop has published any, the newest
 * {@link Parameters}. Each {@link Rollout} is checked (this run, a welcomed actor, the run's {@code
 * [rolloutLength, numEnvs / impala.actors]} and shapes; anything else is logged, counted in {@link
 * #rejected} and dropped, never a crash) and offered to a queue of {@code impala.queueSize} rollouts
 * that the loop's thread {@link #poll}s. The actor gets its answer only once its rollout is in that
 * queue: the newest parameters when they are newer than those it collected with, then an {@link Ack} naming it;
 * it collects nothing meanwhile, so a slow learner makes every actor wait (at most one rollout per
 * actor waits here beyond the queue). Staleness ({@code impala.maxStaleness}) is the loop's.
 *
 * <p><b>Membership.</b> Actor nodes may join at any time, and leave: the node watches each welcomed
 * actor, and when one's JVM leaves, crashes or is killed (the cluster's failure detector, then the
 * split-brain resolver of {@link NodeConfig}) it is forgotten and counted in {@link #lost}; training goes
 * on with the others (with none, the loop waits for the next to join).
 */
public final class LearnerNode implements TrajectorySource, AutoCloseable {
  /** The receptionist key under which the learner's actor is found by actor nodes. */
  public static final ServiceKey<ToLearner> KEY = ServiceKey.create(ToLearner.class, "curio-learner");

  private final ActorSystem<Void> system;
  private final String run;
  private final TrainConfig config;
  /** What a {@link Welcome} carries: the run's config as YAML, with any extra sections (the CLI's {@code gym}). */
  private final String yaml;
  private final BlockingQueue<CollectedRollout> queue;
  private final AtomicReference<Parameters> newest = new AtomicReference<>();
  private final AtomicReference<ActorRef<ToLearner>> self = new AtomicReference<>();
  private final AtomicLong joined = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  /** Answers to rollouts not to send, as if lost in transit (tests of an actor's answer timeout). */
  final java.util.concurrent.atomic.AtomicInteger answersToLose = new java.util.concurrent.atomic.AtomicInteger();

  private LearnerNode(ActorSystem<Void> system, String run, TrainConfig config, String yaml) {
    this.system = system;
    this.run = run;
    this.config = config;
    this.yaml = yaml;
    this.queue = new ArrayBlockingQueue<>(config.impala().queueSize());
  }

  /**
   * Starts the learner's cluster node on {@code host:port} (0: any free port) for the run {@code run} of
   * {@code config}, a seed node of its own cluster. Nothing is welcomed before {@link #open}.
   */
  public static LearnerNode start(String host, int port, String run, TrainConfig config) {
    return start(host, port, run, config, Map.of());
  }

  /**
   * {@link #start(String, int, String, TrainConfig)} whose {@link Welcome} also carries {@code sections}
   * (top-level YAML sections beside the config, such as the CLI's {@code gym}: where actor nodes make gym
   * envs), for actor nodes that read them ({@link ActorNode#reading} with a reader of its own).
   */
  public static LearnerNode start(String host, int port, String run, TrainConfig config, Map<String, ?> sections) {
    return start(host, port, null, run, config, sections);
  }

  /**
   * {@link #start(String, int, String, TrainConfig, Map)} over Pekko's TLS transport with {@code tls} (null:
   * plain TCP); every actor node must then use TLS with a certificate this node's trust store trusts.
   */
  public static LearnerNode start(String host, int port, NodeConfig.Tls tls, String run, TrainConfig config,
                                  Map<String, ?> sections) {
    Objects.requireNonNull(run, "run");
    String yaml = ConfigLoader.toYaml(config, sections);
    if (config.impala().actors() < 1) {
      throw new IllegalArgumentException("impala.actors is 0; a learner node needs the number of slices numEnvs is"
          + " split into (each actor node collects numEnvs / impala.actors envs)");
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), NodeConfig.SYSTEM,
        NodeConfig.of(host, port, port == 0 ? List.of() : List.of(host + ":" + port), NodeConfig.LEARNER_ROLE, tls,
            CurioSerializer.PROTOCOL));
    if (port == 0) {
      // a port chosen by the system: join it by its real address, as actors will
      Cluster.get(system).manager().tell(org.apache.pekko.cluster.typed.Join.create(
          Cluster.get(system).selfMember().address()));
    }
    return new LearnerNode(system, run, config, yaml);
  }

  /** {@code host:port} actor nodes join ({@code ./curio actor --join} it). */
  public String address() {
    var a = Cluster.get(system).selfMember().address();
    return a.getHost().get() + ":" + a.getPort().get();
  }

  /**
   * Welcomes actor nodes from now on, for {@code loop} (built {@link TrainingLoop#fedBy} this node):
   * its streams and shapes are what actors build and what their rollouts are checked against.
   *
   * @throws IllegalStateException with one line when the parameters or a rollout would not fit in one of
   *     Artery's frames ({@value #FRAME_SIZE}, 256 KiB by default: about 65,000 parameters)
   */
  public void open(TrainingLoop loop) {
    if (self.get() != null) {
      throw new IllegalStateException("the learner node is open already");
    }
    Space<?> os = loop.envSpec().observationSpace();
    int[] obsShape = os instanceof Box b ? b.shape() : new int[] {os.flatDim()};
    Shape shape = new Shape(config.rolloutLength(), config.numEnvs() / config.impala().actors(), obsShape,
        loop.policy().distribution().paramCount(), loop.policy().valueHeads());
    int actionDim = loop.envSpec().actionSpace() instanceof Box b ? b.flatDim() : 1;
    long rolloutBytes = 4L * shape.steps() * shape.envs()
        * (2L * os.flatDim() + actionDim + 3 + shape.paramCount() + shape.valueHeads()) + 4_096;
    checkFrame(system.settings().config().getBytes(FRAME_SIZE), 4L * loop.policy().numParams() + 1_024, rolloutBytes);
    // a resumed run numbers new actor nodes after the checkpoint's, so metrics.csv's per-actor counts stay apart
    int firstIndex = loop.actorRollouts().isEmpty() ? 0 : loop.actorRollouts().lastKey() + 1;
    self.set(system.systemActorOf(behavior(yaml, loop.streams(), shape, firstIndex), "learner", Props.empty()));
    Parameters p = newest.get();
    if (p != null) {
      self.get().tell(new Published());
    }
  }

  /** The largest message Artery sends; a larger one would be dropped, and the actor would wait for ever. */
  static final String FRAME_SIZE = "pekko.remote.artery.advanced.maximum-frame-size";

  /** One line when a parameters message or a rollout (about so many bytes) cannot pass a frame of {@code frame} bytes. */
  static void checkFrame(long frame, long parameterBytes, long rolloutBytes) {
    String what = parameterBytes > frame ? "the policy's parameters" : rolloutBytes > frame ? "an actor's rollout" : null;
    if (what != null) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT, "%s would be a message of about %,d bytes,"
          + " more than %s (%,d bytes); start the learner and the actors with -D%s=<bytes> (e.g. in CURIO_JAVA_OPTS)",
          what, Math.max(parameterBytes, rolloutBytes), FRAME_SIZE, frame, FRAME_SIZE));
    }
  }

  @Override
  public void publish(PolicyParameters parameters) {
    newest.set(new Parameters(run, parameters));
    ActorRef<ToLearner> ref = self.get();
    if (ref != null) {
      ref.tell(new Published());
    }
  }

  @Override
  public CollectedRollout poll(long timeoutMillis) throws InterruptedException {
    return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The learner's actor (null before {@link #open}), for tests that send it messages of their own. */
  ActorRef<ToLearner> ref() {
    return self.get();
  }

  /** Actor nodes welcomed so far. */
  public long joined() {
    return joined.get();
  }

  /** Welcomed actor nodes that left, crashed or were removed by the failure detector. */
  public long lost() {
    return lost.get();
  }

  /** Rollouts put on the loop's queue. */
  public long accepted() {
    return accepted.get();
  }

  /** Rollouts refused (another run, an actor not welcomed, the wrong shape). */
  public long rejected() {
    return rejected.get();
  }

  /** Leaves the cluster and stops the node (actor nodes then stop too), waiting up to 10 s. */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      // the JVM's exit finishes it
    }
  }

  /** What a rollout of this run has: {@code [T, n]} steps, the observation shape, P and K. */
  private record Shape(int steps, int envs, int[] obsShape, int paramCount, int valueHeads) {}

  /** The loop published parameters: send them to the actors that wait for their first. */
  private record Published() implements ToLearner {}

  /** Look at the held rollouts again (the queue was full). */
  private record Retry() implements ToLearner {}

  /** A welcomed actor's node is gone (left, crashed, or removed by the failure detector). */
  private record Gone(int actor) implements ToLearner {}

  private Behavior<ToLearner> behavior(String yaml, List<RewardStream> streams, Shape shape, int firstIndex) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      Map<Integer, ActorRef<ToActor>> actors = new HashMap<>();
      Set<Integer> waiting = new HashSet<>();
      ArrayDeque<Rollout> held = new ArrayDeque<>();
      int[] next = {firstIndex};
      return Behaviors.receive(ToLearner.class)
          .onMessage(Join.class, j -> {
            int index = next[0]++;
            actors.put(index, j.replyTo());
            ctx.watchWith(j.replyTo(), new Gone(index));
            joined.incrementAndGet();
            ctx.getLog().info("actor node {} joined ({}); {} actor nodes now", index, j.replyTo().path().address(),
                actors.size());
            j.replyTo().tell(new Welcome(run, index, yaml, streams));
            Parameters p = newest.get();
            if (p == null) {
              waiting.add(index);
            } else {
              j.replyTo().tell(p);
            }
            return Behaviors.same();
          })
          .onMessage(Published.class, m -> {
            Parameters p = newest.get();
            for (int a : waiting) {
              ActorRef<ToActor> ref = actors.get(a);
              if (ref != null) {
                ref.tell(p);
              }
            }
            waiting.clear();
            return Behaviors.same();
          })
          .onMessage(Rollout.class, r -> {
            String why = check(r, actors, shape);
            if (why != null) {
              rejected.incrementAndGet();
              ctx.getLog().warn("rollout refused: {}", why);
              return Behaviors.same();
            }
            held.add(r);
            drain(held, actors, ctx, timers);
            return Behaviors.same();
          })
          .onMessage(Retry.class, m -> {
            drain(held, actors, ctx, timers);
            return Behaviors.same();
          })
          .onMessage(Gone.class, g -> {
            actors.remove(g.actor());
            waiting.remove(g.actor());
            lost.incrementAndGet();
            ctx.getLog().warn("actor node {} is gone (left, stopped or unreachable and removed); training goes on with {}"
                + " actor nodes", g.actor(), actors.size());
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** Why {@code r} cannot be learned from, or null when it can. */
  private String check(Rollout r, Map<Integer, ActorRef<ToActor>> actors, Shape shape) {
    if (!run.equals(r.run())) {
      return "it is of run '" + r.run() + "', this learner's run is '" + run + "'";
    }
    if (!actors.containsKey(r.actor())) {
      return "actor " + r.actor() + " is not a member of this run (never welcomed, or gone)";
    }
    Trajectory t = r.trajectory();
    if (t.steps() != shape.steps() || t.envs() != shape.envs()) {
      return "actor " + r.actor() + " sent [T, N] = [" + t.steps() + ", " + t.envs() + "], this run takes ["
          + shape.steps() + ", " + shape.envs() + "]";
    }
    if (!Arrays.equals(t.obsShape(), shape.obsShape())) {
      return "actor " + r.actor() + " observes " + Arrays.toString(t.obsShape()) + ", this run "
          + Arrays.toString(shape.obsShape());
    }
    long p = t.policyParams().map(a -> a.size(2)).orElse(-1L);
    long k = t.values().map(a -> a.size(2)).orElse(-1L);
    if (p != shape.paramCount() || k != shape.valueHeads() || !t.hasLogProbs()) {
      return "actor " + r.actor() + " sent a behaviour policy of " + p + " parameters and " + k + " values per step,"
          + " this run's policy has " + shape.paramCount() + " and " + shape.valueHeads();
    }
    return null;
  }

  /** Moves held rollouts into the loop's queue while it has room, answering each actor; retries later otherwise. */
  private void drain(ArrayDeque<Rollout> held, Map<Integer, ActorRef<ToActor>> actors, ActorContext<ToLearner> ctx,
                     org.apache.pekko.actor.typed.javadsl.TimerScheduler<ToLearner> timers) {
    while (!held.isEmpty() && queue.offer(collected(held.peek()))) {
      Rollout r = held.poll();
      accepted.incrementAndGet();
      ActorRef<ToActor> ref = actors.get(r.actor());
      if (ref != null && answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
        Parameters p = newest.get();
        if (p != null && p.parameters().version() > r.trajectory().newestVersion()) {
          ref.tell(p); // before the Ack: messages from one actor to another arrive in order
        }
        ref.tell(new Ack(run, r.seq()));
      }
    }
    if (!held.isEmpty() && !timers.isTimerActive("retry")) {
      timers.startSingleTimer("retry", new Retry(), Duration.ofMillis(20));
    }
  }

  /** The loop's form of a rollout: its episodes' statistics as the actor's {@code RecordEpisodeStatistics} gave them. */
  static CollectedRollout collected(Rollout r) {
    List<CollectedRollout.Ended> ended = new ArrayList<>(r.episodes().size());
    for (Episode e : r.episodes()) {
      ended.add(new CollectedRollout.Ended(e.column(), e.step(), Info.of(RecordEpisodeStatistics.EPISODE,
          new EpisodeStats(e.episodeReturn(), e.length(), e.terminated(), e.truncated()))));
    }
    return new CollectedRollout(r.actor(), r.trajectory(), ended, 0, 0);
  }
}
