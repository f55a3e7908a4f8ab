package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.state.Snapshot;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.io.Checkpointer;
import dev.curio.loop.io.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curio train --set agents.policies=independent}: a policy per agent from the command line, resumed exactly. */
class IndependentPoliciesCliTest {
  /** 4 envs x 64 joint steps per iteration; 1536 steps = 6 iterations. */
  private static final String[] RUN = {"train", "-q", "--env", "social:rendezvous-7", "--steps", "1536", "--num-envs",
      "4", "--set", "rolloutLength=64", "--set", "agents.policies=independent", "--set", "checkpointEvery=3"};

  @TempDir
  Path tmp;

  private static String[] run(Path dir) {
    String[] args = java.util.Arrays.copyOf(RUN, RUN.length + 2);
    args[RUN.length] = "--run-dir";
    args[RUN.length + 1] = dir.toString();
    return args;
  }

  @Test
  void aTwoAgentWorldTrainsAPolicyPerAgentAndResumesToTheSameBytes() throws Exception {
    Path straight = tmp.resolve("straight");
    Cli.Result s = Cli.run(run(straight));
    assertEquals(0, s.exit(), s.toString());
    TrainConfig cfg = RunConfig.load(straight.resolve("config.yaml")).train();
    assertTrue(cfg.agents().independent(), "config.yaml keeps agents.policies");
    Snapshot learner = Checkpointer.read(straight.resolve("checkpoint.bin")).child("learner");
    assertEquals(2, learner.getLong("agents"), "one learner entry per agent");
    double[][] rows = MetricsCsv.read(straight.resolve("metrics.csv"), "steps", "agent0_return", "agent1_return",
        "policy_loss");
    assertEquals(6, rows.length);
    assertTrue(Double.isFinite(rows[5][3]), "the learner columns hold the mean over agents: " + rows[5][3]);

    Path resumed = tmp.resolve("resumed");
    Cli.Result first = Cli.run(cl -> Cli.train(cl).extraObservers.add(new RunObserver() {
      @Override
      public void onIteration(IterationReport r) {
        if (r.iteration() == 3) {
          r.control().stop("test stop");
        }
      }
    }), run(resumed));
    assertEquals(0, first.exit(), first.toString());
    Cli.Result second = Cli.run("train", "-q", "--resume", resumed.toString());
    assertEquals(0, second.exit(), second.toString());
    assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoint.bin")),
        Files.readAllBytes(resumed.resolve("checkpoint.bin")), "the resumed run ends in exactly the same state");
  }

  @Test
  void printConfigShowsTheKeyAndAWorldOfOneAgentIsRefusedInOneLine() {
    Cli.Result p = Cli.run("train", "--env", "social:harvest-4", "--set", "agents.policies=independent",
        "--print-config");
    assertEquals(0, p.exit(), p.toString());
    assertTrue(p.out().contains("agents:\n  policies: independent\n"), p.out());

    Cli.Result one = Cli.run("train", "-q", "--env", "chain-10", "--steps", "256", "--set",
        "agents.policies=independent", "--run-dir", tmp.resolve("one").toString());
    assertEquals(2, one.exit(), one.toString());
    assertEquals("curio train: agents.policies: is independent (one policy per agent), but env chain-10 has one agent;"
        + " set it to shared, or train a world of several agents (a social: world)", one.err().strip());

    Cli.Result bad = Cli.run("train", "--set", "agents.policies=separate", "--print-config");
    assertEquals(2, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("agents.policies: must be shared or independent, got 'separate'"), bad.err());
  }
}
