package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.LearnerFactory;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.impala.ImpalaConfig;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.wrappers.Wrapper;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.loop.io.MetricsCsv;
import dev.curio.rewards.examples.CountConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code impala.actors}: actor threads collect with the parameters the learner published, the
 * learner learns on their trajectories, drops and counts those too stale, resumes from a checkpoint
 * and joins the threads when the run ends.
 */
class ActorsTest {
  private static final Supplier<Env<?, ?>> CARTPOLE = () -> EnvRegistry.make("CartPole-v1");

  /** CartPole with IMPALA at the regression test's settings, on {@code actors} threads. */
  static TrainConfig cartPole(int actors) {
    return TrainConfig.builder().env("CartPole-v1").learner(TrainConfig.IMPALA)
        .impala(ImpalaConfig.builder().learningRate(2e-3).actors(actors).build())
        .numEnvs(8).rolloutLength(16).totalSteps(50_000).stopAtReturn(195.0).checkpointEvery(0).seed(1).build();
  }

  private static long actorThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("curio-actor-") && t.isAlive()).count();
  }

  @Test
  void twoActorThreadsTrainCartPoleTo195AndAreJoinedWhenTheRunEnds() {
    long t0 = System.nanoTime();
    RunEnd end;
    try (TrainingLoop loop = new TrainingLoop(cartPole(2), CARTPOLE)) {
      end = loop.run();
      assertEquals(0, actorThreadsAlive(), "the actors are joined when run() returns");
      assertEquals(loop.iteration(), loop.policy().version(), "one learner update per iteration");
      assertEquals((long) loop.iteration() * 8 * 16, loop.globalStep());
    }
    System.out.printf("actors 2: %s after %d steps, %.1f s%n", end.bestMeanReturn(), end.globalStep(),
        (System.nanoTime() - t0) / 1e9);
    // seeds 1-5 reached 195 after 12.5k-19.3k steps by hand (docs/impala.md); the budget is 50k
    assertTrue(end.bestMeanReturn() >= 195, "best mean return " + end.bestMeanReturn() + " after " + end.globalStep());
  }

  @Test
  void trajectoriesMoreThanMaxStalenessVersionsBehindAreDroppedAndCounted(@TempDir Path dir) throws Exception {
    TrainConfig cfg = TrainConfig.builder().env("CartPole-v1").learner(TrainConfig.IMPALA)
        .impala(ImpalaConfig.builder().actors(2).maxStaleness(0).queueSize(2).build())
        .numEnvs(2).rolloutLength(8).totalSteps(2 * 8 * 12).checkpointEvery(0).seed(3).build();
    List<long[]> learned = new ArrayList<>(); // per learn: the learner's version, the trajectory's oldest and newest
    LearnerFactory watched = spec -> new ForwardingLearner(cfg.learner().create(spec)) {
      @Override
      public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
        learned.add(new long[] {policy().version(), trajectory.oldestVersion(), trajectory.newestVersion()});
        return super.learn(trajectory, streams);
      }
    };
    List<IterationReport> reports = new ArrayList<>();
    Path csv = dir.resolve("metrics.csv");
    try (TrainingLoop loop = new TrainingLoop(cfg, CARTPOLE, List.of(), watched);
         MetricsCsv metrics = new MetricsCsv(csv)) {
      loop.addObserver(metrics);
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          reports.add(r);
          try {
            Thread.sleep(40); // a slow learner: the actors fill the queue with what the next version finds stale
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      loop.run();
    }
    assertEquals(12, learned.size());
    // numEnvs 2 over 2 actors: each iteration learns from two rollouts of one env each
    java.util.SortedMap<Integer, Long> byActor = reports.get(reports.size() - 1).actorRollouts();
    assertEquals(java.util.Set.of(0, 1), byActor.keySet(), "both actor threads contributed: " + byActor);
    assertEquals(2L * 12, byActor.values().stream().mapToLong(Long::longValue).sum(),
        "two rollouts of one env each per iteration, none of the dropped ones");
    for (long[] l : learned) {
      assertEquals(l[0], l[1], "maxStaleness 0: only trajectories of the learner's own version are learned from");
      assertEquals(l[0], l[2]);
    }
    long dropped = reports.get(reports.size() - 1).droppedTrajectories();
    assertTrue(dropped > 0, "no trajectory was dropped: " + reports);
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i).droppedTrajectories() >= reports.get(i - 1).droppedTrajectories(), "a running count");
    }
    List<String> lines = Files.readAllLines(csv);
    assertTrue(lines.get(0).endsWith("," + MetricsCsv.ACTOR_ROLLOUTS + "," + MetricsCsv.DROPPED_TRAJECTORIES),
        lines.get(0));
    assertTrue(lines.get(lines.size() - 1).endsWith(",0:" + byActor.get(0) + " 1:" + byActor.get(1) + "," + dropped),
        lines.get(lines.size() - 1));
  }

  @Test
  void aRunWithActorsResumesFromItsCheckpointAndContinues(@TempDir Path dir) throws Exception {
    TrainConfig first = cartPole(2).toBuilder().totalSteps(8 * 16 * 6).stopAtReturn(null).build();
    Snapshot saved;
    double windowBefore;
    Path csv = dir.resolve("metrics.csv");
    try (TrainingLoop loop = new TrainingLoop(first, CARTPOLE); MetricsCsv metrics = new MetricsCsv(csv)) {
      loop.addObserver(metrics);
      loop.run();
      saved = loop.save();
      windowBefore = loop.meanReturn();
      assertEquals(6, loop.iteration());
      assertEquals(2L * 6, loop.actorRollouts().values().stream().mapToLong(Long::longValue).sum());
    }
    // a file written before actor_rollouts existed: the resumed run goes on in its layout
    List<String> header = List.of(Files.readAllLines(csv).get(0).split(",", -1));
    int drop = header.indexOf(MetricsCsv.ACTOR_ROLLOUTS);
    List<String> older = Files.readAllLines(csv).stream().map(line -> {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(drop);
      return String.join(",", cells);
    }).toList();
    Files.write(csv, older);
    try (TrainingLoop loop = TrainingLoop.toResume(first.withTotalSteps(8 * 16 * 10), CARTPOLE, List.of());
         MetricsCsv metrics = new MetricsCsv(csv)) {
      loop.restore(saved);
      loop.addObserver(metrics);
      assertEquals(6, loop.policy().version());
      assertEquals(windowBefore, loop.meanReturn(), 0.0, "the return window is the checkpoint's");
      RunEnd end = loop.run();
      assertEquals(10, end.iterations());
      assertEquals(8L * 16 * 10, end.globalStep());
      assertEquals(10, loop.policy().version(), "the learner went on from its checkpointed version");
      assertEquals(2L * 10, loop.actorRollouts().values().stream().mapToLong(Long::longValue).sum(),
          "the per-actor counts go on from the checkpoint's: " + loop.actorRollouts());
      assertEquals(0, actorThreadsAlive());
    }
    List<String> resumed = Files.readAllLines(csv);
    assertEquals(older.get(0), resumed.get(0), "the older file keeps its header");
    assertEquals(11, resumed.size(), "header and ten rows");
  }

  @Test
  void anActorsFailureEndsTheRunWithItsExceptionAndTheThreadsAreJoined() {
    AtomicInteger steps = new AtomicInteger();
    @SuppressWarnings({"unchecked", "rawtypes"})
    Supplier<Env<?, ?>> breaking = () -> new Wrapper<Object, Object>((Env) EnvRegistry.make("CartPole-v1")) {
      @Override
      public Step<Object> step(Object action) {
        if (steps.incrementAndGet() == 500) {
          throw new IllegalStateException("the env broke");
        }
        return super.step(action);
      }
    };
    TrainConfig cfg = cartPole(2).toBuilder().stopAtReturn(null).build();
    try (TrainingLoop loop = new TrainingLoop(cfg, breaking)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, loop::run);
      assertEquals("the env broke", e.getMessage());
      assertEquals(0, actorThreadsAlive());
    }
  }

  /**
   * One actor of two dies while the other keeps the queue full for a slow learner: the run still ends with
   * the dead actor's exception (the learner looks for one before every trajectory it takes, not only when the
   * queue is empty), not as if both had worked to the end.
   */
  @Test
  void oneDeadActorEndsTheRunEvenWhileTheOtherKeepsTheQueueFull() {
    java.util.concurrent.atomic.AtomicBoolean broke = new java.util.concurrent.atomic.AtomicBoolean();
    @SuppressWarnings({"unchecked", "rawtypes"})
    Supplier<Env<?, ?>> oneBreaks = () -> new Wrapper<Object, Object>((Env) EnvRegistry.make("CartPole-v1")) {
      private int own;

      @Override
      public Step<Object> step(Object action) {
        if (++own == 40 && broke.compareAndSet(false, true)) {
          throw new IllegalStateException("one env broke");
        }
        return super.step(action);
      }
    };
    TrainConfig cfg = TrainConfig.builder().env("CartPole-v1").learner(TrainConfig.IMPALA)
        .impala(ImpalaConfig.builder().actors(2).queueSize(2).build())
        .numEnvs(2).rolloutLength(8).totalSteps(2 * 8 * 60).checkpointEvery(0).seed(4).build();
    try (TrainingLoop loop = new TrainingLoop(cfg, oneBreaks)) {
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          try {
            Thread.sleep(40); // a slow learner: the surviving actor keeps the queue full
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      IllegalStateException e = assertThrows(IllegalStateException.class, loop::run);
      assertEquals("one env broke", e.getMessage());
      assertTrue(loop.globalStep() < cfg.totalSteps(), "the run stopped at the failure, at step " + loop.globalStep());
      assertEquals(0, actorThreadsAlive());
    }
  }

  @Test
  void actorsSplitNumEnvsEvenlyAndTakeNoModuleThatFollowsAColumnAcrossBatches() {
    ConfigException uneven = assertThrows(ConfigException.class, () -> cartPole(3));
    assertTrue(uneven.getMessage().contains("numEnvs 8 does not split evenly"), uneven.getMessage());
    ConfigException ec = assertThrows(ConfigException.class, () -> cartPole(2).toBuilder()
        .rewards(RewardsConfig.none().withModules(List.of("ec"))).build());
    assertTrue(ec.getMessage().startsWith("rewards.modules: lists ec"), ec.getMessage());
    assertFalse(ec.getMessage().contains("\n"));
    ConfigException noveld = assertThrows(ConfigException.class, () -> cartPole(2).toBuilder()
        .rewards(RewardsConfig.none().withModules(List.of("noveld"))).build());
    assertTrue(noveld.getMessage().startsWith("rewards.modules: lists noveld"), noveld.getMessage());
    RewardsConfig counts = RewardsConfig.none().withModules(List.of("count"));
    CountConfig c = counts.count();
    ConfigException episodic = assertThrows(ConfigException.class, () -> cartPole(2).toBuilder()
        .rewards(counts.toBuilder().count(new CountConfig(c.beta(), true, c.gamma(), c.coefficient())).build()).build());
    assertTrue(episodic.getMessage().startsWith("rewards.count.episodic: is true"), episodic.getMessage());
    cartPole(2).toBuilder().rewards(counts.toBuilder().count(new CountConfig(c.beta(), false, c.gamma(),
        c.coefficient())).build()).build(); // a run-wide count does not follow envs
    // PPO's lockstep keeps actor a's envs in the same columns (PpoActorsTest), and a resume tells the modules
    cartPole(2).toBuilder().learner(TrainConfig.PPO).rewards(RewardsConfig.none().withModules(List.of("noveld")))
        .build();
    cartPole(2).toBuilder().learner(TrainConfig.PPO).rewards(counts.toBuilder().count(new CountConfig(c.beta(), true,
        c.gamma(), c.coefficient())).build()).build();
  }
}
