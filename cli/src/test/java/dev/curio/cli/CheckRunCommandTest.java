package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckRunCommandTest {
  @TempDir
  Path tmp;

  @Test
  void aWholeRunIsOkAndADamagedOneGetsALinePerProblemWithNothingChanged() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, Cli.run("train", "--env", "chain-10", "--steps", "1024", "--num-envs", "4", "--set",
        "rolloutLength=64", "--run-dir", run.toString()).exit());
    Cli.Result ok = Cli.run("check-run", run.toString());
    assertEquals(0, ok.exit(), ok.toString());
    assertEquals(run + ": ok", ok.out().strip());

    // metrics.csv cut short: it no longer reaches the checkpoint's iteration
    Path metrics = run.resolve(RunDirectory.METRICS);
    List<String> csv = Files.readAllLines(metrics);
    Files.write(metrics, csv.subList(0, 2));
    Cli.Result shortCsv = Cli.run("check-run", run.toString());
    assertEquals(1, shortCsv.exit(), shortCsv.toString());
    assertEquals(1, shortCsv.out().lines().count(), shortCsv.out());
    assertTrue(shortCsv.out().startsWith(metrics + ": "), shortCsv.out());
    assertEquals(csv.subList(0, 2), Files.readAllLines(metrics), "check-run changes nothing");

    // a flipped byte in the checkpoint: refused by its checksum, named in one line
    Path checkpoint = run.resolve(RunDirectory.CHECKPOINT);
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(checkpoint, bytes);
    Cli.Result bad = Cli.run("check-run", run.toString());
    assertEquals(1, bad.exit(), bad.toString());
    assertTrue(bad.out().lines().anyMatch(l -> l.startsWith(checkpoint + ": ")), bad.out());
    assertTrue(bad.out().lines().noneMatch(l -> l.startsWith(checkpoint + ": " + checkpoint)), "the path once: " + bad.out());
    assertArrayEquals(bytes, Files.readAllBytes(checkpoint), "check-run changes nothing");
  }
}
