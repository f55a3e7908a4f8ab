package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.TrainConfig;
import dev.curio.loop.io.MetricsCsv;
import java.nio.file.Files;
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
  void theActorsFlagTrainsOnActorThreadsCountsDroppedTrajectoriesAndResumes() throws Exception {
    Path run = tmp.resolve("actors");
    Cli.Result r = Cli.run("train", "-q", "--learner", "impala", "--actors", "2", "--env", "CartPole-v1", "--steps",
        "512", "--num-envs", "4", "--set", "rolloutLength=32", "--run-dir", run.toString());
    assertEquals(0, r.exit(), r.toString());
    TrainConfig cfg = RunConfig.load(run.resolve("config.yaml")).train();
    assertEquals(2, cfg.impala().actors());
    assertEquals(MetricsCsv.DROPPED_TRAJECTORIES, Files.readAllLines(run.resolve("metrics.csv")).get(0)
        .replaceAll(".*,", ""));

    Cli.Result resumed = Cli.run("train", "-q", "--resume", run.toString(), "--steps", "1024");
    assertEquals(0, resumed.exit(), resumed.toString());
    double[][] rows = MetricsCsv.read(run.resolve("metrics.csv"), "steps", MetricsCsv.DROPPED_TRAJECTORIES);
    assertEquals(8, rows.length, "four iterations, then four more after --resume");
    assertEquals(1024, rows[rows.length - 1][0]);
  }

  @Test
  void actorsMustSplitNumEnvsAndBeAtLeastOne() {
    Cli.Result ppo = Cli.run("train", "--actors", "3", "--print-config");
    assertEquals(2, ppo.exit(), ppo.toString());
    assertTrue(ppo.err().contains("impala.actors: is 3 (actor threads), but numEnvs 8 does not split evenly"),
        ppo.err());
    assertEquals(1, ppo.err().strip().lines().count(), ppo.err());
    Cli.Result none = Cli.run("train", "--learner", "impala", "--actors", "0", "--print-config");
    assertEquals(2, none.exit(), none.toString());
    assertTrue(none.err().contains("--actors must be at least 1, got 0"), none.err());
  }

  @Test
  void theClusterLearnerRefusesPpoInOneLine() {
    Cli.Result r = Cli.run("learner", "-q", "--learner", "ppo", "--env", "CartPole-v1", "--actors", "2", "--num-envs", "4",
        "--steps", "64", "--port", "0", "--run-dir", tmp.resolve("ppo-learner").toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("learner: is ppo, but actor nodes deliver rollouts as they come"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void anUnknownLearnerIsAOneLineError() {
    Cli.Result r = Cli.run("train", "--learner", "sarsa", "--print-config");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("learner: must be one of ppo, impala, got 'sarsa'"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
