package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.state.Snapshot;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.io.Checkpointer;
import dev.curio.loop.io.MetricsCsv;
import dev.curio.loop.io.SnapshotBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume} and {@code eval} on damaged run directories: a corrupt newest checkpoint
 * falls back to the previous one with one warning line, and the metrics follow it; with nothing
 * whole to fall back to, or counters or metrics that cannot be the run's, one error line, exit 2,
 * and every file as it was.
 */
class CheckpointRecoveryTest {
  /** 4 envs x 32 steps = 128 steps per iteration; 768 steps = 6 iterations; a checkpoint every iteration. */
  private static final String[] TINY = {"train", "--env", "chain-10", "--steps", "768", "--num-envs", "4", "--set",
      "rolloutLength=32", "--set", "checkpointEvery=1", "--quiet", "--run-dir"};

  @TempDir
  static Path shared;
  @TempDir
  Path tmp;

  /** 6 iterations, never stopped. */
  private static Path straight;
  /** The same run stopped after iteration 3: checkpoint.bin holds iteration 3, checkpoint.prev.bin iteration 2. */
  private static Path stopped;

  @BeforeAll
  static void runs() throws IOException {
    straight = shared.resolve("straight");
    stopped = shared.resolve("stopped");
    assertEquals(0, Cli.run(args(straight)).exit());
    RunObserver stopAfter3 = new RunObserver() {
      @Override
      public void onIteration(IterationReport r) {
        if (r.iteration() == 3) {
          r.control().stop("test stop");
        }
      }
    };
    Cli.Result r = Cli.run(cl -> Cli.train(cl).extraObservers.add(stopAfter3), args(stopped));
    assertEquals(0, r.exit(), r.toString());
    assertEquals(3, iteration(stopped.resolve("checkpoint.bin")));
    assertEquals(2, iteration(stopped.resolve("checkpoint.prev.bin")), "the end's write of iteration 3 again kept 2");
  }

  private static String[] args(Path dir) {
    return Stream.concat(Stream.of(TINY), Stream.of(dir.toString())).toArray(String[]::new);
  }

  private static long iteration(Path checkpoint) throws IOException {
    return Checkpointer.read(checkpoint).child("loop").getLong("iteration");
  }

