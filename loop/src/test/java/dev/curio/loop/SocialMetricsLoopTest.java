package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.worlds.social.Harvest;
import dev.curio.envs.worlds.social.HarvestConfig;
import dev.curio.loop.io.MetricsCsv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collective return and Perolat et al.'s social-dilemma metrics in a multi-agent run's metrics. */
class SocialMetricsLoopTest {
  /** Episodes of T = 20 joint steps, so 32-step rollouts end some episodes mid-rollout and checkpoint mid-episode. */
  private static final int T = 20;
  /** Two agents in a corridor of apples: random zaps often hit, so peace is below 2. */
  private static final Supplier<MultiAgentEnv<?>> HARVEST = () -> new Harvest(HarvestConfig.builder(2).layout(String.join(
      "\n", "@@@@@@@@", "@PAAAAP@", "@@@@@@@@")).maxEpisodeSteps(T).freezeSteps(5).build());

  @TempDir
  Path tmp;

  private static TrainConfig config() {
    return TrainConfig.builder().env("social:harvest-2").numEnvs(2).rolloutLength(32).totalSteps(2 * 32 * 3).seed(5)
        .returnWindow(4).checkpointEvery(0).ppo(PpoConfig.builder().learningRate(1e-3).epochs(1).minibatches(2).build())
        .build();
  }

  @Test
  void harvestRunsWriteTheCollectiveReturnAndTheFourMetricsInRange() throws IOException {
    Path csv = tmp.resolve("metrics.csv");
    try (TrainingLoop loop = TrainingLoop.multiAgent(config(), HARVEST)) {
      assertTrue(loop.reportsSocialMetrics());
      assertTrue(Double.isNaN(loop.collectiveMeanReturn()), "before any episode");
      assertEquals(4, loop.socialMeans().length);
      assertTrue(Double.isNaN(loop.socialMeans()[3]), "before any episode");
      loop.addObserver(new MetricsCsv(csv));
      loop.run();
    }
    List<String> header = List.of(Files.readAllLines(csv).get(0).split(","));
    int first = header.indexOf("agent1_return") + 1;
    assertEquals(List.of("collective_return", "social_efficiency", "social_equality", "social_sustainability",
        "social_peace"), header.subList(first, first + 5));
    double[][] rows = MetricsCsv.read(csv, "collective_return", "social_efficiency", "social_equality",
        "social_sustainability", "social_peace", "agent0_return", "agent1_return");
    assertEquals(3, rows.length);
    for (double[] r : rows) {
      // every row comes after at least one episode: 32 joint steps per env, episodes of 20
      double collective = r[0];
      assertEquals(collective, r[5] + r[6], 1e-4 * Math.max(1, collective),
          "the collective return is the sum of the agents' (their windows hold the same episodes)");
      assertEquals(collective, T * r[1], 1e-4 * Math.max(1, collective), "efficiency is the collective return per step");
      assertTrue(r[2] >= 0 && r[2] <= 1, "equality in [0, 1]: " + r[2]);
      assertTrue(r[3] >= 1 && r[3] <= T, "sustainability, a step of the episode: " + r[3]);
      assertTrue(r[4] >= 0 && r[4] <= 2, "peace, agents not frozen: " + r[4]);
    }
    assertTrue(rows[2][4] < 2, "agents that zap each other in a corridor are not always at peace: " + rows[2][4]);
  }

