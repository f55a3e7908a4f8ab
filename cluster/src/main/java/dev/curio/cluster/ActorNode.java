package dev.curio.cluster;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.loop.CollectedRollout;
import dev.curio.loop.RolloutCollector;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.io.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * An actor in its own JVM: a Pekko cluster node that joins the learner's node, is {@link Welcome}d
 * with the run's config, builds its envs and a policy of the learner's shape ({@link
 * RolloutCollector}, the code the loop's actor threads run), waits for the learner's parameters, and
 * then {@link #run}s: collect {@code rolloutLength} steps of its {@code numEnvs / impala.actors} envs,
 * send the {@link Rollout}, wait for the learner's answer (newer {@link Parameters}, which it loads, then
 * an {@link Ack} naming the rollout), again, until the learner leaves or the node is {@link #close}d.
 *
 * <p>One rollout is in flight at a time (two for a while after an answer timed out, {@link
 * #ANSWER_TIMEOUT_MILLIS}): an actor never sends faster than the learner takes. The
 * actor's env seeds and action stream are drawn from the run's seed and its index in the run.
 */
public final class ActorNode implements AutoCloseable {
  private final ActorSystem<ToActor> system;
  private final String learner;
  private final Function<String, Setup> reader;
  /** What the node's actor hands the collecting thread: the learner's messages, and word that it is gone. */
  private final BlockingQueue<ToActor> inbox;
  /** The learner's actor, once the receptionist has named it. */
  private final AtomicReference<ActorRef<ToLearner>> learnerRef;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  /**
   * How long the node waits for the learner's answer to a rollout before it collects the next one anyway:
   * Artery delivers at most once, and a rollout or an answer lost in a connection's restart must not
   * leave the actor waiting for ever. Long enough for any learner step. Rollouts are numbered, and an
   * answer that comes late, to a rollout the node stopped waiting for, only loads its parameters: the
   * node goes back to one rollout in flight.
   */
  static final long ANSWER_TIMEOUT_MILLIS = 60_000;
  private volatile long answerTimeoutMillis = ANSWER_TIMEOUT_MILLIS;
  private volatile boolean closed;

  private ActorNode(ActorSystem<ToActor> system, String learner, Function<String, Setup> reader,
                    BlockingQueue<ToActor> inbox, AtomicReference<ActorRef<ToLearner>> learnerRef) {
    this.system = system;
    this.learner = learner;
    this.reader = reader;
    this.inbox = inbox;
    this.learnerRef = learnerRef;
  }

  /**
   * What an actor node makes of the run's YAML (a {@link Welcome}'s): the loop's config and the factory of
   * the envs it collects from.
   */
  public record Setup(TrainConfig config, Supplier<? extends Env<?, ?>> envs) {
    public Setup {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(envs, "envs");
    }
  }

  /**
   * Starts an actor node on {@code host:port} (0: any free port) that joins the learner's node at {@code
   * learner} ({@code host:port}); {@code envs} makes the env factory of a run's config (the worlds an
   * actor builds must be the learner's).
   */
  public static ActorNode start(String host, int port, String learner,
                                Function<TrainConfig, Supplier<? extends Env<?, ?>>> envs) {
    Objects.requireNonNull(envs, "envs");
    return reading(host, port, learner, yaml -> {
      TrainConfig config = ConfigLoader.fromYaml(yaml);
      return new Setup(config, envs.apply(config));
    });
  }

  /**
   * {@link #start} for runs whose YAML has more than the loop's config ({@link LearnerNode#start(String,
   * int, String, TrainConfig, java.util.Map) sections} such as the CLI's {@code gym}): {@code reader} turns the
   * YAML into the config and the env factory. An exception it throws ends {@link #run}.
   */
  public static ActorNode reading(String host, int port, String learner, Function<String, Setup> reader) {
    return reading(host, port, null, learner, reader);
  }

  /** {@link #reading} over Pekko's TLS transport with {@code tls} (null: plain TCP), as the learner's node must be. */
  public static ActorNode reading(String host, int port, NodeConfig.Tls tls, String learner,
                                  Function<String, Setup> reader) {
    return reading(host, port, tls, learner, reader, CurioSerializer.PROTOCOL);
  }

  /** {@link #reading} for a node that tells the cluster wire protocol {@code wire} (tests of a mismatch). */
  static ActorNode reading(String host, int port, String learner, Function<String, Setup> reader, long wire) {
    return reading(host, port, null, learner, reader, wire);
  }

  private static ActorNode reading(String host, int port, NodeConfig.Tls tls, String learner,
                                   Function<String, Setup> reader, long wire) {
    Objects.requireNonNull(reader, "reader");
    BlockingQueue<ToActor> inbox = new LinkedBlockingQueue<>();
    AtomicReference<ActorRef<ToLearner>> ref = new AtomicReference<>();
    ActorSystem<ToActor> system = ActorSystem.create(behavior(inbox, ref), NodeConfig.SYSTEM,
        NodeConfig.of(host, port, List.of(learner), NodeConfig.ACTOR_ROLE, tls, wire));
    return new ActorNode(system, learner, reader, inbox, ref);
  }

  /** The learner's node left the cluster or became unreachable. */
  private record LearnerGone(String why) implements ToActor {}

  /** The learner's node speaks another wire protocol: this node cannot take part in its run. */
  private record Mismatch(String why) implements ToActor {}

  /** The receptionist's list of learners changed. */
  private record Learners(Receptionist.Listing listing) implements ToActor {}

  /** A cluster membership event about another node. */
  private record Member(ClusterEvent.MemberEvent event) implements ToActor {}

  /** A reachability event about another node. */
  private record Reach(ClusterEvent.ReachabilityEvent event) implements ToActor {}

  /**
   * The node's actor: finds the learner through the receptionist and asks to join; hands the learner's
   * answers to the collecting thread's {@code inbox}; says when the learner is gone.
   */
  private static Behavior<ToActor> behavior(BlockingQueue<ToActor> inbox, AtomicReference<ActorRef<ToLearner>> learner) {
    return Behaviors.setup(ctx -> {
      ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, Learners::new);
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(LearnerNode.KEY, listings));
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberEvent.class, Member::new),
          ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reach::new), ClusterEvent.ReachabilityEvent.class));
      return Behaviors.receive(ToActor.class)
          .onMessage(Learners.class, l -> {
            var found = l.listing().getServiceInstances(LearnerNode.KEY);
            if (learner.get() == null && !found.isEmpty()) {
              ActorRef<ToLearner> ref = found.iterator().next();
              learner.set(ref);
              ref.tell(new Join(ctx.getSelf()));
            }
            return Behaviors.same();
          })
          .onMessage(Member.class, m -> {
            org.apache.pekko.cluster.Member who = m.event().member();
            if (m.event() instanceof ClusterEvent.MemberRemoved && who.hasRole(NodeConfig.LEARNER_ROLE)) {
              inbox.add(new LearnerGone("the learner's node " + who.address() + " left the cluster"));
            } else if (who.hasRole(NodeConfig.LEARNER_ROLE)
                && !who.appVersion().equals(cluster.selfMember().appVersion())) {
              inbox.add(new Mismatch("the learner at " + who.address().getHost().get() + ":" + who.address().getPort().get()
                  + " speaks Curio's wire protocol "
                  + who.appVersion().version() + ", this actor node " + cluster.selfMember().appVersion().version()
                  + "; run the same Curio version on the learner and its actors"));
            }
            return Behaviors.same();
          })
          .onMessage(Reach.class, r -> {
            if (r.event() instanceof ClusterEvent.UnreachableMember u && u.member().hasRole(NodeConfig.LEARNER_ROLE)) {
              ctx.getLog().warn("the learner's node {} is unreachable", u.member().address());
            }
            return Behaviors.same();
          })
          .onMessage(Welcome.class, w -> {
            inbox.add(w);
            return Behaviors.same();
          })
          .onMessage(Parameters.class, p -> {
            inbox.add(p);
            return Behaviors.same();
          })
          .onMessage(Ack.class, a -> {
            inbox.add(a);
            return Behaviors.same();
          })
          .build();
    });
  }

  /**
   * Joins the run and collects for it until the learner leaves or {@link #close}; returns the rollouts
   * sent.
   *
   * @throws IllegalStateException with one line when no learner welcomes this node within {@code joinTimeout}
   */
  public long run(Duration joinTimeout) throws InterruptedException {
    // until a learner answers, Pekko's retries (a refused connection, "couldn't join seed nodes") are
    // the expected way of waiting and would bury the one line that says what failed; warnings again after
    var events = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system).eventStream();
    int before = events.logLevel(); // a Scala value class: an int here
    events.setLogLevel(Logging.ErrorLevel());
    ToActor first;
    try {
      first = next(joinTimeout.toMillis());
    } finally {
      events.setLogLevel(before);
    }
    if (first == null && closed) {
      return 0;
    }
    if (!(first instanceof Welcome w)) {
      throw new IllegalStateException(first instanceof Mismatch m ? m.why()
          : first instanceof LearnerGone g ? g.why() + " before it welcomed this actor"
          : "no learner welcomed this actor node within " + joinTimeout.toSeconds() + " s at " + learner
          + " (is `curio learner` running there, and is that its --host and --port?)");
    }
    Setup setup = reader.apply(w.configYaml());
    TrainConfig config = setup.config();
    try (RolloutCollector collector = RolloutCollector.create(config, setup.envs(), w.streams(), w.actor())) {
      collector.reset(Rng.derive(config.seed(), "node-actor-" + w.actor()));
      ActorRef<ToLearner> to = learnerRef.get();
      ToActor m = next(Long.MAX_VALUE); // the first parameters: the learner publishes them when its run starts
      boolean started = false;
      while (!closed && !(m instanceof LearnerGone)) {
        if (m instanceof Mismatch x) {
          throw new IllegalStateException(x.why());
        }
        boolean send;
        if (m instanceof Parameters p) {
          collector.load(p.parameters());
          send = !started; // later parameters come just before the Ack that answers a rollout
          started = true;
        } else if (m instanceof Ack a) {
          send = a.seq() == sent.get(); // an answer to a rollout given up on is not a cue to send
        } else {
          send = m == null && started;
          if (send) {
            unanswered.incrementAndGet();
            system.log().warn("no answer from the learner to rollout {} within {} ms (lost in transit?);"
                + " collecting the next one", sent.get(), answerTimeoutMillis);
          }
        }
        if (send) {
          CollectedRollout c = collector.collect();
          to.tell(new Rollout(w.run(), w.actor(), c.trajectory(), Episode.of(c), sent.incrementAndGet()));
        }
        m = next(started ? answerTimeoutMillis : Long.MAX_VALUE);
      }
    }
    return sent.get();
  }

  /** The next message from the learner, or null after {@code millis} or once the node is closed. */
  private ToActor next(long millis) throws InterruptedException {
    long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000;
    while (!closed && System.nanoTime() < deadline) {
      ToActor m = inbox.poll(50, TimeUnit.MILLISECONDS);
      if (m != null) {
        return m;
      }
      if (system.getWhenTerminated().toCompletableFuture().isDone()) {
        // downed (the learner unreachable for good) or stopped by the JVM's shutdown
        return new LearnerGone("this actor node's cluster system stopped");
      }
    }
    return null;
  }

  /** Rollouts sent so far. */
  public long sent() {
    return sent.get();
  }

  /** Rollouts the learner did not answer in time, after which the node collected the next one anyway. */
  public long unanswered() {
    return unanswered.get();
  }

  /** Sets how long to wait for an answer to a rollout (tests of lost messages). */
  void answerTimeout(Duration timeout) {
    answerTimeoutMillis = timeout.toMillis();
  }

  /** Stops collecting (the current rollout is finished first) and leaves the cluster, waiting up to 10 s. */
  @Override
  public void close() {
    closed = true;
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      // the JVM's exit finishes it
    }
  }
}