  private Path copyOfStopped() throws IOException {
    Path dir = tmp.resolve("run");
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(stopped)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  /** Flips one byte in the middle of the network parameters, as bit rot would. */
  private static void corrupt(Path checkpoint) throws IOException {
    byte[] bytes = Files.readAllBytes(checkpoint);
    SnapshotBytes.Record params = SnapshotBytes.record(bytes, "learner/network/parameters/values");
    bytes[(params.payloadAt() + params.crcAt()) / 2] ^= 0x20;
    Files.write(checkpoint, bytes);
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> all = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        all.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    return all;
  }

  private static void assertUnchanged(Map<String, byte[]> before, Path dir) throws IOException {
    Map<String, byte[]> after = contents(dir);
    assertEquals(before.keySet(), after.keySet(), "no file added or deleted");
    before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " unchanged"));
  }

  /** Exit 2, one line on stderr containing every fragment, no stack trace, nothing on stdout. */
  private static void assertUserError(Cli.Result r, String... fragments) {
    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), "one line on stderr:\n" + r);
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "stderr should contain '" + f + "':\n" + r);
    }
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace:\n" + r);
    assertEquals("", r.out(), r.toString());
  }

  @Test
  void aCorruptNewestCheckpointResumesFromThePreviousOneAndEndsAsAnUnbrokenRunDoes() throws IOException {
    Path run = copyOfStopped();
    corrupt(run.resolve("checkpoint.bin"));
    Cli.Result r = Cli.run("train", "--resume", run.toString(), "--quiet");
    assertEquals(0, r.exit(), r.toString());
    List<String> err = r.err().lines().toList();
    assertEquals(1, err.size(), "one warning line:\n" + r);
    String w = err.get(0);
    assertTrue(w.startsWith("curio train: warning: " + run.resolve("checkpoint.bin")
        + ": entry 'learner/network/parameters/values' fails its checksum"), w);
    assertTrue(w.contains("using checkpoint.prev.bin (iteration 2)"), w);
    assertTrue(w.contains("metrics.csv: the 1 row after iteration 2 is dropped (the resumed run redoes it)"), w);

    assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoint.bin")), Files.readAllBytes(run.resolve("checkpoint.bin")),
        "resumed from iteration 2, the run ends in exactly the state of one that never stopped");
    assertEquals(5, iteration(run.resolve("checkpoint.prev.bin")));
    String[] columns = {"iteration", "steps", "mean_return", "episodes", "policy_loss", "entropy", "learning_rate"};
    assertArrayEquals(MetricsCsv.read(straight.resolve("metrics.csv"), columns), MetricsCsv.read(run.resolve("metrics.csv"),
        columns), "iterations 1-6 once each, the same numbers: none lost, none twice");
  }

  @Test
  void evalFallsBackToThePreviousCheckpointToo() throws IOException {
    Path run = copyOfStopped();
    corrupt(run.resolve("checkpoint.bin"));
    Cli.Result r = Cli.run("eval", "--run", run.toString(), "--episodes", "2");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().startsWith("curio eval: warning: ") && r.err().contains("using checkpoint.prev.bin (iteration 2)"),
        r.err());
    assertTrue(r.out().contains("trained 256 steps"), r.out());
  }

  @Test
  void aCorruptCheckpointWithNothingToFallBackToIsAUserErrorAndChangesNothing() throws IOException {
    Path run = copyOfStopped();
    Files.delete(run.resolve("checkpoint.prev.bin"));
    corrupt(run.resolve("checkpoint.bin"));
    Map<String, byte[]> before = contents(run);
    String[] fragments = {run.resolve("checkpoint.bin") + ": entry 'learner/network/parameters/values' fails its checksum",
        "there is no other checkpoint to fall back to"};
    assertUserError(Cli.run("train", "--resume", run.toString()), fragments);
    assertUserError(Cli.run("eval", "--run", run.toString()), fragments);
    assertUnchanged(before, run);
  }

  @Test
  void twoCorruptCheckpointsAreAUserErrorAndNothingIsDeleted() throws IOException {
    Path run = copyOfStopped();
    corrupt(run.resolve("checkpoint.bin"));
    corrupt(run.resolve("checkpoint.prev.bin"));
    Map<String, byte[]> before = contents(run);
    String[] fragments = {"no whole checkpoint: " + run.resolve("checkpoint.bin") + ": entry 'learner/network/parameters/values'",
        "; and " + run.resolve("checkpoint.prev.bin") + ": entry 'learner/network/parameters/values' fails its checksum"};
    assertUserError(Cli.run("train", "--resume", run.toString()), fragments);
    assertUserError(Cli.run("eval", "--run", run.toString()), fragments);
    assertUnchanged(before, run);
  }

  /** The tester's edits: counters rewritten with a correct checksum resumed with exit 0 and, at -3, a new metrics.csv. */
  @Test
  void countersThatCannotBeTheRunsAreRefusedAndTheMetricsKept() throws IOException {
    Path run = copyOfStopped();
    Path checkpoint = run.resolve("checkpoint.bin");
    Snapshot saved = Checkpointer.read(checkpoint);
    for (String[] edit : new String[][] {{"iteration", "-3", "'loop/iteration' is -3"},
        {"globalStep", "29000", "'loop/globalStep' is 29000, but 'loop/iteration' 3 x 128 steps per iteration"},
        {"globalStep", "768", "'loop/globalStep' is 768, but 'loop/iteration' 3 x 128 steps per iteration (numEnvs 4 x"
            + " rolloutLength 32) is 384; the checkpoint's run made 256 steps per iteration: were numEnvs or"
            + " rolloutLength changed after it was written?"}}) {
      Snapshot s = Checkpointer.read(checkpoint);
      s.child("loop").putLong(edit[0], Long.parseLong(edit[1]));
      Checkpointer.write(s, checkpoint);
      Map<String, byte[]> before = contents(run);
      assertUserError(Cli.run("train", "--resume", run.toString()), "cannot restore " + checkpoint + ": checkpoint entry "
          + edit[2]);
      assertUnchanged(before, run);
      Checkpointer.write(saved, checkpoint);
    }
  }

  @Test
  void metricsThatEndBeforeTheCheckpointAreRefusedAndLeftAsTheyAre() throws IOException {
    Path run = copyOfStopped();
    Path metrics = run.resolve("metrics.csv");
    Files.write(metrics, Files.readAllLines(metrics).subList(0, 2)); // header and iteration 1
    Map<String, byte[]> before = contents(run);
    assertUserError(Cli.run("train", "--resume", run.toString()), metrics + " cannot continue checkpoint.bin (iteration 3):"
        + " its rows end at iteration 1, but the checkpoint is at iteration 3");
    assertUnchanged(before, run);

    Files.write(metrics, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2, (byte) 0xC3}); // not text at all
    Map<String, byte[]> binary = contents(run);
    assertUserError(Cli.run("train", "--resume", run.toString()), metrics + " cannot continue checkpoint.bin (iteration 3):"
        + " it is not UTF-8 text (a metrics file holds CSV rows)");
    assertUnchanged(binary, run);

    Files.delete(metrics); // moved away, as the message suggests: resumes, says so, starts a new file
    Cli.Result r = Cli.run("train", "--resume", run.toString(), "--quiet");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("curio train: warning: metrics.csv is missing: a new one starts after iteration 3", r.err().strip());
    assertEquals(List.of(4.0, 5.0, 6.0), Stream.of(MetricsCsv.read(metrics, "iteration")).map(x -> x[0]).toList());
  }

  @Test
  void aCheckpointInFormatZeroIsReadWithAWarningAndWrittenAgainInTheCurrentFormat() throws IOException {
    Path run = copyOfStopped();
    Path checkpoint = run.resolve("checkpoint.bin");
    Files.write(checkpoint, SnapshotBytes.legacy(Files.readAllBytes(checkpoint)));
    Cli.Result eval = Cli.run("eval", "--run", run.toString(), "--episodes", "1", "--quiet");
    assertEquals(0, eval.exit(), eval.toString());
    assertEquals("curio eval: warning: " + checkpoint + " is in snapshot format 0, which has no checksums: read without an"
        + " integrity check (the next checkpoint is written in format 1)", eval.err().strip());
    Cli.Result train = Cli.run("train", "--resume", run.toString(), "--quiet");
    assertEquals(0, train.exit(), train.toString());
    assertEquals(Snapshot.FORMAT, Checkpointer.read(checkpoint).format());
    assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoint.bin")), Files.readAllBytes(checkpoint));
  }
}
