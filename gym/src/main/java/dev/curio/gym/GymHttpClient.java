package dev.curio.gym;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the gym-http-api protocol (openai/gym-http-api, and {@link GymServer}) on
 * {@code java.net.http} and Jackson. One instance per {@link GymConfig} is shared by all remote envs
 * ({@link #of}); its connections are kept alive between requests.
 *
 * <p>Every answer's status code is checked. A server's {@code {"message": ...}} error becomes the
 * {@link GymException}'s message; an HTML 500 page is reported as an incompatible server; a body that
 * is not JSON is reported as malformed. A connection that is refused or not made within
 * {@code gym.connectTimeout} is retried {@code gym.connectRetries} times, 0.5 s apart: such a request
 * never reached the server. Once a request may have been sent, it is never sent again: a step that
 * times out or loses its connection fails, so no action is ever applied twice. Every answer is awaited
 * at most {@code gym.timeout}, and the closes of all envs together at most that once ({@link #close}).
 *
 * <p>Why not {@code org.deeplearning4j:gym-java-client} (last release 1.0.0-beta6): see docs/gym.md.
 */
public final class GymHttpClient {
  private static final ObjectMapper JSON = jsonMapper();
  private static final Map<GymConfig, GymHttpClient> SHARED = new ConcurrentHashMap<>();
  private static final long RETRY_PAUSE_MS = 500;

  private final GymConfig config;
  private final String base;
  private final HttpClient http;

  private static final long NO_DEADLINE = Long.MIN_VALUE;
  /** Guards {@link #closeDeadline}. */
  private final Object closing = new Object();
  /** {@code System.nanoTime()} by which the closes under way must be answered, or {@link #NO_DEADLINE}. */
  private long closeDeadline = NO_DEADLINE;
  /** A request went unanswered for {@code gym.timeout} and none has been answered since: closes do not wait. */
  private volatile boolean silent;
  private final AtomicInteger unansweredCloses = new AtomicInteger();

  /** A new client of {@code config.url()}. */
  public GymHttpClient(GymConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    if (!config.remote()) {
      throw new IllegalArgumentException("a GymHttpClient needs gym.url");
    }
    this.base = config.url();
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeoutDuration())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The client shared by every env made with {@code config}. */
  public static GymHttpClient of(GymConfig config) {
    return SHARED.computeIfAbsent(config, GymHttpClient::new);
  }

  /** JSON as Python's {@code json} module writes it: {@code Infinity}, {@code NaN} allowed. */
  static ObjectMapper jsonMapper() {
    return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  }

  public GymConfig config() {
    return config;
  }

  /** {@code POST /v1/envs/}: makes gym's {@code envId} on the server; returns its instance id. */
  public String create(String envId) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("env_id", envId);
    JsonNode answer = send("POST", "/v1/envs/", body);
    return text(answer, "instance_id", "POST /v1/envs/");
  }

  /** {@code GET /v1/envs/}: instance id to env id of every env on the server. */
  public Map<String, String> listAll() {
    JsonNode answer = send("GET", "/v1/envs/", null);
    JsonNode all = answer.path("all_envs");
    if (!all.isObject()) {
      throw malformed("GET /v1/envs/", "no all_envs object in " + abbreviate(answer.toString()));
    }
    Map<String, String> out = new LinkedHashMap<>();
    all.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** {@code POST /v1/envs/{id}/reset/} with {@code {"seed": seed}}; returns the observation. */
  public JsonNode reset(String instance, long seed) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("seed", seed);
    String what = "POST /v1/envs/" + instance + "/reset/";
    JsonNode answer = send("POST", "/v1/envs/" + instance + "/reset/", body);
    if (!answer.has("observation")) {
      throw malformed(what, "no observation in " + abbreviate(answer.toString()));
    }
    return answer.get("observation");
  }

  /** One step's answer: observation, reward, gym's {@code done}, and {@code info}. */
  public record StepAnswer(JsonNode observation, double reward, boolean done, JsonNode info) {
    /** gym's TimeLimit wrapper sets {@code info["TimeLimit.truncated"]} when it cut the episode. */
    public boolean truncated() {
      return info != null && info.path("TimeLimit.truncated").asBoolean(false);
    }
  }

  /** {@code POST /v1/envs/{id}/step/} with {@code {"action": action}}; sent at most once. */
  public StepAnswer step(String instance, JsonNode action) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("action", action);
    body.put("render", false);
    String what = "POST /v1/envs/" + instance + "/step/";
    JsonNode a = send("POST", "/v1/envs/" + instance + "/step/", body);
    JsonNode reward = a.get("reward");
    JsonNode done = a.get("done");
    if (!a.has("observation") || reward == null || !reward.isNumber() || done == null || !done.isBoolean()) {
      throw malformed(what, "expected observation, reward and done in " + abbreviate(a.toString()));
    }
    return new StepAnswer(a.get("observation"), reward.asDouble(), done.asBoolean(), a.path("info"));
  }

  /** {@code GET /v1/envs/{id}/action_space/}: the space's {@code info} object. */
  public JsonNode actionSpace(String instance) {
    return space(instance, "action_space");
  }

  /** {@code GET /v1/envs/{id}/observation_space/}: the space's {@code info} object. */
  public JsonNode observationSpace(String instance) {
    return space(instance, "observation_space");
  }

  private JsonNode space(String instance, String which) {
    String path = "/v1/envs/" + instance + "/" + which + "/";
    JsonNode info = send("GET", path, null).path("info");
    if (!info.isObject()) {
      throw malformed("GET " + path, "no info object");
    }
    return info;
  }

  /**
   * {@code POST /v1/envs/{id}/close/}: frees the env on the server, waiting for the answer at most until
   * the closing deadline this client's closes share, so that closing any number of envs one after the
   * other (as a vector env does) waits at most {@code gym.timeout} in all:
   *
   * <ul>
   *   <li>a close opens a deadline {@code gym.timeout} ahead unless one is open; closes that begin before
   *       it passes, or less than {@code gym.timeout} after it passed, wait only until it;</li>
   *   <li>once a request of this client went unanswered for {@code gym.timeout} (a close, or a step of a
   *       server that stopped answering), later closes do not wait at all, until another request is
   *       answered.</li>
   * </ul>
   *
   * A close that is not answered in time is left to finish on its own (a server that wakes up still
   * frees the env); one connection attempt only, since a server that is gone has nothing to free.
   *
   * @throws GymException when the server refuses the connection, answers with an error, or does not
   *     answer before the deadline (counted in {@link #unansweredCloses()})
   */
  public void close(String instance) {
    String path = "/v1/envs/" + instance + "/close/";
    String what = "POST " + path;
    long timeoutNanos = config.timeoutDuration().toNanos();
    CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request("POST", path, null),
        HttpResponse.BodyHandlers.ofString());
    long waitNanos;
    boolean wasSilent;
    synchronized (closing) {
      long now = System.nanoTime();
      // a close after the last deadline passed opens a new one; a server that let a close time out is
      // silent, and later closes do not wait for it at all
      if (closeDeadline == NO_DEADLINE || now >= closeDeadline) {
        closeDeadline = now + timeoutNanos;
      }
      wasSilent = silent;
      waitNanos = wasSilent ? 0 : Math.max(0, closeDeadline - now);
    }
    HttpResponse<String> response;
    try {
      response = answer.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw unanswered(what, waitNanos, wasSilent, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
        throw unanswered(what, waitNanos, wasSilent, cause); // the request's own timeout fired first: the same silence
      }
      if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
        throw new GymException("no gym server answers at " + base + " (" + reason((IOException) cause)
            + ") to " + what + "; nothing to close there", cause);
      }
      String reason = cause instanceof IOException io ? reason(io) : String.valueOf(cause);
      throw new GymException("lost the connection to the gym server at " + base + " during " + what + " (" + reason
          + ")", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GymException("interrupted while closing env " + instance + " on the gym server at " + base, e);
    }
    read(response, what);
  }

  private GymException unanswered(String what, long waitedNanos, boolean wasSilent, Throwable cause) {
    if (waitedNanos > 0) {
      silent = true; // it waited and heard nothing: the server stopped answering
    }
    unansweredCloses.incrementAndGet();
    String why = waitedNanos > 0 ? " before the closing deadline (gym.timeout, " + seconds(config.timeout())
        + ", shared by all closes); later closes do not wait"
        : wasSilent ? " at once, and an earlier request went unanswered; not waiting for it"
        : " at once, and the closing deadline (gym.timeout, shared by all closes) has passed; not waiting for it";
    return new GymException("the gym server at " + base + " did not answer " + what + why
        + " (the env may stay on the server)", cause);
  }

  /** Closes that went unanswered (see {@link #close}) since this client was made. */
  public int unansweredCloses() {
    return unansweredCloses.get();
  }

  /** {@code POST /v1/shutdown/}: asks the server to stop. */
  public void shutdown() {
    send("POST", "/v1/shutdown/", null);
  }

  // ---------------------------------------------------------------- one request

  private JsonNode send(String method, String path, JsonNode body) {
    return send(method, path, body, config.connectRetries() + 1);
  }

  private HttpRequest request(String method, String path, JsonNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(config.timeoutDuration())
        .header("Accept", "application/json");
    if ("POST".equals(method)) {
      String text = body == null ? "{}" : body.toString();
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text));
    } else {
      b.GET();
    }
    return b.build();
  }

  private JsonNode send(String method, String path, JsonNode body, int attempts) {
    String what = method + " " + path;
    HttpRequest request = request(method, path, body);
    HttpResponse<String> response = null;
    for (int attempt = 1; response == null; attempt++) {
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // not connected: the server never saw this request, so trying again cannot apply anything twice
        if (attempt >= attempts) {
          throw new GymException("no gym server answers at " + base + " (" + reason(e) + ", " + attempts
              + (attempts == 1 ? " attempt" : " attempts") + "); start one with `curio gym-server` or check gym.url", e);
        }
        pause();
      } catch (HttpTimeoutException e) {
        silent = true;
        throw new GymException("the gym server at " + base + " did not answer " + what + " within "
            + seconds(config.timeout()) + " (gym.timeout); the request is not repeated", e);
      } catch (IOException e) {
        throw new GymException("lost the connection to the gym server at " + base + " during " + what + " ("
            + reason(e) + "); the request is not repeated", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GymException("interrupted while waiting for the gym server at " + base + " (" + what + ")", e);
      }
    }
    silent = false;
    return read(response, what);
  }

  private JsonNode read(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      if (body.isBlank()) {
        return JsonNodeFactory.instance.objectNode();
      }
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw malformed(what, e.getOriginalMessage() + " in " + abbreviate(body));
      }
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    String trimmed = body.stripLeading();
    boolean html = contentType.contains("html") || trimmed.startsWith("<");
    if (html && status >= 500) {
      throw new GymException("the gym server at " + base + " failed with an HTML " + status + " page on " + what
          + "; it is probably incompatible (usually a gym version whose spaces or observations it cannot"
          + " serialise to JSON); try `curio gym-server`");
    }
    String message = null;
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.path("message").isTextual()) {
        message = node.get("message").asText();
      }
    } catch (JsonProcessingException ignored) {
      // not JSON: quote the body below
    }
    if (message != null) {
      throw new GymException("gym server: " + oneLine(message) + " (HTTP " + status + " on " + what + ")");
    }
    throw new GymException("the gym server at " + base + " answered " + what + " with HTTP " + status
        + (body.isBlank() ? "" : ": " + abbreviate(body)));
  }

  private GymException malformed(String what, String detail) {
    return new GymException("the gym server at " + base + " answered " + what + " with malformed JSON: "
        + oneLine(detail));
  }

  private static String text(JsonNode node, String field, String what) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new GymException("the gym server answered " + what + " without " + field + ": " + abbreviate(node.toString()));
    }
    return v.asText();
  }

  private static String reason(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "connect timed out";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : oneLine(m);
  }

  private static String seconds(double s) {
    return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GymException("interrupted while retrying to connect to the gym server");
    }
  }

  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static String abbreviate(String s) {
    String one = oneLine(s);
    return one.length() <= 160 ? one : one.substring(0, 157) + "...";
  }
}
