package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.state.Snapshot;
import dev.curio.loop.io.Checkpointer;
import dev.curio.loop.io.CurvePlot;
import dev.curio.loop.io.MetricsCsv;
import dev.curio.loop.io.RunSummary;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  /** 4 envs x 64 steps = 256 steps per iteration; 2048 steps = 8 iterations. */
  private static final String[] TINY = {"--env", "chain-10", "--steps", "2048", "--num-envs", "4",
      "--set", "rolloutLength=64"};

  @TempDir
  Path tmp;

  private static String[] args(String[] head, String... tail) {
    return Stream.concat(Stream.of(head), Stream.of(tail)).toArray(String[]::new);
  }

  private static String[] train(String... rest) {
    return args(new String[] {"train"}, args(TINY, rest));
  }

  /** An observer that stops the run after iteration {@code k}, as Ctrl-C does. */
  private static RunObserver stopAfter(int k) {
    return new RunObserver() {
      @Override
      public void onIteration(IterationReport r) {
        if (r.iteration() == k) {
          r.control().stop("test stop");
        }
      }
    };
  }

  /** Continuous actions and a multi-agent world train from the command line with no other setting. */
  @Test
  void pendulumAndATwoAgentWorldTrainWithTheirOwnColumns() throws Exception {
    Path pend = tmp.resolve("pendulum");
    Cli.Result p = Cli.run("train", "-q", "--env", "Pendulum-v1", "--steps", "2048", "--run-dir", pend.toString());
    assertEquals(0, p.exit(), p.toString());
    double[][] rows = MetricsCsv.read(pend.resolve("metrics.csv"), "steps", "mean_return");
    assertEquals(2048, rows[1][0], "8 envs x 128 steps, twice");
    assertTrue(rows[1][1] < 0 && rows[1][1] > -16.3 * 200, "a Pendulum return, after the first 200-step episodes: "
        + rows[1][1]);

    Path duo = tmp.resolve("duo");
    Cli.Result d = Cli.run("train", "-q", "--env", "social:rendezvous-7", "--steps", "1024", "--run-dir",
        duo.toString());
    assertEquals(0, d.exit(), d.toString());
    List<String> lines = Files.readAllLines(duo.resolve("metrics.csv"));
    assertEquals(String.join(",", MetricsCsv.columns(List.of("extrinsic"), 2)), lines.get(0));
    assertTrue(lines.get(0).endsWith(",agent0_return,agent1_return,collective_return"), lines.get(0));
    double[][] agents = MetricsCsv.read(duo.resolve("metrics.csv"), "steps", "agent0_return", "agent1_return",
        "collective_return");
    assertEquals(1024, agents[0][0], "8 envs x 128 joint steps");
    assertEquals(agents[0][1], agents[0][2], 1e-9, "a cooperative world pays both agents the same");
    assertEquals(agents[0][1] + agents[0][2], agents[0][3], 1e-4, "the collective return sums the agents'");
  }

  @Test
  void trainWritesTheWholeRunDirectory() throws Exception {
    Path run = tmp.resolve("run");
    long began = System.nanoTime();
    Cli.Result r = Cli.run(train("--run-dir", run.toString()));
    double elapsed = (System.nanoTime() - began) / 1e9;
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err(), r.toString());
    assertTrue(r.out().contains("run directory: " + run), r.out());
    assertTrue(r.out().contains("step 2,048/2,048 (100.0%)"), r.out());
    assertTrue(r.out().contains("done: 2,048 steps"), r.out());

    TrainConfig cfg = RunConfig.load(run.resolve("config.yaml")).train();
    assertEquals("chain-10", cfg.env());
    assertEquals(4, cfg.numEnvs());
    assertEquals(64, cfg.rolloutLength());
    assertEquals(2048, cfg.totalSteps());
    assertEquals(TrainConfig.defaults().ppo(), cfg.ppo());

    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(String.join(",", MetricsCsv.columns(List.of("extrinsic"))), lines.get(0));
    assertEquals(9, lines.size(), "header + 8 iterations");
    double[][] rows = MetricsCsv.read(run.resolve("metrics.csv"), "iteration", "steps", "learning_rate");
    for (int i = 0; i < 8; i++) {
      assertEquals(i + 1, rows[i][0]);
      assertEquals(256.0 * (i + 1), rows[i][1]);
    }
    assertTrue(rows[7][2] < rows[0][2], "the learning rate anneals");

    BufferedImage png = ImageIO.read(run.resolve("curve.png").toFile());
    assertEquals(CurvePlot.WIDTH, png.getWidth());
    assertEquals(CurvePlot.HEIGHT, png.getHeight());

    Snapshot s = Checkpointer.read(run.resolve("checkpoint.bin"));
    assertEquals("chain-10", s.string("env"));

    RunSummary summary = RunSummary.read(run.resolve("summary.json"));
    assertEquals("completed", summary.status());
    assertEquals(2048, summary.steps());
    assertEquals(8, summary.iterations());
    assertNull(summary.failure());
    String env = System.getenv("OPENBLAS_CORETYPE");
    assertEquals(env == null || env.isBlank() ? "native" : env, summary.blasKernels(),
        "the kernels the run's floats depend on, as this JVM was started with them");
    // the training's wall time, in seconds: inside the command's own (not milliseconds, not zero)
    assertTrue(summary.wallSeconds() > 0 && summary.wallSeconds() <= elapsed + 0.001,
        summary.wallSeconds() + " s recorded for a command that took " + elapsed + " s");
    try (Stream<Path> files = Files.list(run)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
  }

  @Test
  void aBudgetThatIsNotWholeIterationsIsShownRoundedUpAndProgressEndsAt100Percent() {
    Path run = tmp.resolve("run");
    // 2,000 steps at 256 per iteration: 8 iterations, 2,048 steps
    Cli.Result r = Cli.run(new String[] {"train", "--env", "chain-10", "--steps", "2000", "--num-envs", "4", "--set",
        "rolloutLength=64", "--run-dir", run.toString()});
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("for 2,048 steps (2,000 asked, rounded up to whole iterations)"), r.out());
    assertTrue(r.out().contains("step 2,048/2,048 (100.0%)"), r.out());
    assertFalse(r.out().contains("/2,000"), r.out());
  }

  @Test
  void rewardFlagAddsOneStreamPerModuleWithItsOwnColumns() throws Exception {
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.run(train("--run-dir", run.toString(), "--quiet", "--reward", "rnd,count",
        "--set", "rewards.rnd.coefficient=0.5"));
    assertEquals(0, r.exit(), r.toString());
    TrainConfig cfg = RunConfig.load(run.resolve("config.yaml")).train();
    assertEquals(List.of("rnd", "count"), cfg.rewards().modules());
    assertEquals(0.5, cfg.rewards().rnd().coefficient());
    List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
    String header = rows.get(0);
    for (String col : List.of("extrinsic_adv_share", "rnd_reward", "rnd_return", "rnd_adv_share", "count_reward",
        "count_adv_share", "reward_s")) {
      assertTrue(List.of(header.split(",")).contains(col), col + " missing from " + header);
    }
    int rndReward = List.of(header.split(",")).indexOf("rnd_reward");
    double first = Double.parseDouble(rows.get(1).split(",")[rndReward]);
    assertTrue(first > 0 && Double.isFinite(first), "rnd reward " + first);
  }

  @Test
  void stoppedAndResumedRunEndsIdenticalToAnUninterruptedOne() throws Exception {
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    assertEquals(0, Cli.run(train("--run-dir", straight.toString(), "--quiet", "--set", "checkpointEvery=3")).exit());

    Cli.Result first = Cli.run(cl -> Cli.train(cl).extraObservers.add(stopAfter(3)),
        train("--run-dir", resumed.toString(), "--quiet", "--set", "checkpointEvery=3"));
    assertEquals(0, first.exit(), first.toString());
    RunSummary stopped = RunSummary.read(resumed.resolve("summary.json"));
    assertEquals("stopped", stopped.status());
    assertEquals("test stop", stopped.stopReason());
    assertEquals(768, stopped.steps());
    assertEquals(4, Files.readAllLines(resumed.resolve("metrics.csv")).size());

    Cli.Result second = Cli.run("train", "--resume", resumed.toString());
    assertEquals(0, second.exit(), second.toString());
    assertTrue(second.out().contains("resuming chain-10 (seed 1) at step 768 (iteration 3)"), second.out());

    assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoint.bin")),
        Files.readAllBytes(resumed.resolve("checkpoint.bin")), "the resumed run ends in exactly the same state");
    List<String> a = Files.readAllLines(straight.resolve("metrics.csv"));
    List<String> b = Files.readAllLines(resumed.resolve("metrics.csv"));
    assertEquals(a.size(), b.size(), "metrics appended, header once");
    String[] columns = {"iteration", "steps", "mean_return", "episodes", "policy_loss", "entropy", "learning_rate"};
    assertArrayEquals(MetricsCsv.read(straight.resolve("metrics.csv"), columns),
        MetricsCsv.read(resumed.resolve("metrics.csv"), columns), "same learning, row by row");
    RunSummary done = RunSummary.read(resumed.resolve("summary.json"));
    assertEquals("completed", done.status());
    assertEquals(8, done.iterations());
    assertTrue(done.wallSeconds() > stopped.wallSeconds(), "wall time adds up over sessions");
  }

  @Test
  void resumeMayRaiseTheStepsButNotLowerThem() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, Cli.run("train", "--env", "chain-10", "--num-envs", "4", "--set", "rolloutLength=64",
        "--run-dir", run.toString(), "--quiet", "--steps", "512").exit());
    Cli.Result again = Cli.run("train", "--resume", run.toString());
    assertEquals(2, again.exit(), again.toString());
    assertTrue(again.err().contains("already reached its 512 steps"), again.err());

    Cli.Result lower = Cli.run("train", "--resume", run.toString(), "--steps", "256");
    assertEquals(2, lower.exit(), lower.toString());
    assertTrue(lower.err().contains("--steps 256 is below the run's totalSteps 512"), lower.err());

    Cli.Result more = Cli.run("train", "--resume", run.toString(), "--steps", "1024", "--quiet");
    assertEquals(0, more.exit(), more.toString());
    assertEquals(1024, RunConfig.load(run.resolve("config.yaml")).train().totalSteps());
    assertEquals(5, Files.readAllLines(run.resolve("metrics.csv")).size());
    assertEquals(1024, RunSummary.read(run.resolve("summary.json")).steps());
  }

  @Test
  void aResumeSaysWhatWasEditedInConfigYamlAndRefusesAnotherSeed() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, Cli.run("train", "--env", "chain-10", "--num-envs", "4", "--set", "rolloutLength=64",
        "--run-dir", run.toString(), "--quiet", "--steps", "512").exit());
    Path config = run.resolve("config.yaml");
    String original = Files.readString(config);
    assertTrue(original.contains("\nseed: 1\n") && original.contains("\ngamma: 0.99\n")
        && original.contains("\nnumEnvs: 4\n"), original);

    Files.writeString(config, original.replace("\nseed: 1\n", "\nseed: 2\n"));
    Cli.Result seed = Cli.run("train", "--resume", run.toString(), "--steps", "1024", "--quiet");
    assertEquals(2, seed.exit(), seed.toString());
    assertEquals(1, seed.err().strip().lines().count(), seed.err());
    assertTrue(seed.err().contains(config + " was edited after its checkpoint was written (seed: 1 -> 2)"), seed.err());
    assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "nothing trained: the header and 2 rows");
    Cli.Result print = Cli.run("train", "--resume", run.toString(), "--print-config");
    assertEquals(0, print.exit(), "printing the config refuses nothing: " + print);
    assertTrue(print.out().contains("\nseed: 2\n"), print.out());

    Files.writeString(config, original.replace("\nnumEnvs: 4\n", "\nnumEnvs: 2\n"));
    Cli.Result envs = Cli.run("train", "--resume", run.toString(), "--steps", "1024", "--quiet");
    assertEquals(2, envs.exit(), envs.toString());
    assertEquals(1, envs.err().strip().lines().count(), envs.err());
    assertTrue(envs.err().contains("was edited after its checkpoint was written: numEnvs: 4 -> 2)"), envs.err());

    Files.writeString(config, original.replace("\ngamma: 0.99\n", "\ngamma: 0.9\n"));
    Cli.Result gamma = Cli.run("train", "--resume", run.toString(), "--steps", "1024", "--quiet");
    assertEquals(0, gamma.exit(), gamma.toString());
    assertTrue(gamma.err().contains("warning: " + config + " was edited after its checkpoint was written (gamma: 0.99"
        + " -> 0.9); the run goes on with the file's values"), gamma.err());

    // the steps raised by --steps (written back to config.yaml) are no edit
    Cli.Result more = Cli.run("train", "--resume", run.toString(), "--steps", "1536", "--quiet");
    assertEquals(0, more.exit(), more.toString());
    assertFalse(more.err().contains("edited"), more.err());
  }

  @Test
  void aFailedRunKeepsItsLastCompleteIterationAndSaysWhereItIs() throws Exception {
    Path run = tmp.resolve("run");
    RunObserver failing = new RunObserver() {
      @Override
      public void onIteration(IterationReport r) {
        if (r.iteration() == 2) {
          throw new IllegalStateException("disk on fire");
        }
      }
    };
    Cli.Result r = Cli.run(cl -> Cli.train(cl).extraObservers.add(failing), train("--run-dir", run.toString(), "--quiet"));
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("the run failed: java.lang.IllegalStateException: disk on fire"), r.err());
    assertTrue(r.err().contains("run directory: " + run), r.err());
    assertTrue(r.err().contains("curio train --resume " + run), r.err());
    assertTrue(Files.readString(run.resolve("error.log")).contains("disk on fire"));
    RunSummary summary = RunSummary.read(run.resolve("summary.json"));
    assertEquals("failed", summary.status());
    assertTrue(summary.failure().contains("disk on fire"));

    Cli.Result resumed = Cli.run("train", "--resume", run.toString(), "--quiet");
    assertEquals(0, resumed.exit(), resumed.toString());
    double[][] rows = MetricsCsv.read(run.resolve("metrics.csv"), "iteration");
    assertEquals(8, rows.length);
    for (int i = 0; i < 8; i++) {
      assertEquals(i + 1, rows[i][0], "no iteration lost or repeated");
    }
  }

  @Test
  void aPretrainedEcComparatorIsAnnouncedBeforeTheWalksAreCollected() {
    Path run = tmp.resolve("ec");
    Cli.Result r = Cli.run(train("--run-dir", run.toString(), "--reward", "ec", "--set",
        "rewards.ec.pretrained=true", "--set", "rewards.ec.pretrainSteps=300"));
    assertEquals(0, r.exit(), r.toString());
    int announced = r.out().indexOf("ec: pre-training the comparator on 300 random-walk steps");
    assertTrue(announced >= 0 && announced < r.out().indexOf("run directory: "), r.out());
    // resuming does not pre-train again: the checkpoint holds the trained comparator
    Cli.Result resumed = Cli.run(new String[] {"train", "--resume", run.toString(), "--steps", "2304"});
    assertEquals(0, resumed.exit(), resumed.toString());
    assertFalse(resumed.out().contains("pre-training"), resumed.out());
    assertFalse(Cli.run(train("--run-dir", tmp.resolve("ec2").toString(), "--reward", "ec"))
        .out().contains("pre-training"), "the online comparator has nothing to announce");

    Cli.Result few = Cli.run(train("--run-dir", tmp.resolve("ec3").toString(), "--reward", "ec", "--set",
        "rewards.ec.pretrained=true", "--set", "rewards.ec.pretrainSteps=20"));
    assertEquals(2, few.exit(), few.toString());
    assertTrue(few.err().startsWith("curio train: rewards.ec.pretrainSteps: no random-walk episode is longer than"
        + " negativeGap * k + 1 = 26 steps"), few.err());
    assertTrue(few.err().contains("got 20 walk steps in chain-10") && !few.err().contains("\tat "), few.err());
  }

  @Test
  void defaultRunDirectoriesNeverOverwriteAnEarlierRun() {
    Path root = tmp.resolve("runs");
    String[] small = {"train", "--env", "chain-10", "--steps", "256", "--num-envs", "4", "--set", "rolloutLength=64",
        "--seed", "7", "--quiet"};
    assertEquals(0, Cli.run(cl -> Cli.train(cl).runsRoot = root, small).exit());
    assertEquals(0, Cli.run(cl -> Cli.train(cl).runsRoot = root, small).exit());
    assertTrue(Files.isRegularFile(root.resolve("chain-10-s7/checkpoint.bin")));
    assertTrue(Files.isRegularFile(root.resolve("chain-10-s7-2/checkpoint.bin")));
  }

  @Test
  void anExplicitRunDirectoryThatHoldsARunIsRefused() throws Exception {
    Path run = tmp.resolve("taken");
    Files.createDirectories(run);
    Files.writeString(run.resolve("config.yaml"), "seed: 1\n");
    Cli.Result r = Cli.run(train("--run-dir", run.toString()));
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("already holds files"), r.err());
    assertEquals("seed: 1\n", Files.readString(run.resolve("config.yaml")), "untouched");
  }

  @Test
  void precedenceIsDefaultsThenFileThenSetThenFlags() throws Exception {
    Path file = tmp.resolve("run.yaml");
    Files.writeString(file, "env: chain-10\nseed: 3\nnumEnvs: 2\nppo:\n  clip: 0.3\n");
    Cli.Result r = Cli.run("train", "--config", file.toString(), "--set", "numEnvs=3", "--set", "seed=9",
        "--num-envs", "4", "--print-config");
    assertEquals(0, r.exit(), r.toString());
    TrainConfig c = RunConfig.of(RunConfig.loader().text(r.out(), "<yaml>", false)).train();
    assertEquals(4, c.numEnvs(), "the dedicated flag wins over --set and the file");
    assertEquals(9, c.seed(), "--set wins over the file");
    assertEquals(0.3, c.ppo().clip(), "the file wins over the defaults");
    assertEquals(TrainConfig.defaults().rolloutLength(), c.rolloutLength());
  }

  @Test
  void withNoArgumentsTrainUsesTheDefaultConfig() {
    Cli.Result r = Cli.run("train", "--print-config");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(RunConfig.defaults(), RunConfig.of(RunConfig.loader().text(r.out(), "<yaml>", false)),
        "the printed config, gym section included, reads back to the defaults");
  }
}
