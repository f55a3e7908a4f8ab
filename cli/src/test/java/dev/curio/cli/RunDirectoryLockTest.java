package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per run directory, and what a killed process leaves behind is cleaned or explained. */
class RunDirectoryLockTest {
  @TempDir
  Path tmp;

  private Cli.Result train(Path run, String steps, String... more) {
    String[] head = {"train", "--env", "chain-10", "--steps", steps, "--num-envs", "4", "--set", "rolloutLength=64",
        "--run-dir", run.toString()};
    String[] all = new String[head.length + more.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(more, 0, all, head.length, more.length);
    return Cli.run(all);
  }

  @Test
  void aSecondProcessOnARunDirectoryIsRefusedAndStaleTempFilesGo() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run, "512").exit());
    try (RunDirectory.Lock held = RunDirectory.open(run).lock()) {
      Cli.Result r = Cli.run("train", "--resume", run.toString(), "--steps", "1024");
      assertEquals(2, r.exit(), r.toString());
      assertEquals(1, r.err().lines().count(), r.toString());
      assertTrue(r.err().contains(run + " is in use by another curio process"), r.err());
    }
    Path stale = run.resolve(".checkpoint.bin.1f2e3d.tmp");
    Files.writeString(stale, "half a checkpoint from a killed process");
    Cli.Result r = Cli.run("train", "--resume", run.toString(), "--steps", "1024");
    assertEquals(0, r.exit(), r.toString());
    assertFalse(Files.exists(stale), "the resumed run removed the stale temp file");
  }

  @Test
  void aFinishedRunWithoutItsFinalSummaryGetsOneOnResume() throws Exception {
    Path run = tmp.resolve("done");
    assertEquals(0, train(run, "512").exit());
    Files.delete(run.resolve(RunDirectory.SUMMARY)); // as if the process died after its last checkpoint
    Cli.Result r = Cli.run("train", "--resume", run.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("already reached its 512 steps (its summary.json was missing or unfinished: now"
        + " written)"), r.err());
    dev.curio.loop.io.RunSummary s = dev.curio.loop.io.RunSummary.read(run.resolve(RunDirectory.SUMMARY));
    assertEquals("completed", s.status());
    assertEquals(512, s.steps());
    Cli.Result again = Cli.run("train", "--resume", run.toString());
    assertFalse(again.err().contains("now written"), "a whole summary is left alone: " + again.err());
  }

  @Test
  void aRunKilledBeforeItsFirstCheckpointSaysHowToStartAgain() throws Exception {
    Path run = tmp.resolve("early");
    assertEquals(0, train(run, "512").exit());
    Files.delete(run.resolve(RunDirectory.CHECKPOINT));
    Files.deleteIfExists(run.resolve(RunDirectory.PREVIOUS_CHECKPOINT));
    Cli.Result r = Cli.run("train", "--resume", run.toString());
    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().contains("the run stopped before its first checkpoint")
        && r.err().contains("--config " + run.resolve(RunDirectory.CONFIG)), r.err());
    // and that advice works
    Cli.Result again = Cli.run("train", "--config", run.resolve(RunDirectory.CONFIG).toString(), "--run-dir",
        tmp.resolve("again").toString(), "--steps", "512");
    assertEquals(0, again.exit(), again.toString());
  }
}
