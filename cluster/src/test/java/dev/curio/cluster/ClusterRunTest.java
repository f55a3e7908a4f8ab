package dev.curio.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.impala.ImpalaConfig;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.loop.IterationReport;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A learner node and two actor nodes, three actor systems in this JVM talking over Artery TCP on
 * loopback: the actors join, get the run's config and parameters, and stream rollouts the learner
 * learns on; one actor node then stops, the learner notices, and training goes on with the other.
 */
class ClusterRunTest {
  private static TrainConfig config() {
    return TrainConfig.builder().env("CartPole-v1").learner(TrainConfig.IMPALA)
        .impala(ImpalaConfig.builder().learningRate(2e-3).actors(2).build())
        .numEnvs(8).rolloutLength(16).totalSteps(1_000_000).checkpointEvery(0).seed(1).build();
  }

  /** An actor node collecting on its own thread; its failure, if any, in {@code failure}. */
  private record Running(ActorNode node, Thread thread, AtomicReference<Throwable> failure, AtomicLong sent) {
    static Running start(String learner) {
      return start(learner, null);
    }

    /** An actor node that waits {@code answerTimeout} (null: the default) for the learner's answer to a rollout. */
    static Running start(String learner, Duration answerTimeout) {
      ActorNode node = ActorNode.start(NodeConfig.LOOPBACK, 0, learner, cfg -> () -> EnvRegistry.make(cfg.env()));
      if (answerTimeout != null) {
        node.answerTimeout(answerTimeout);
      }
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong sent = new AtomicLong();
      Thread t = new Thread(() -> {
        try {
          sent.set(node.run(Duration.ofSeconds(20)));
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "actor-node");
      t.start();
      return new Running(node, t, failure, sent);
    }
  }

  @Test
  void aMessageLargerThanArterysFrameIsRefusedBeforeAnyActorWaitsForIt() {
    LearnerNode.checkFrame(262_144, 40_000, 35_000);
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> LearnerNode.checkFrame(262_144, 4_000_000, 35_000));
    assertEquals("the policy's parameters would be a message of about 4,000,000 bytes, more than"
        + " pekko.remote.artery.advanced.maximum-frame-size (262,144 bytes); start the learner and the actors with"
        + " -Dpekko.remote.artery.advanced.maximum-frame-size=<bytes> (e.g. in CURIO_JAVA_OPTS)", e.getMessage());
    IllegalStateException r = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> LearnerNode.checkFrame(262_144, 1_000, 300_000));
    assertTrue(r.getMessage().startsWith("an actor's rollout would be a message of about 300,000 bytes"), r.getMessage());
  }

