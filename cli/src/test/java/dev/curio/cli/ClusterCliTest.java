package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.MetricsCsv;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curio learner} and {@code curio actor}: a run across two actor systems, and one-line errors for bad input. */
class ClusterCliTest {
  @TempDir
  Path tmp;

  private static void assertOneLine(Cli.Result r, String expected) {
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains(expected), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void aLearnerAndAnActorNodeTrainARunThatWritesItsDirectoryAndResumes() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path run = tmp.resolve("run");
    AtomicReference<Cli.Result> learner = new AtomicReference<>();
    Thread l = new Thread(() -> learner.set(Cli.run("learner", "-q", "--port", Integer.toString(port), "--env",
        "CartPole-v1", "--actors", "2", "--num-envs", "4", "--set", "rolloutLength=16", "--steps", "320",
        "--run-dir", run.toString())));
    l.start();
    Cli.Result actor = Cli.run("actor", "--join", "127.0.0.1:" + port);
    l.join(60_000);
    assertFalse(l.isAlive());
    assertEquals(0, learner.get().exit(), learner.get().toString());
    assertEquals(0, actor.exit(), actor.toString());
    assertTrue(actor.out().contains("the learner's run ended; sent "), actor.out());
    double[][] rows = MetricsCsv.read(run.resolve("metrics.csv"), "steps", MetricsCsv.DROPPED_TRAJECTORIES);
    assertEquals(5, rows.length, "five iterations of 4 envs x 16 steps");
    assertEquals(320, rows[rows.length - 1][0]);
    assertTrue(Files.exists(run.resolve("checkpoint.bin")));

    // --resume restarts the learner from its checkpoint; an actor joins the new node
    Thread resumed = new Thread(() -> learner.set(Cli.run("learner", "-q", "--port", Integer.toString(port), "--resume",
        run.toString(), "--steps", "640")));
    resumed.start();
    Cli.Result again = Cli.run("actor", "--join", "127.0.0.1:" + port);
    resumed.join(60_000);
    assertEquals(0, learner.get().exit(), learner.get().toString());
    assertEquals(0, again.exit(), again.toString());
    rows = MetricsCsv.read(run.resolve("metrics.csv"), "steps");
    assertEquals(10, rows.length, "five iterations, then five more after --resume");
    assertEquals(640, rows[rows.length - 1][0]);
  }

  @Test
  void badInputIsOneLineAndNeverAHang() throws Exception {
    assertOneLine(Cli.run("actor", "--join", "127.0.0.1:1", "--join-timeout", "1"),
        "no learner welcomed this actor node within 1 s at 127.0.0.1:1");
    assertOneLine(Cli.run("actor", "--join", "learner-without-port"), "a node is host:port, got 'learner-without-port'");
    assertOneLine(Cli.run("learner", "--host", "10.1.2.3", "--actors", "2"), "pass --allow-plaintext");
    assertOneLine(Cli.run("learner", "--env", "CartPole-v1", "--run-dir", tmp.resolve("x").toString()),
        "give --actors N");
    assertFalse(Files.exists(tmp.resolve("x")), "no run directory for a run that never started");
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertOneLine(Cli.run("learner", "--env", "CartPole-v1", "--actors", "2", "--port",
          Integer.toString(taken.getLocalPort()), "--run-dir", tmp.resolve("y").toString()),
          "cannot start the learner's node on 127.0.0.1:" + taken.getLocalPort() + " (is the port in use?)");
    }
    assertFalse(Files.exists(tmp.resolve("y")));
  }
}
