package dev.curio.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  @TempDir
  Path tmp;

  @Test
  void noisyTvSuiteReportsEveryAgentAndSeedAndEndsWithOneSummaryLine() throws Exception {
    Path out = tmp.resolve("bench");
    Cli.Result r = Cli.run("bench", "noisy-tv", "--steps", "1024", "--seeds", "1,2", "--agents", "random,ppo+rnd",
        "--set", "numEnvs=4", "--set", "rolloutLength=64", "--set", "network.torso=mlp", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).startsWith("noisy-tv summary"), r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(5, csv.size(), String.join("\n", csv));
    for (String row : csv.subList(1, csv.size())) {
      String[] f = row.split(",");
      double share = Double.parseDouble(f[3]);
      assertTrue(share >= 0 && share <= 1, row);
      if (f[0].equals("random")) {
        // drop is 1 of 7 actions: over 256 late steps the share stays within a wide band around 1/7
        assertTrue(share > 0.06 && share < 0.25, row);
      }
    }
  }

  @Test
  void unknownSuiteOrAgentIsAUserError() {
    Cli.Result r = Cli.run("bench", "noisy-telly");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("unknown suite 'noisy-telly' (known: noisy-tv)"), r.err());
    Cli.Result a = Cli.run("bench", "noisy-tv", "--agents", "ppo+ride");
    assertEquals(2, a.exit(), a.toString());
    assertTrue(a.err().contains("unknown agent 'ppo+ride'"), a.err());
  }
}