  @Test
  void aResumedHarvestRunEndsWithTheSameMetrics() throws IOException {
    TrainConfig cfg = config();
    float[] unbroken;
    double[] unbrokenSocial;
    double unbrokenCollective;
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, HARVEST)) {
      for (int i = 0; i < 3; i++) {
        loop.iterate();
      }
      unbroken = Host.floats(loop.policy().parameters().flat());
      unbrokenSocial = loop.socialMeans();
      unbrokenCollective = loop.collectiveMeanReturn();
    }
    byte[] checkpoint;
    try (TrainingLoop first = TrainingLoop.multiAgent(cfg, HARVEST)) {
      for (int i = 0; i < 2; i++) {
        first.iterate(); // 64 joint steps per env: 4 steps into the fourth episode
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      first.save().write(new DataOutputStream(bytes));
      checkpoint = bytes.toByteArray();
    }
    try (TrainingLoop second = TrainingLoop.multiAgent(cfg, HARVEST, List.of(), cfg.learner(), true)) {
      second.restore(Snapshot.read(new DataInputStream(new ByteArrayInputStream(checkpoint))));
      second.iterate();
      assertArrayEquals(unbroken, Host.floats(second.policy().parameters().flat()));
      assertArrayEquals(unbrokenSocial, second.socialMeans(), "bit for bit");
      assertEquals(unbrokenCollective, second.collectiveMeanReturn());
    }
  }

  /**
   * A run directory from before these columns existed: its metrics.csv lacks them, and the resumed
   * run goes on writing the file's own columns (the same values as an unbroken run's there).
   */
  @Test
  void aMetricsFileWrittenBeforeTheseColumnsResumesInItsOwnLayout() throws IOException {
    TrainConfig cfg = config();
    Path whole = tmp.resolve("whole.csv");
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, HARVEST)) {
      loop.addObserver(new MetricsCsv(whole));
      loop.run();
    }
    Path old = tmp.resolve("old.csv");
    byte[] checkpoint;
    try (TrainingLoop first = TrainingLoop.multiAgent(cfg, HARVEST)) {
      first.addObserver(new MetricsCsv(old));
      first.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          if (r.iteration() == 2) {
            first.control().stop("stopped after 2 iterations");
          }
        }
      });
      first.run();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      first.save().write(new DataOutputStream(bytes));
      checkpoint = bytes.toByteArray();
    }
    // drop the columns an older Curio did not write
    List<String> header = List.of(Files.readAllLines(old).get(0).split(",", -1));
    List<Integer> keep = new java.util.ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (!header.get(i).equals("collective_return") && !header.get(i).startsWith("social_")) {
        keep.add(i);
      }
    }
    List<String> older = Files.readAllLines(old).stream().map(line -> {
      String[] cells = line.split(",", -1);
      return String.join(",", keep.stream().map(i -> cells[i]).toList());
    }).toList();
    Files.write(old, older);
    try (TrainingLoop second = TrainingLoop.multiAgent(cfg, HARVEST, List.of(), cfg.learner(), true)) {
      second.restore(Snapshot.read(new DataInputStream(new ByteArrayInputStream(checkpoint))));
      second.addObserver(new MetricsCsv(old));
      second.run();
    }
    List<String> resumed = Files.readAllLines(old);
    assertEquals(older.get(0), resumed.get(0), "the file keeps its header");
    assertEquals(4, resumed.size(), "header and three rows");
    String[] last = resumed.get(3).split(",", -1);
    String[] unbroken = Files.readAllLines(whole).get(3).split(",", -1);
    assertEquals(keep.size(), last.length);
    String[] oldHeader = resumed.get(0).split(",", -1);
    for (int i = 0; i < keep.size(); i++) {
      if (!oldHeader[i].endsWith("_s") && !oldHeader[i].endsWith("seconds") && !oldHeader[i].equals("sps")) {
        assertEquals(unbroken[keep.get(i)], last[i], oldHeader[i]);
      }
    }
    assertTrue(Double.isNaN(MetricsCsv.read(old, "collective_return")[2][0]), "no such column in the file");
  }

  @Test
  void aCheckpointWhoseEpisodeSumsCannotBeThisRunsIsRefusedInOneLine() {
    TrainConfig cfg = config();
    Snapshot saved;
    try (TrainingLoop first = TrainingLoop.multiAgent(cfg, HARVEST)) {
      first.iterate();
      saved = first.save();
    }
    double[] ce = saved.child("loop").doubles("copyEpisodes").clone();
    assertEquals(2 * (1 + 2 + 3 * 2), ce.length, "2 envs x (flag, steps, frozen, 3 sums per agent)");
    assertEquals(12, ce[1], "env 0 is 12 steps into its second episode");
    ce[1] = 13;
    saved.child("loop").putDoubles("copyEpisodes", ce);
    try (TrainingLoop second = TrainingLoop.multiAgent(cfg, HARVEST, List.of(), cfg.learner(), true)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> second.restore(saved));
      assertEquals("checkpoint entry 'loop/copyEpisodes': env 0 is 13 steps into its episode, but 'envs/actions0'"
          + " replays 12", e.getMessage());
      saved.child("loop").putDoubles("socialWindow", new double[] {1, 2, 3});
      e = assertThrows(IllegalArgumentException.class, () -> second.restore(saved));
      assertEquals("checkpoint entry 'loop/socialWindow' has 3 values; it holds (collective, efficiency, equality,"
          + " sustainability, peace) records", e.getMessage());
    }
  }

  @Test
  void onlyWorldsWithFrozenFlagsGetTheSocialColumns() {
    List<String> rendezvous = MetricsCsv.columns(List.of("extrinsic"), 2, false, 1, false);
    assertEquals("collective_return", rendezvous.get(rendezvous.size() - 1));
    assertFalse(rendezvous.contains("social_peace"));
    List<String> harvest = MetricsCsv.columns(List.of("extrinsic"), 2, true, 1, true);
    assertEquals(List.of("agent1_return", "collective_return", "social_efficiency", "social_equality",
        "social_sustainability", "social_peace", "nonfinite_skipped"), harvest.subList(harvest.size() - 7,
        harvest.size()));
    assertFalse(MetricsCsv.columns(List.of("extrinsic")).contains("collective_return"), "one agent");
  }
}
