package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.RunDirectory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code curio train} in a child JVM, killed with {@code destroyForcibly} (SIGKILL) at seeded random
 * moments and resumed each time, ends with the same checkpoint, byte for byte, as a run that was never
 * killed: PPO alone and PPO with an intrinsic module, five kills each. The first kill lands while the
 * JVM starts or before the first checkpoint (the run then starts again, as its error message says);
 * the others at random moments after a random iteration, so mid-iteration or mid-write.
 */
class KillTest {
  private static final int KILLS = 5;

  @TempDir
  Path tmp;

  @Test
  @Timeout(600)
  void killedAtRandomAndResumedEndsAsAnUnbrokenRun() throws Exception {
    killAndResume("ppo", 11, List.of());
    killAndResume("ppo+count", 12, List.of("--reward", "count"));
  }

  private void killAndResume(String label, long seed, List<String> extra) throws Exception {
    Path unbroken = tmp.resolve(label + "-unbroken");
    Cli.Result reference = Cli.run(args(List.of("train"), unbroken, extra).toArray(String[]::new));
    assertEquals(0, reference.exit(), reference.toString());

    Path run = tmp.resolve(label + "-killed");
    Random random = new Random(seed);
    // kill 0 after 0.3-1.5 s of the first launch; kills 1-4 once metrics.csv has reached a random row
    // among the first 10 of the 16 iterations, in increasing order, plus 0-150 ms: at least six
    // iterations are left, so the run cannot end before its kill
    int[] afterRows = random.ints(4, 1, 11).sorted().toArray();
    int kills = 0;
    int launches = 0;
    while (true) {
      boolean resumable = Files.exists(run.resolve(RunDirectory.CHECKPOINT))
          || Files.exists(run.resolve(RunDirectory.PREVIOUS_CHECKPOINT));
      if (!resumable) {
        deleteTree(run); // killed before its first checkpoint: start it again, as the CLI advises
      }
      List<String> command = resumable ? List.of("train", "--resume", run.toString(), "--quiet")
          : args(List.of("train"), run, extra);
      Process p = start(command, run.resolveSibling(label + "-" + launches++ + ".log"));
      if (kills < KILLS) {
        if (kills > 0) {
          waitForRows(run.resolve(RunDirectory.METRICS), afterRows[kills - 1], p);
        }
        if (!p.waitFor(kills == 0 ? 300 + random.nextInt(1_200) : random.nextInt(150), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor();
          kills++;
          continue;
        }
      }
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the last launch finishes");
      if (p.exitValue() == 0) {
        break;
      }
      assertTrue(kills < KILLS, label + ": a launch failed after all kills: " + Files.readString(
          run.resolveSibling(label + "-" + (launches - 1) + ".log")));
    }
    assertEquals(KILLS, kills, label);
    assertArrayEquals(Files.readAllBytes(unbroken.resolve(RunDirectory.CHECKPOINT)),
        Files.readAllBytes(run.resolve(RunDirectory.CHECKPOINT)), label + ": killed " + kills + " times, resumed to "
            + "the same end");
  }

  /** Waits until {@code metrics} holds {@code rows} rows after its header, or the process ends. */
  private static void waitForRows(Path metrics, int rows, Process p) throws Exception {
    while (p.isAlive()) {
      if (Files.exists(metrics)) {
        long n;
        try (Stream<String> lines = Files.lines(metrics)) {
          n = lines.count() - 1;
        } catch (java.io.UncheckedIOException | java.io.IOException e) {
          n = 0; // replaced while we read it
        }
        if (n >= rows) {
          return;
        }
      }
      Thread.sleep(10);
    }
  }

  private static List<String> args(List<String> head, Path run, List<String> extra) {
    List<String> a = new ArrayList<>(head);
    a.addAll(List.of("--env", "chain-10", "--steps", "4096", "--num-envs", "4", "--set", "rolloutLength=64", "--set",
        "checkpointEvery=1", "--run-dir", run.toString(), "--quiet"));
    a.addAll(extra);
    return a;
  }

  /** The CLI in a new JVM on this test's classpath (Surefire's manifest jar carries the whole of it). */
  private static Process start(List<String> cliArgs, Path log) throws Exception {
    return CliProcess.start(cliArgs, log, "1g");
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
