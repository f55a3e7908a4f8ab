package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalActionsTest {
  @TempDir
  Path tmp;

  @Test
  void actionsTableCoversEveryStepAndScoresTheRunsModule() throws Exception {
    Cli.Result r = evalActions(trained("run", "maze:corridor-pos", "rnd", 4, 512), 3);
    List<String> lines = r.out().strip().lines().toList();
    int head = indexOf(lines, "actions over ");
    assertTrue(head >= 1 && lines.get(0).startsWith("mean return "), r.out());
    long steps = Long.parseLong(lines.get(head).replaceAll("actions over ([0-9,]+) steps of 3 episodes.*", "$1")
        .replace(",", ""));
    assertTrue(steps >= 3, lines.get(head));
    assertTrue(lines.get(head + 1).matches("\\s+action\\s+share\\s+unchanged\\s+rnd"), lines.get(head + 1));
    double shares = 0;
    for (int a = 0; a < 4; a++) {
      String[] f = lines.get(head + 2 + a).trim().split("\\s+");
      assertEquals(Integer.toString(a), f[0], lines.get(head + 2 + a));
      shares += Double.parseDouble(f[1]);
      if (!f[2].equals("-")) {
        double unchanged = Double.parseDouble(f[2]);
        assertTrue(unchanged >= 0 && unchanged <= 1, lines.get(head + 2 + a));
        assertTrue(Double.parseDouble(f[3]) >= 0, "RND's reward is an error, never negative: " + lines.get(head + 2 + a));
      }
    }
    assertEquals(1.0, shares, 0.003, r.out());
    String[] all = lines.get(head + 6).trim().split("\\s+");
    assertEquals("all", all[0], r.out());
    assertEquals(1.0, Double.parseDouble(all[1]), 1e-9);
    assertTrue(lines.get(head + 7).startsWith("rnd: mean reward "), r.out());
    assertTrue(lines.get(head + 8).matches("distinct observations per episode: [0-9.]+ \\(mean over 3 episodes\\)"),
        r.out());
  }

  @Test
  void noveldIsScoredOnEpisodesOfItsOwnAfterARunOfOneEnv() throws Exception {
    // with one env in training, the checkpoint's first-visit set has the evaluation's width: it must not carry over
    Cli.Result r = evalActions(trained("noveld", "maze:corridor-pos", "noveld", 1, 256), 2);
    assertTrue(r.out().contains("noveld: mean reward 0.0000 for a step that left the observation unchanged"), r.out());
  }

  @Test
  void actionsAreRefusedForContinuousActionsWithOneLine() throws Exception {
    Path run = tmp.resolve("pendulum");
    Cli.Result train = Cli.run("train", "--env", "Pendulum-v1", "--num-envs", "2", "--set", "rolloutLength=64",
        "--steps", "128", "--run-dir", run.toString(), "--quiet");
    assertEquals(0, train.exit(), train.toString());
    Cli.Result r = Cli.run("eval", "--run", run.toString(), "--episodes", "1", "--actions", "--quiet");
    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--actions tallies Discrete actions; Pendulum-v1 acts in Box("), r.err());
  }

  /** A short run of {@code reward} on {@code env} in {@code tmp/name}. */
  private Path trained(String name, String env, String reward, int envs, int steps) {
    Path run = tmp.resolve(name);
    Cli.Result train = Cli.run("train", "--env", env, "--reward", reward, "--num-envs", Integer.toString(envs), "--set",
        "rolloutLength=64", "--steps", Integer.toString(steps), "--run-dir", run.toString(), "--quiet");
    assertEquals(0, train.exit(), train.toString());
    return run;
  }

  private static Cli.Result evalActions(Path run, int episodes) {
    Cli.Result r = Cli.run("eval", "--run", run.toString(), "--episodes", Integer.toString(episodes), "--actions",
        "--quiet");
    assertEquals(0, r.exit(), r.toString());
    return r;
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
