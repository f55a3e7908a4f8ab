package dev.curio.gym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against fake gym-http-api servers (the JDK's HttpServer on a free loopback port): every
 * failure ends in one clear line, within the configured time, and a step is never sent twice.
 */
@Timeout(60)
class GymHttpClientTest {
  private volatile HttpServer fake;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.stop(0);
    }
  }

  /** A fake server whose every answer is {@code status} with {@code body} of {@code type}. */
  private GymConfig serve(int status, String type, String body) throws IOException {
    return serve(ex -> answer(ex, status, type, body));
  }

  private interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  private GymConfig serve(Handler h) throws IOException {
    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-gym-server");
      t.setDaemon(true);
      return t;
    }));
    fake.createContext("/", ex -> {
      hits.computeIfAbsent(ex.getRequestMethod() + " " + ex.getRequestURI().getPath(), k -> new AtomicInteger())
          .incrementAndGet();
      ex.getRequestBody().readAllBytes();
      h.handle(ex);
    });
    fake.start();
    return new GymConfig("http://127.0.0.1:" + fake.getAddress().getPort(), 2, 2, 1);
  }

  private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void assertOneLine(GymException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  @Timeout(60) // a guard against a hang only; nothing listens, so each attempt is refused at once
  void noServerIsAClearErrorAfterTheRetries() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    GymConfig cfg = new GymConfig("http://127.0.0.1:" + port, 2, 2, 2);
    GymException e = assertThrows(GymException.class, () -> new GymHttpClient(cfg).create("CartPole-v1"));
    assertOneLine(e, "no gym server answers at http://127.0.0.1:" + port, "3 attempts", "curio gym-server");
  }

  @Test
  void theServersMessageIsTheError() throws IOException {
    GymConfig cfg = serve(400, "application/json", "{\"message\": \"Attempted to look up malformed environment ID 'x'\"}");
    GymException e = assertThrows(GymException.class, () -> new GymHttpClient(cfg).create("x"));
    assertOneLine(e, "gym server: Attempted to look up malformed environment ID 'x'", "HTTP 400");
  }

  @Test
  void anHtml500IsAnIncompatibleServer() throws IOException {
    GymConfig cfg = serve(500, "text/html", "<!DOCTYPE HTML>\n<title>500 Internal Server Error</title>\n<h1>Internal"
        + " Server Error</h1>");
    GymException e = assertThrows(GymException.class, () -> new GymHttpClient(cfg).reset("abc", 1));
    assertOneLine(e, "HTML 500", "incompatible", "POST /v1/envs/abc/reset/");
  }

  @Test
  void malformedJsonIsSaidToBeMalformed() throws IOException {
    GymConfig cfg = serve(200, "application/json", "{\"instance_id\": \"abc\", ");
    GymException e = assertThrows(GymException.class, () -> new GymHttpClient(cfg).create("CartPole-v1"));
    assertOneLine(e, "malformed JSON", "POST /v1/envs/");
  }

  @Test
  void aStepWithoutRewardIsMalformed() throws IOException {
    GymConfig cfg = serve(200, "application/json", "{\"observation\": [0, 0]}");
    GymException e = assertThrows(GymException.class, () -> new GymHttpClient(cfg).step("abc", IntNode.valueOf(1)));
    assertOneLine(e, "malformed JSON", "reward");
  }

  @Test
  void otherStatusCodesAreChecked() throws IOException {
    GymConfig cfg = serve(404, "text/plain", "Not Found");
    GymException e = assertThrows(GymException.class, () -> new GymHttpClient(cfg).listAll());
    assertOneLine(e, "HTTP 404", "Not Found");
  }

  @Test
  @Timeout(60) // a guard against a hang only: the server below answers after the test releases it
  void aSlowStepTimesOutAndIsNotSentAgain() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    GymConfig cfg = serve(ex -> {
      try {
        release.await(); // no answer while the client waits: only its timeout can end the call
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      answer(ex, 200, "application/json", "{}");
    });
    try {
      GymException e = assertThrows(GymException.class, () -> new GymHttpClient(cfg).step("abc", IntNode.valueOf(0)));
      assertOneLine(e, "did not answer POST /v1/envs/abc/step/ within 2 s", "not repeated");
      assertEquals(1, hits.get("POST /v1/envs/abc/step/").get());
    } finally {
      release.countDown();
    }
  }

  @Test
  void aStepWhoseConnectionDropsIsNotSentAgain() throws IOException {
    GymConfig cfg = serve(ex -> ex.close()); // the server dies mid-request: no answer at all
    GymException e = assertThrows(GymException.class, () -> new GymHttpClient(cfg).step("abc", IntNode.valueOf(0)));
    assertOneLine(e, "POST /v1/envs/abc/step/", "not repeated");
    assertEquals(1, hits.get("POST /v1/envs/abc/step/").get());
  }

  @Test
  void listAllReadsAllEnvs() throws IOException {
    GymConfig cfg = serve(200, "application/json", "{\"all_envs\": {\"3c657dbc\": \"CartPole-v1\"}}");
    assertEquals(Map.of("3c657dbc", "CartPole-v1"), new GymHttpClient(cfg).listAll());
  }

  @Test
  void shutdownPostsToV1Shutdown() throws IOException {
    GymConfig cfg = serve(200, "text/plain", "");
    new GymHttpClient(cfg).shutdown();
    assertEquals(1, hits.get("POST /v1/shutdown/").get());
  }

  @Test
  void theSeedIsSentWithReset() throws IOException {
    StringBuilder seen = new StringBuilder();
    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.createContext("/", ex -> {
      seen.append(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      answer(ex, 200, "application/json", "{\"observation\": 3}");
    });
    fake.start();
    GymConfig cfg = new GymConfig("http://127.0.0.1:" + fake.getAddress().getPort(), 2, 2, 0);
    assertEquals(3, new GymHttpClient(cfg).reset("abc", 42).asInt());
    assertTrue(seen.toString().contains("\"seed\":42"), seen.toString());
  }

  @Test
  void connectionsAreKeptAlive() throws IOException {
    Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    GymConfig cfg = serve(ex -> {
      clientPorts.add(ex.getRemoteAddress().getPort());
      answer(ex, 200, "application/json", "{\"all_envs\": {}}");
    });
    GymHttpClient client = new GymHttpClient(cfg);
    for (int i = 0; i < 5; i++) {
      client.listAll();
    }
    assertEquals(1, clientPorts.size(), "five requests, one connection: " + clientPorts);
  }

  @Test
  void connectingIsRetriedUntilTheServerIsUp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Thread late = new Thread(() -> {
      try {
        Thread.sleep(800);
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        fake.createContext("/", ex -> answer(ex, 200, "application/json", "{\"instance_id\": \"late\"}"));
        fake.start();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    late.start();
    GymConfig cfg = new GymConfig("http://127.0.0.1:" + port, 2, 2, 10);
    assertEquals("late", new GymHttpClient(cfg).create("CartPole-v1"));
    late.join();
  }

  @Test
  void configChecksItsValues() {
    assertThrows(dev.curio.core.config.ConfigException.class, () -> GymConfig.defaults().withUrl("localhost:5000"));
    assertThrows(dev.curio.core.config.ConfigException.class, () -> GymConfig.defaults().withTimeout(0));
    assertThrows(dev.curio.core.config.ConfigException.class, () -> GymConfig.defaults().withConnectRetries(-1));
    assertEquals("http://127.0.0.1:5000", GymConfig.defaults().withUrl("http://127.0.0.1:5000/").url());
  }
}
