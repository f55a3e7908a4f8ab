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
    // two slices per iteration, all from the one node of each session; the resumed learner numbers its
    // node after the checkpoint's
    assertEquals("0:10 1:10", lastCell(run.resolve("metrics.csv"), MetricsCsv.ACTOR_ROLLOUTS));
  }

  /** The cell of {@code column} in the last row of a metrics file. */
  private static String lastCell(Path metrics, String column) throws Exception {
    java.util.List<String> lines = Files.readAllLines(metrics);
    int col = java.util.List.of(lines.get(0).split(",", -1)).indexOf(column);
    return lines.get(lines.size() - 1).split(",", -1)[col];
  }

  /** A key store made as docs/distributed.md says: one key pair, its certificate trusted by every node. */
  private static Path keyStore(Path dir, String password) throws Exception {
    Path ks = dir.resolve("node.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "curio", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=curio-node",
        "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", password)
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes());
    assertEquals(0, keytool.waitFor(), out);
    return ks;
  }

  @Test
  void overTlsALearnerAndAnActorTrainAndAPlainActorCannotJoin() throws Exception {
    Path ks = keyStore(tmp, "test-store-pass");
    java.util.function.UnaryOperator<String> before = TlsOptions.environment;
    TlsOptions.environment = name -> TlsOptions.PASSWORD.equals(name) ? "test-store-pass" : System.getenv(name);
    try {
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      Path run = tmp.resolve("tls-run");
      AtomicReference<Cli.Result> learner = new AtomicReference<>();
      Thread l = new Thread(() -> learner.set(Cli.run("learner", "-q", "--port", Integer.toString(port), "--tls-keystore",
          ks.toString(), "--env", "CartPole-v1", "--actors", "1", "--num-envs", "4", "--set", "rolloutLength=16",
          "--steps", "64000", "--run-dir", run.toString())));
      l.start();
      AtomicReference<Cli.Result> actor = new AtomicReference<>();
      Thread a = new Thread(() -> actor.set(Cli.run("actor", "--join", "127.0.0.1:" + port, "--tls-keystore",
          ks.toString())));
      a.start();
      // once the TLS actor's rollouts are learned from, the learner is up: a node without TLS is then refused
      // by its handshake, not by a learner that has not started
      Path metrics = run.resolve("metrics.csv");
      long t0 = System.nanoTime();
      while (!(Files.exists(metrics) && Files.readAllLines(metrics).size() > 1)) {
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "no iteration over TLS within 60 s");
        Thread.sleep(50);
      }
      assertOneLine(Cli.run("actor", "--join", "127.0.0.1:" + port, "--join-timeout", "3"),
          "no learner welcomed this actor node within 3 s at 127.0.0.1:" + port);
      assertTrue(l.isAlive(), "the learner was still running while the plain node was refused");
      l.join(60_000);
      a.join(30_000);
      assertFalse(l.isAlive());
      assertEquals(0, learner.get().exit(), learner.get().toString());
      assertEquals(0, actor.get().exit(), actor.get().toString());
      assertEquals(1000, MetricsCsv.read(metrics, "steps").length, "1,000 iterations over TLS, one actor node");
      assertEquals("0:1000", lastCell(metrics, MetricsCsv.ACTOR_ROLLOUTS), "the plain node never contributed");

      TlsOptions.environment = name -> TlsOptions.PASSWORD.equals(name) ? "wrong" : System.getenv(name);
      assertOneLine(Cli.run("actor", "--join", "127.0.0.1:" + port, "--tls-keystore", ks.toString()),
          "--tls-keystore/--tls-truststore: cannot open the key store " + ks + ": wrong password");
      TlsOptions.environment = name -> null;
      assertOneLine(Cli.run("actor", "--join", "127.0.0.1:" + port, "--tls-keystore", ks.toString()),
          "set the stores' password in the environment variable CURIO_TLS_PASSWORD");
      assertOneLine(Cli.run("actor", "--join", "127.0.0.1:" + port, "--tls-truststore", ks.toString()),
          "--tls-truststore needs --tls-keystore");
      assertOneLine(Cli.run("learner", "--actors", "2", "--tls-keystore", tmp.resolve("none.p12").toString()),
          "set the stores' password");
    } finally {
      TlsOptions.environment = before;
    }
  }

  @Test
  void badInputIsOneLineAndNeverAHang() throws Exception {
    assertOneLine(Cli.run("actor", "--join", "127.0.0.1:1", "--join-timeout", "1"),
        "no learner welcomed this actor node within 1 s at 127.0.0.1:1");
    assertOneLine(Cli.run("actor", "--join", "learner-without-port"), "a node is host:port, got 'learner-without-port'");
    assertOneLine(Cli.run("learner", "--host", "10.1.2.3", "--actors", "2"), "give --tls-keystore (TLS between the nodes),"
        + " or pass --allow-plaintext");
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
