package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.Learner;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.loop.io.CurvePlot;
import dev.curio.loop.io.MetricsCsv;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;

/** One policy on several worlds: columns, the task in the observation, reward scales, per-task windows and resume. */
class MultiTaskTest {
  private static final NetworkConfig SMALL = new NetworkConfig("mlp", List.of(16), "tanh", NetworkConfig.defaults().cnnChannels());
  private static final PpoConfig FAST = PpoConfig.builder().learningRate(1e-3).epochs(1).minibatches(2).build();

  private static TrainConfig config(List<String> ids, int numEnvs) {
    return TrainConfig.builder().numEnvs(numEnvs).rolloutLength(16).totalSteps(numEnvs * 16 * 6L).seed(3)
        .returnWindow(5).checkpointEvery(0).ppo(FAST).network(SMALL).tasks(TasksConfig.of(ids)).build();
  }

  private static Supplier<Env<?, ?>> world(String id) {
    return () -> EnvRegistry.make(id);
  }

  /** Wraps the config's learner and keeps what the loop hands it. */
  private static final class Recording extends ForwardingLearner {
    final LearnerSpec spec;
    final List<Trajectory> seen = new ArrayList<>();

    Recording(Learner inner, LearnerSpec spec) {
      super(inner);
      this.spec = spec;
    }

