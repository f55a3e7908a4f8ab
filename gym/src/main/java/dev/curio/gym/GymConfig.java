package dev.curio.gym;

import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Where gym envs run and how long to wait for them (config keys {@code gym.*}).
 *
 * @param url a gym-http-api server, e.g. {@code http://127.0.0.1:5000}; {@code null} runs gym in the
 *     JVM on the bundled CPython
 * @param connectTimeout seconds to wait for a TCP connection to the server
 * @param timeout seconds to wait for any one answer of the server (a step, a reset, a make)
 * @param connectRetries further connection attempts after a refused or timed-out connect, 0.5 s
 *     apart, before giving up; a request the server may have received (a step) is never sent twice
 */
public record GymConfig(String url, double connectTimeout, double timeout, int connectRetries) {
  public GymConfig {
    if (url != null) {
      Check.notBlank("gym.url", url);
      url = checkUrl(url);
    }
    Check.positive("gym.connectTimeout", connectTimeout);
    Check.positive("gym.timeout", timeout);
    Check.nonNegative("gym.connectRetries", connectRetries);
    // Durations past a day only overflow the HTTP client's deadline arithmetic; nobody waits that long
    Check.that(connectTimeout <= MAX_SECONDS, "gym.connectTimeout", "must be at most " + (int) MAX_SECONDS
        + " (a day), got " + connectTimeout);
    Check.that(timeout <= MAX_SECONDS, "gym.timeout", "must be at most " + (int) MAX_SECONDS + " (a day), got " + timeout);
    Check.that(connectRetries <= MAX_RETRIES, "gym.connectRetries", "must be at most " + MAX_RETRIES + ", got "
        + connectRetries);
  }

  /** The longest {@link #timeout} and {@link #connectTimeout}, in seconds. */
  public static final double MAX_SECONDS = 86_400;

  /** The most {@link #connectRetries} (0.5 s apart). */
  public static final int MAX_RETRIES = 1000;

  /** Gym in the JVM; 5 s to connect, 30 s per answer and 3 retries once a url is set. */
  public static GymConfig defaults() {
    return new GymConfig(null, 5, 30, 3);
  }

  /** The same timeouts against the server at {@code url}. */
  public GymConfig withUrl(String u) {
    return new GymConfig(u, connectTimeout, timeout, connectRetries);
  }

  public GymConfig withTimeout(double seconds) {
    return new GymConfig(url, connectTimeout, seconds, connectRetries);
  }

  public GymConfig withConnectRetries(int retries) {
    return new GymConfig(url, connectTimeout, timeout, retries);
  }

  /** Whether envs run on a server ({@link #url} set) rather than in the JVM. */
  public boolean remote() {
    return url != null;
  }

  public Duration connectTimeoutDuration() {
    return Duration.ofMillis(Math.max(1, Math.round(connectTimeout * 1000)));
  }

  public Duration timeoutDuration() {
    return Duration.ofMillis(Math.max(1, Math.round(timeout * 1000)));
  }

  private static String checkUrl(String url) {
    String u = url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    try {
      URI uri = new URI(u);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new ConfigException("gym.url", "must be an http:// or https:// URL with a host, e.g."
            + " http://127.0.0.1:5000, got '" + url + "'");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException("gym.url", "is not a URL (" + e.getReason() + "): '" + url + "'");
    }
    return u;
  }
}