  /** An actor node of another wire protocol learns so from the learner's cluster membership and stops in one line. */
  @Test
  void anActorNodeOfAnotherWireProtocolIsRefusedInOneLineNotLeftWaiting() throws Exception {
    TrainConfig cfg = config();
    LearnerNode learner = LearnerNode.start(NodeConfig.LOOPBACK, 0, "cluster-test-wire", cfg);
    try (TrainingLoop loop = TrainingLoop.fedBy(learner, cfg, () -> EnvRegistry.make("CartPole-v1"), List.of(), false)) {
      learner.open(loop);
      ActorNode other = ActorNode.reading(NodeConfig.LOOPBACK, 0, learner.address(),
          yaml -> { throw new AssertionError("a node of another protocol must not build the run"); },
          CurioSerializer.PROTOCOL + 1);
      try {
        long t0 = System.nanoTime();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> other.run(Duration.ofSeconds(20)));
        assertEquals("the learner at " + learner.address() + " speaks Curio's wire protocol " + CurioSerializer.PROTOCOL
            + ".0.0, this actor node " + (CurioSerializer.PROTOCOL + 1) + ".0.0; run the same Curio version on the"
            + " learner and its actors", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "refused well before the join timeout");
      } finally {
        other.close();
      }
    } finally {
      learner.close();
    }
  }

  /** An answer lost in transit does not leave the actor waiting: it collects the next rollout after its timeout. */
  @Test
  void anActorWhoseAnswerIsLostCollectsTheNextRolloutAfterItsTimeout() throws Exception {
    // a queue that never fills in 6 iterations: every answer is sent as its rollout arrives, so only the lost
    // ones time out, however slow a learn step is
    TrainConfig cfg = config().toBuilder()
        .impala(ImpalaConfig.builder().learningRate(2e-3).actors(1).queueSize(16).build()).build();
    LearnerNode learner = LearnerNode.start(NodeConfig.LOOPBACK, 0, "cluster-test-lost", cfg);
    Running a = null;
    try (TrainingLoop loop = TrainingLoop.fedBy(learner, cfg, () -> EnvRegistry.make("CartPole-v1"), List.of(), false)) {
      learner.open(loop);
      learner.answersToLose.set(2);
      a = Running.start(learner.address(), Duration.ofSeconds(1));
      for (int i = 0; i < 6; i++) {
        loop.iterate(); // one rollout of all 8 envs per iteration; two of their answers never reach the actor
      }
      assertEquals(6, loop.policy().version());
      assertEquals(0, learner.answersToLose.get(), "both answers were lost");
      assertEquals(2, a.node().unanswered(), "the actor gave up waiting twice and went on");
    } finally {
      learner.close();
      if (a != null) {
        a.thread().join(15_000);
        a.node().close();
      }
    }
    assertNull(a.failure().get());
  }

  @Test
  void actorNodesJoinTrainWithTheLearnerAndOneLeavingDoesNotStopTheRun() throws Exception {
    TrainConfig cfg = config();
    long t0 = System.nanoTime();
    LearnerNode learner = LearnerNode.start(NodeConfig.LOOPBACK, 0, "cluster-test", cfg);
    Running a = null;
    Running b = null;
    try (TrainingLoop loop = TrainingLoop.fedBy(learner, cfg, () -> EnvRegistry.make("CartPole-v1"), List.of(), false)) {
      learner.open(loop);
      a = Running.start(learner.address());
      b = Running.start(learner.address());
      while (learner.joined() < 2 && System.nanoTime() - t0 < 20_000_000_000L) {
        Thread.sleep(20);
      }
      double joinedAt = (System.nanoTime() - t0) / 1e9;
      assertEquals(2, learner.joined(), "both actor nodes were welcomed");
      IterationReport last = null;
      for (int i = 0; i < 12; i++) {
        last = loop.iterate();
      }
      double trained = (System.nanoTime() - t0) / 1e9;
      assertEquals(12, loop.policy().version(), "one learner update per iteration");
      assertEquals(12L * 8 * 16, loop.globalStep());
      assertTrue(last.episodes() > 0, "the actors' episodes reach the learner's statistics");
      assertEquals(0, learner.rejected());

      // another run's rollout, and one of another shape, are refused and counted; the learner goes on
      learner.ref().tell(new Rollout("another-run", 0, CurioSerializerTest.trajectory(16, 4, false, 1), List.of(), 1));
      learner.ref().tell(new Rollout("cluster-test", 0, CurioSerializerTest.trajectory(8, 4, false, 2), List.of(), 1));
      long sentBad = System.nanoTime();
      while (learner.rejected() < 2 && System.nanoTime() - sentBad < 5_000_000_000L) {
        Thread.sleep(10);
      }
      assertEquals(2, learner.rejected(), "both refused");

      b.node().close(); // a graceful leave; the failure detector handles a crash the same way, later
      b.thread().join(10_000);
      long waited = System.nanoTime();
      for (int i = 0; i < 12; i++) {
        loop.iterate(); // the remaining actor's slices alone
      }
      while (learner.lost() < 1 && System.nanoTime() - waited < 15_000_000_000L) {
        Thread.sleep(50);
      }
      assertEquals(1, learner.lost(), "the learner noticed the actor node that left");
      assertEquals(24, loop.policy().version());
      assertEquals(java.util.Set.of(0, 1), loop.actorRollouts().keySet(), "both nodes' rollouts were learned from");
      assertEquals(24L * 2, loop.actorRollouts().values().stream().mapToLong(Long::longValue).sum(),
          "two slices of 4 envs per iteration: " + loop.actorRollouts());
      assertEquals(2, learner.rejected());
      System.out.printf("cluster run: 2 actor nodes joined after %.1f s, 12 iterations by %.1f s; one left, 12 more;"
          + " %d rollouts taken, dropped as stale %d, mean return %.1f, %.1f s in all%n", joinedAt, trained,
          learner.accepted(),
          last.droppedTrajectories(), loop.meanReturn(), (System.nanoTime() - t0) / 1e9);
    } finally {
      learner.close();
      for (Running r : new Running[] {a, b}) {
        if (r != null) {
          r.thread().join(15_000);
          r.node().close();
        }
      }
    }
    for (Running r : new Running[] {a, b}) {
      assertNull(r.failure().get(), "an actor node failed");
      assertTrue(r.sent().get() > 0, "every actor node sent rollouts");
    }
  }
}
