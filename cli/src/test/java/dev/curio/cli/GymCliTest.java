package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.gym.GymConfig;
import dev.curio.gym.GymHttpClient;
import dev.curio.gym.GymServer;
import dev.curio.loop.io.MetricsCsv;
import dev.curio.loop.io.RunSummary;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code curio train} on real gym, in the JVM and over HTTP against curio_gym_server.py on a free
 * loopback port, a server killed mid-run, and {@code curio gym-server}.
 */
@Timeout(300)
class GymCliTest {
  /** 2 envs x 128 steps = 256 steps per iteration. */
  private static final String[] SMALL = {"--num-envs", "2", "--set", "rolloutLength=128", "--quiet"};

  @TempDir
  Path tmp;

  private static String[] train(String env, Path run, long steps, String... rest) {
    List<String> a = new ArrayList<>(List.of("train", "--env", env, "--run-dir",
        run.toString(), "--steps", Long.toString(steps)));
    a.addAll(List.of(SMALL));
    a.addAll(List.of(rest));
    return a.toArray(String[]::new);
  }

  @Test
  void trainsInTheJvm() throws Exception {
    Path run = tmp.resolve("in-jvm");
    Cli.Result r = Cli.run(train("gym:CartPole-v1", run, 1024));
    assertEquals(0, r.exit(), r.toString());
    assertEquals(4, MetricsCsv.read(run.resolve("metrics.csv"), "iteration").length);
    assertEquals("completed", RunSummary.read(run.resolve("summary.json")).status());
    Cli.Result eval = Cli.run("eval", "--run", run.toString(), "--episodes", "2", "--quiet");
    assertEquals(0, eval.exit(), eval.toString());
    assertTrue(eval.out().contains("over 2 episodes"), eval.out());
  }

  @Test
  void trainsOverHttpEndToEnd() throws Exception {
    try (GymServer server = GymServer.start(0)) {
      Path run = tmp.resolve("over-http");
      Cli.Result r = Cli.run(train("gym:CartPole-v1", run, 1024, "--gym-url", server.url()));
      assertEquals(0, r.exit(), r.toString());
      assertEquals(server.url(), RunConfig.load(run.resolve("config.yaml")).gym().url());
      assertEquals(4, MetricsCsv.read(run.resolve("metrics.csv"), "iteration").length);
      assertTrue(new GymHttpClient(GymConfig.defaults().withUrl(server.url())).listAll().isEmpty(),
          "the run closed its envs on the server");
      try (GymServer other = GymServer.start(0)) {
        Cli.Result eval = Cli.run("eval", "--run", run.toString(), "--episodes", "2", "--gym-url", other.url(), "--quiet");
        assertEquals(0, eval.exit(), eval.toString());
        assertTrue(eval.out().contains("over 2 episodes"), eval.out());
      }
    }
  }

  @Test
  void aServerKilledMidRunEndsInOneClearErrorAndKeepsTheCheckpoint() throws Exception {
    Path run = tmp.resolve("killed");
    GymServer server = GymServer.start(0);
    RunObserver killer = new RunObserver() {
      @Override
      public void onIteration(IterationReport r) {
        if (r.iteration() == 2) {
          server.kill();
        }
      }
    };
    long t0 = System.nanoTime();
    Cli.Result r;
    try {
      r = Cli.run(cl -> Cli.train(cl).extraObservers.add(killer), train("gym:CartPole-v1", run, 1024,
          "--gym-url", server.url(), "--set", "checkpointEvery=1", "--set", "gym.connectRetries=1"));
    } finally {
      server.close();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("a run whose server was killed after iteration 2 failed after %.1f s%n", seconds);
    assertEquals(1, r.exit(), r.toString());
    String first = r.err().lines().findFirst().orElse("");
    assertTrue(first.contains("the run failed:") && first.contains(server.url()), r.toString());
    assertFalse(first.contains("Exception"), "the gym error's own words, not a class name: " + first);
    assertTrue(r.err().contains("curio train --resume " + run + " (with --gym-url URL if the gym server now runs"),
        r.toString());
    assertTrue(Files.exists(run.resolve("checkpoint.bin")), "the last checkpoint is kept");
    assertEquals("failed", RunSummary.read(run.resolve("summary.json")).status());
    assertTrue(seconds < 120, "took " + seconds + " s");

    // the checkpoint continues the run on a new server
    try (GymServer again = GymServer.start(0)) {
      Cli.Result resumed = Cli.run("train", "--resume", run.toString(), "--gym-url", again.url(), "--quiet");
      assertEquals(0, resumed.exit(), resumed.toString());
      double[][] rows = MetricsCsv.read(run.resolve("metrics.csv"), "iteration");
      assertEquals(4, rows.length);
      for (int i = 0; i < rows.length; i++) {
        assertEquals(i + 1, rows[i][0], "no iteration lost or repeated");
      }
    }
  }

  @Test
  void checkEnvRunsTheContractOverHttpAndAnUnknownIdIsTheServersOneLine() {
    try (GymServer server = GymServer.start(0)) {
      Cli.Result r = Cli.run("check-env", "gym:FrozenLake-v1", "--gym-url", server.url());
      assertEquals(0, r.exit(), r.toString());
      assertTrue(r.out().startsWith("env check of gym:FrozenLake-v1: passed"), r.out());

      Cli.Result unknown = Cli.run("train", "--env", "gym:NoSuchEnv-v0", "--gym-url", server.url(), "--run-dir",
          tmp.resolve("never").toString());
      assertEquals(2, unknown.exit(), unknown.toString());
      assertEquals(1, unknown.err().lines().count(), unknown.toString());
      assertTrue(unknown.err().contains("unknown gym env 'NoSuchEnv-v0'"), unknown.toString());
      assertFalse(Files.exists(tmp.resolve("never")), "no run directory for a run that never started");
    }
  }

  @Test
  void gymServerCommandServesUntilShutdown() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit = pool.submit(() -> Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
          .execute("gym-server", "--port", "0"));
      Pattern listening = Pattern.compile("listening on (http://\\S+);");
      Matcher m = listening.matcher("");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!m.find() && System.nanoTime() < deadline && !exit.isDone()) {
        Thread.sleep(100);
        m = listening.matcher(out.toString());
      }
      assertTrue(m.find(0), "out: " + out + "\nerr: " + err);
      GymHttpClient client = new GymHttpClient(GymConfig.defaults().withUrl(m.group(1)));
      String instance = client.create("Acrobot-v1");
      assertEquals("Acrobot-v1", client.listAll().get(instance));
      client.shutdown();
      assertEquals(0, exit.get(30, TimeUnit.SECONDS), "out: " + out + "\nerr: " + err);
      assertTrue(out.toString().contains("gym server stopped"), out.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
