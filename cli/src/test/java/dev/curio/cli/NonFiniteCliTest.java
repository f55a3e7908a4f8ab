package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.Checkpointer;
import dev.curio.loop.io.MetricsCsv;
import dev.curio.loop.io.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tester's case of issue 20: RND with a step size of 1e12 blows its predictor up in its first
 * update (parameters near 1e12, finite), so its rewards overflow to infinity in the second
 * iteration's compute, and normalised they are NaN (Infinity with OpenBLAS's AVX-512 kernels). That
 * used to run to "completed" with NaN in metrics.csv; now it stops there with exit 3, or with
 * {@code nonFinite: skip} skips and counts.
 * Every seed tried (1-4) stops in iteration 2.
 */
class NonFiniteCliTest {
  /** RND on the default maze, 8 envs x 128 = 1024 steps per iteration. */
  private static final String[] BLOW_UP = {"train", "-q", "--reward", "rnd", "--set", "rewards.rnd.learningRate=1e12"};

  @TempDir
  Path tmp;

  private static String[] with(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  @Test
  void aNonFiniteRewardStopsTheRunWithExit3AndOneLine() throws Exception {
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.run(with(BLOW_UP, "--steps", "8192", "--run-dir", run.toString()));
    assertEquals(ExitCodes.NON_FINITE, r.exit(), r.toString());
    // NaN with the pinned kernels, Infinity with OpenBLAS's AVX-512 ones (how the overflow rounds): either is named
    String value = r.err().contains("reward is Infinity") ? "Infinity" : "NaN";
    assertEquals("curio train: iteration 2: the rnd stream's intrinsic reward is " + value + " at step 0 of env 0; stopped"
        + " (nonFinite: stop); " + run.resolve("checkpoint.bin") + " holds iteration 1", r.err().strip(), r.toString());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(Files.exists(run.resolve("error.log")), "the line says it all");

    RunSummary summary = RunSummary.read(run.resolve("summary.json"));
    assertEquals("nonfinite", summary.status());
    assertEquals("iteration 2: the rnd stream's intrinsic reward is " + value + " at step 0 of env 0", summary.failure());
    assertEquals(1, summary.iterations());
    assertEquals(1, Checkpointer.read(run.resolve("checkpoint.bin")).child("loop").getLong("iteration"),
        "the last iteration whose values were all finite");
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(2, lines.size(), "the header and iteration 1: no row of NaN");
  }

  @Test
  void skipCountsTheSkippedIterationsInMetricsAndSummary() throws Exception {
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.run(with(BLOW_UP, "--set", "nonFinite=skip", "--steps", "4096", "--run-dir", run.toString()));
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    double[][] rows = MetricsCsv.read(run.resolve("metrics.csv"), "iteration", MetricsCsv.NONFINITE_SKIPPED);
    assertEquals(4, rows.length);
    for (double[] row : rows) {
      // the predictor stays broken, so every iteration after the first skips
      assertEquals(row[0] == 1 ? 0 : 1, row[1], "iteration " + row[0]);
    }
    RunSummary summary = RunSummary.read(run.resolve("summary.json"));
    assertEquals("completed", summary.status());
    assertEquals(3, summary.nonFiniteSkipped());
    assertTrue(summary.lastNonFinite().startsWith("iteration 4: the rnd stream's intrinsic reward is"),
        summary.lastNonFinite());
  }

  @Test
  void nonFiniteTakesStopOrSkip() {
    Cli.Result r = Cli.run("train", "-q", "--set", "nonFinite=ignore", "--run-dir", tmp.resolve("run").toString());
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertEquals("curio train: --set nonFinite=ignore: nonFinite: must be stop or skip, got 'ignore'", r.err().strip());
  }
}