    @Override
    public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
      seen.add(trajectory);
      return inner.learn(trajectory, streams);
    }
  }

  @Test
  void columnsAreTaskMajorAndThePolicySeesItsTaskAsChannels() {
    TrainConfig cfg = config(List.of("maze:open-7x7-ego5", "maze:corridor-ego5"), 6).toBuilder()
        .tasks(TasksConfig.builder().ids(List.of("maze:open-7x7-ego5", "maze:corridor-ego5")).envs(List.of(2, 4)).build())
        .build();
    Recording[] learner = new Recording[1];
    try (TrainingLoop loop = TrainingLoop.multiTask(cfg, List.of(world("maze:open-7x7-ego5"),
        world("maze:corridor-ego5")), List.of(), spec -> learner[0] = new Recording(cfg.learner().create(spec), spec),
        false)) {
      assertEquals("tasks:maze:open-7x7-ego5+maze:corridor-ego5", loop.envSpec().id());
      assertArrayEquals(new int[] {5, 5, 7}, learner[0].spec.obsShape(), "two constant channels on [5, 5, 5]");
      assertEquals(2, learner[0].spec.tasks());
      loop.iterate();
      Trajectory t = learner[0].seen.get(0);
      assertArrayEquals(new int[] {0, 0, 1, 1, 1, 1}, t.taskIds());
      float[] obs = Host.floats(t.observations()); // [T, N, 5, 5, 7]
      int cells = 25;
      for (int column = 0; column < 6; column++) {
        int task = column < 2 ? 0 : 1;
        for (int cell = 0; cell < cells; cell++) {
          int at = (column * cells + cell) * 7;
          assertEquals(task == 0 ? 1f : 0f, obs[at + 5], "column " + column + " cell " + cell + ", task 0's channel");
          assertEquals(task == 1 ? 1f : 0f, obs[at + 6], "column " + column + " cell " + cell + ", task 1's channel");
        }
      }
    }
  }

  @Test
  void eachTasksRewardIsScaledInTheTrajectoryButNotInItsReturns() {
    // the same chain twice: reaching its end pays 1, so task 1's columns must hold 1000 where task 0's hold 1
    TrainConfig cfg = config(List.of("chain-4", "chain-4"), 4).toBuilder()
        .tasks(TasksConfig.builder().ids(List.of("chain-4", "chain-4")).rewardScale(List.of(1.0, 1000.0)).build())
        .build();
    Supplier<Env<?, ?>> chain = () -> new ChainEnv(4, 50);
    Recording[] learner = new Recording[1];
    try (TrainingLoop loop = TrainingLoop.multiTask(cfg, List.of(chain, chain), List.of(),
        spec -> learner[0] = new Recording(cfg.learner().create(spec), spec), false)) {
      assertArrayEquals(new int[] {6}, learner[0].spec.obsShape(), "a one-hot of 2 tasks after the chain's 4 cells");
      loop.iterate();
      loop.iterate();
      float[] r = Host.floats(learner[0].seen.get(1).rewards()); // [T, 4]: columns 0-1 task 0, 2-3 task 1
      int[] goals = new int[2];
      for (int i = 0; i < r.length; i++) {
        int task = (i % 4) < 2 ? 0 : 1;
        float paid = task == 0 ? 1f : 1000f;
        assertTrue(r[i] == 0f || r[i] == paid, "step " + i / 4 + " column " + i % 4 + ": " + r[i]);
        goals[task] += r[i] == paid ? 1 : 0;
      }
      assertTrue(goals[0] > 0 && goals[1] > 0, "both tasks reached the goal: " + goals[0] + ", " + goals[1]);
      double[] means = loop.taskMeanReturns();
      assertEquals(2, means.length);
      for (double m : means) {
        assertTrue(m > 0 && m <= 1, "returns stay in the chain's own units: " + m);
      }
      assertEquals((means[0] + means[1]) / 2, loop.meanReturn(), 1e-12, "the mean over tasks of their means");
      double[] success = loop.taskSuccessRates();
      for (int j = 0; j < 2; j++) {
        assertEquals(means[j], success[j], 1e-12, "a chain episode succeeds exactly when it returns 1");
      }
    }
  }

  @Test
  void metricsGetAReturnAndASuccessColumnPerTask(@TempDir Path dir) throws IOException {
    TrainConfig cfg = config(List.of("chain-4", "chain-4"), 4).withTotalSteps(4 * 16 * 2);
    Supplier<Env<?, ?>> chain = () -> new ChainEnv(4, 50);
    Path csv = dir.resolve("metrics.csv");
    CurvePlot plot = new CurvePlot(dir.resolve("curve.png"), 0);
    try (TrainingLoop loop = TrainingLoop.multiTask(cfg, List.of(chain, chain))) {
      loop.addObserver(new MetricsCsv(csv)).addObserver(plot);
      loop.run();
    }
    // the curve draws each task's own line (task 0 in orange) beside the mean over tasks
    assertEquals(2, plot.taskPoints().size());
    assertEquals(2, plot.taskPoints().get(0).size(), "a point per iteration once an episode ended");
    BufferedImage image = ImageIO.read(dir.resolve("curve.png").toFile());
    boolean orange = false;
    for (int x = 0; x < image.getWidth() && !orange; x++) {
      for (int y = 0; y < image.getHeight() && !orange; y++) {
        orange = image.getRGB(x, y) == new Color(255, 127, 14).getRGB();
      }
    }
    assertTrue(orange, "task 0's colour is in curve.png");
    List<String> header = List.of(Files.readAllLines(csv).get(0).split(","));
    int first = header.indexOf("task0_return");
    assertEquals(List.of("task0_return", "task1_return", "task0_success", "task1_success"),
        header.subList(first, first + 4));
    double[][] rows = MetricsCsv.read(csv, "mean_return", "task0_return", "task1_return", "task0_success");
    assertEquals(2, rows.length);
    double[] last = rows[1];
    assertEquals((last[1] + last[2]) / 2, last[0], 1e-5);
    assertTrue(last[3] >= 0 && last[3] <= 1, "a rate: " + last[3]);
  }

  @Test
  void aMultiTaskRunStoppedAndResumedEndsIdenticalToAnUnbrokenOne() throws IOException {
    resumesIdentically(config(List.of("maze:open-7x7-ego5", "maze:corridor-ego5"), 4));
  }

  /** The same with a PopArt critic: its per-(task, stream) statistics travel in the checkpoint. */
  @Test
  void aPopArtMultiTaskRunResumesIdenticallyToo() throws IOException {
    TrainConfig base = config(List.of("maze:open-7x7-ego5", "maze:corridor-ego5"), 4);
    resumesIdentically(base.toBuilder().ppo(FAST.toBuilder().valueNorm("popart").popartBeta(0.01).build())
        .tasks(base.tasks().toBuilder().rewardScale(List.of(1.0, 100.0)).build()).build());
  }

  private static void resumesIdentically(TrainConfig cfg) throws IOException {
    List<Supplier<Env<?, ?>>> worlds = List.of(world("maze:open-7x7-ego5"), world("maze:corridor-ego5"));
    float[] unbroken;
    double[] unbrokenTasks;
    try (TrainingLoop loop = TrainingLoop.multiTask(cfg, worlds)) {
      for (int i = 0; i < 6; i++) {
        loop.iterate();
      }
      unbroken = Host.floats(loop.policy().parameters().flat());
      unbrokenTasks = loop.taskMeanReturns();
    }
    byte[] checkpoint;
    try (TrainingLoop first = TrainingLoop.multiTask(cfg, worlds)) {
      for (int i = 0; i < 3; i++) {
        first.iterate();
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      first.save().write(new DataOutputStream(bytes));
      checkpoint = bytes.toByteArray();
    }
    try (TrainingLoop second = TrainingLoop.multiTask(cfg, worlds, List.of(), cfg.learner(), true)) {
      second.restore(Snapshot.read(new DataInputStream(new ByteArrayInputStream(checkpoint))));
      for (int i = 0; i < 3; i++) {
        second.iterate();
      }
      assertArrayEquals(unbroken, Host.floats(second.policy().parameters().flat()));
      assertArrayEquals(unbrokenTasks, second.taskMeanReturns());
      assertEquals(6L * cfg.stepsPerIteration(), second.globalStep());
    }
  }

  @Test
  void aCheckpointNamingATaskTheRunLacksIsRefused() {
    TrainConfig cfg = config(List.of("chain-4", "chain-4"), 2);
    Supplier<Env<?, ?>> chain = () -> new ChainEnv(4, 50);
    try (TrainingLoop loop = TrainingLoop.multiTask(cfg, List.of(chain, chain))) {
      Snapshot s = loop.save();
      s.child("loop").putDoubles("taskWindows", new double[] {2, 1.0, 3, 1});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.restore(s));
      assertEquals("checkpoint entry 'loop/taskWindows' names task 2.0; this run has 2 tasks", e.getMessage());
      s.child("loop").putDoubles("taskWindows", new double[] {0, 1.0, 3});
      assertTrue(assertThrows(IllegalArgumentException.class, () -> loop.restore(s)).getMessage()
          .contains("(task, return, length, success) quadruples"));
    }
  }

  @Test
  void worldsOfDifferentShapesOrActionsAreRefusedNamingBoth() {
    TrainConfig cfg = config(List.of("maze:open-7x7-pos", "maze:corridor-pos"), 2);
    ConfigException e = assertThrows(ConfigException.class, () -> TrainingLoop.multiTask(cfg,
        List.of(world("maze:open-7x7-pos"), world("maze:corridor-pos"))));
    assertEquals("tasks.ids: maze:open-7x7-pos observes Box(0.0, 1.0, shape=[49]) but maze:corridor-pos observes"
        + " Box(0.0, 1.0, shape=[48]); tasks need one observation shape", e.getMessage());
    TrainConfig mixed = config(List.of("maze:open-7x7-ego5", "chain-25"), 2);
    // chain-25's [25] is not [5, 5, 5]; the shape is what is compared, so a flat world of 125 cells would differ too
    assertTrue(assertThrows(ConfigException.class, () -> TrainingLoop.multiTask(mixed,
        List.of(world("maze:open-7x7-ego5"), () -> new ChainEnv(25, 50)))).getMessage()
        .endsWith("tasks need one observation shape"));
    TrainConfig actions = config(List.of("chain-48", "maze:corridor-pos"), 2);
    assertEquals("tasks.ids: chain-48 acts in Discrete(2) but maze:corridor-pos acts in Discrete(4); tasks need one"
        + " action space", assertThrows(ConfigException.class, () -> TrainingLoop.multiTask(actions,
        List.of(() -> new ChainEnv(48, 50), world("maze:corridor-pos")))).getMessage());
  }

  @Test
  void multiTaskRefusesWhatItCannotTrain() {
    Supplier<Env<?, ?>> chain = () -> new ChainEnv(4, 50);
    TrainConfig cfg = config(List.of("chain-4", "chain-4"), 2);
    // a factory of another world than its task names
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingLoop.multiTask(cfg,
        List.of(chain, () -> new ChainEnv(6, 50)))).getMessage().contains("tasks.ids names 'chain-4' as task 1"));
    // episodic curiosity's pre-training walks one world
    RewardsConfig ec = RewardsConfig.none().toBuilder().modules(List.of("ec"))
        .ec(RewardsConfig.none().ec().withPretrained(true)).build();
    ConfigException pretrained = assertThrows(ConfigException.class,
        () -> TrainingLoop.multiTask(cfg.withRewards(ec), List.of(chain, chain)));
    assertEquals("rewards.ec.pretrained", pretrained.key());
    // a single-task loop on a multi-task config, and a multi-agent one
    assertEquals("tasks.ids", assertThrows(ConfigException.class, () -> new TrainingLoop(cfg, chain)).key());
    assertEquals("tasks.ids", assertThrows(ConfigException.class, () -> TrainingLoop.multiAgent(
        cfg.withTasks(TasksConfig.of(List.of("social:rendezvous-7", "social:rendezvous-7"))),
        () -> EnvRegistry.makeMulti("social:rendezvous-7"))).key());
  }
}
