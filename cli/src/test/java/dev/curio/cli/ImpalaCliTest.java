package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.TrainConfig;
import dev.curio.loop.io.MetricsCsv;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curio train --learner impala}: the flag sets the key, the run trains, writes and resumes like PPO's. */
class ImpalaCliTest {
  @TempDir
  Path tmp;

  @Test
  void theLearnerFlagTrainsImpalaAndItsRunResumes() throws Exception {
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.run("train", "-q", "--learner", "impala", "--env", "chain-10", "--steps", "512", "--num-envs",
        "4", "--set", "rolloutLength=64", "--set", "impala.minibatches=2", "--run-dir", run.toString());
    assertEquals(0, r.exit(), r.toString());
    TrainConfig cfg = RunConfig.load(run.resolve("config.yaml")).train();
    assertEquals("impala", cfg.learnerName());
    assertEquals(2, cfg.impala().minibatches());

    Cli.Result resumed = Cli.run("train", "-q", "--resume", run.toString(), "--steps", "1024");
    assertEquals(0, resumed.exit(), resumed.toString());
    double[][] rows = MetricsCsv.read(run.resolve("metrics.csv"), "steps");
    assertEquals(1024, rows[rows.length - 1][0], "two iterations, then two more after --resume");
  }

  @Test
  void anUnknownLearnerIsAOneLineError() {
    Cli.Result r = Cli.run("train", "--learner", "sarsa", "--print-config");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("learner: must be one of ppo, impala, got 'sarsa'"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
