package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A world whose step throws mid-run: the run stops, says where its checkpoint is and how to continue,
 * keeps the stack trace in error.log, and the resumed run ends where an unbroken one does.
 */
class EnvFaultTest {
  @TempDir
  Path tmp;

  private static Cli.Result train(Path run) {
    return Cli.run("train", "--env", FaultyWorlds.ID, "--steps", "2048", "--num-envs", "4", "--set",
        "rolloutLength=64", "--set", "checkpointEvery=1", "--run-dir", run.toString());
  }

  @Test
  void aThrowingEnvStopsTheRunWithItsCheckpointAndTheResumeEndsAsAnUnbrokenRun() throws Exception {
    FaultyWorlds.failAfter(0);
    Path unbroken = tmp.resolve("unbroken");
    assertEquals(0, train(unbroken).exit());

    // 4 envs x 64 steps = 256 env steps per iteration: the 1,100th env step is in iteration 5
    FaultyWorlds.failAfter(1_100);
    Path broken = tmp.resolve("broken");
    Cli.Result failed = train(broken);
    assertEquals(1, failed.exit(), failed.toString());
    assertTrue(failed.err().contains("the run failed: java.lang.IllegalStateException: flaky step"), failed.err());
    assertTrue(failed.err().contains("continue with: curio train --resume " + broken), failed.err());
    assertTrue(Files.readString(broken.resolve(RunDirectory.ERROR_LOG)).contains("flaky step"));

    Cli.Result resumed = Cli.run("train", "--resume", broken.toString());
    assertEquals(0, resumed.exit(), resumed.toString());
    assertArrayEquals(Files.readAllBytes(unbroken.resolve(RunDirectory.CHECKPOINT)),
        Files.readAllBytes(broken.resolve(RunDirectory.CHECKPOINT)), "the resumed run ends where the unbroken one does");
  }
}
