package dev.curio.gym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.curio.envs.Env;
import dev.curio.envs.vector.SyncVectorEnv;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing remote envs against a fake gym-http-api server that stops answering: the closes of all envs
 * share one deadline of gym.timeout, so closing 8 envs returns after about one timeout, not eight, and
 * each close still reaches the server.
 */
@Timeout(60)
class GymCloseTest {
  /** The timeout of these tests; closing 8 envs one timeout each would take 8 times this. */
  private static final double TIMEOUT_S = 0.5;
  private static final int ENVS = 8;

  private HttpServer fake;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger made = new AtomicInteger();
  private final AtomicInteger closesReceived = new AtomicInteger();
  private volatile boolean stepsHang;

  @AfterEach
  void stop() {
    release.countDown();
    if (fake != null) {
      fake.stop(0);
    }
  }

  /** A server that makes Discrete(2) envs and never answers /close/ (nor /step/ once {@link #stepsHang}). */
  private GymConfig serve() throws IOException {
    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-gym-server");
      t.setDaemon(true);
      return t;
    }));
    fake.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      if (path.endsWith("/close/") || path.endsWith("/step/") && stepsHang) {
        if (path.endsWith("/close/")) {
          closesReceived.incrementAndGet();
        }
        hang();
        answer(ex, "{}");
      } else if (path.equals("/v1/envs/")) {
        answer(ex, "{\"instance_id\": \"e" + made.incrementAndGet() + "\"}");
      } else if (path.endsWith("_space/")) {
        answer(ex, "{\"info\": {\"name\": \"Discrete\", \"n\": 2}}");
      } else if (path.endsWith("/reset/")) {
        answer(ex, "{\"observation\": 0}");
      } else {
        answer(ex, "{\"observation\": 1, \"reward\": 0.0, \"done\": false, \"info\": {}}");
      }
    });
    fake.start();
    return new GymConfig("http://127.0.0.1:" + fake.getAddress().getPort(), 2, TIMEOUT_S, 0);
  }

  private void hang() {
    try {
      release.await(); // the server has stopped answering until the test ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  @Test
  void closingEightEnvsOfASilentServerWaitsOneTimeoutInAll() throws Exception {
    GymConfig cfg = serve();
    List<RemoteGymEnv<?, ?>> envs = new ArrayList<>();
    for (int i = 0; i < ENVS; i++) {
      envs.add(RemoteGymEnv.make("Fake-v0", cfg));
    }
    GymHttpClient client = GymHttpClient.of(cfg);
    long began = System.nanoTime();
    for (RemoteGymEnv<?, ?> env : envs) {
      env.close(); // as a vector env closes its envs: one after the other
    }
    double took = seconds(began);
    // one shared deadline: about one timeout in all (eight would be the old behaviour), with slack for a slow CI
    assertTrue(took < 3 * TIMEOUT_S, "closing " + ENVS + " envs took " + took + " s");
    assertTrue(took >= 0.9 * TIMEOUT_S, "the first close waits for its answer until the deadline: " + took + " s");
    assertEquals(ENVS, client.unansweredCloses(), "every unanswered close is counted");
    for (int i = 0; i < 100 && closesReceived.get() < ENVS; i++) {
      Thread.sleep(20); // requests sent without waiting may land a moment later
    }
    assertEquals(ENVS, closesReceived.get(), "every env's close still reaches the server");
  }

  @Test
  void aDirectCloseReportsTheSilenceInOneLine() throws Exception {
    GymConfig cfg = serve();
    GymHttpClient client = new GymHttpClient(cfg);
    String first = client.create("Fake-v0");
    String second = client.create("Fake-v0");
    GymException e = assertThrows(GymException.class, () -> client.close(first));
    assertTrue(e.getMessage().contains("did not answer POST /v1/envs/" + first + "/close/ before the closing deadline"
        + " (gym.timeout, 0.5 s, shared by all closes)"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    long began = System.nanoTime();
    GymException later = assertThrows(GymException.class, () -> client.close(second));
    assertTrue(seconds(began) < TIMEOUT_S / 2, "a later close does not wait once the server went silent");
    assertTrue(later.getMessage().contains("not waiting for it"), later.getMessage());
    assertEquals(2, client.unansweredCloses());
  }

  @Test
  void afterAStepTimedOutClosingDoesNotWaitAtAll() throws Exception {
    GymConfig cfg = serve();
    Supplier<Env<Object, Object>> factory = () -> {
      @SuppressWarnings("unchecked")
      Env<Object, Object> env = (Env<Object, Object>) RemoteGymEnv.make("Fake-v0", cfg);
      return env;
    };
    SyncVectorEnv<Object, Object> venv = SyncVectorEnv.of(ENVS, factory);
    venv.reset(1);
    stepsHang = true;
    Object[] actions = new Object[ENVS];
    java.util.Arrays.fill(actions, 0);
    assertThrows(GymException.class, () -> venv.step(actions)); // the server stops answering mid-run
    long began = System.nanoTime();
    venv.close();
    double took = seconds(began);
    assertTrue(took < TIMEOUT_S, "closing after a timed-out step took " + took + " s");
    assertEquals(ENVS, GymHttpClient.of(cfg).unansweredCloses());
  }

  @Test
  void aServerThatAnswersClosesEveryEnv() throws Exception {
    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      if (ex.getRequestURI().getPath().endsWith("/close/")) {
        closesReceived.incrementAndGet();
      }
      answer(ex, "{}");
    });
    fake.start();
    GymHttpClient client = new GymHttpClient(new GymConfig("http://127.0.0.1:" + fake.getAddress().getPort(), 2,
        TIMEOUT_S, 0));
    for (int i = 0; i < ENVS; i++) {
      client.close("e" + i);
    }
    assertEquals(ENVS, closesReceived.get());
    assertEquals(0, client.unansweredCloses());
  }
}
