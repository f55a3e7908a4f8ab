package dev.curio.gym;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code curio_gym_server.py}, a gym-http-api compatible server, run by the bundled CPython as a
 * child process on a loopback port. Port 0 lets the server pick a free port; {@link #url()} tells
 * which. The server exits when this JVM does (it watches its stdin) or on {@link #close()}.
 *
 * <pre>{@code
 * try (GymServer server = GymServer.start(0)) {
 *   Env<?, ?> env = Gym.make("CartPole-v1", GymConfig.defaults().withUrl(server.url()));
 * }
 * }</pre>
 */
public final class GymServer implements AutoCloseable {
  /** How long {@link #start} waits for the server to listen. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  private final Process process;
  private final String url;
  private final Deque<String> stderrTail;

  private GymServer(Process process, String url, Deque<String> stderrTail) {
    this.process = process;
    this.url = url;
    this.stderrTail = stderrTail;
  }

  /** Starts a server on {@code 127.0.0.1:port} ({@code 0}: any free port) and waits until it listens. */
  public static GymServer start(int port) {
    return start("127.0.0.1", port, null);
  }

  /**
   * Starts a server on {@code host:port} and waits until it listens.
   *
   * @param log receives the server's own output lines after start-up (null: dropped)
   * @throws GymException when the server does not start (port taken, Python missing, ...)
   */
  public static GymServer start(String host, int port, PrintWriter log) {
    if (port < 0 || port > 65535) {
      throw new GymException("port must be 0..65535, got " + port);
    }
    List<String> command = new ArrayList<>();
    ProcessBuilder pb;
    try {
      command.add(PythonRuntime.executable().getPath());
      command.add("-u");
      command.add(script().toString());
      command.addAll(List.of("--host", host, "--port", Integer.toString(port), "--exit-on-stdin-eof"));
      pb = new ProcessBuilder(command);
      pb.environment().putAll(PythonRuntime.processEnvironment());
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      throw new GymException("cannot prepare the bundled Python for the gym server: " + e, e);
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new GymException("cannot start the gym server: " + e.getMessage(), e);
    }
    Deque<String> tail = new ArrayDeque<>();
    CompletableFuture<String> ready = new CompletableFuture<>();
    daemon("curio-gym-server-stdout", () -> pump(p.getInputStream(), line -> {
      Matcher m = LISTENING.matcher(line);
      if (!ready.isDone() && m.find()) {
        ready.complete(m.group(1));
      } else if (log != null) {
        log.println(line);
        log.flush();
      }
    }));
    daemon("curio-gym-server-stderr", () -> pump(p.getErrorStream(), line -> {
      synchronized (tail) {
        tail.addLast(line);
        if (tail.size() > 20) {
          tail.removeFirst();
        }
      }
      if (log != null && ready.isDone()) {
        log.println(line);
        log.flush();
      }
    }));
    p.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException("exited")));
    try {
      String url = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new GymServer(p, url, tail);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      String why = lastLine(tail);
      throw new GymException("the gym server did not start on " + host + ":" + port
          + (e instanceof TimeoutException ? " within " + START_TIMEOUT.toSeconds() + " s" : "")
          + (why.isEmpty() ? "" : ": " + why), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new GymException("interrupted while starting the gym server", e);
    }
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234}; use it as {@code gym.url}. */
  public String url() {
    return url;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the server at once (SIGKILL), as a crash would; for tests of what clients do then. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until the server exits; returns its exit code. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** The last lines the server wrote to stderr (its errors). */
  public String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s). Calling it twice is fine. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
    }
  }

  private static String lastLine(Deque<String> tail) {
    synchronized (tail) {
      return tail.isEmpty() ? "" : GymHttpClient.oneLine(tail.peekLast());
    }
  }

  /** The server script, copied out of the jar once per JVM. */
  static synchronized Path script() throws IOException {
    if (scriptFile == null || !Files.exists(scriptFile)) {
      Path f = Files.createTempFile("curio_gym_server", ".py");
      f.toFile().deleteOnExit();
      try (InputStream in = GymServer.class.getResourceAsStream("curio_gym_server.py")) {
        if (in == null) {
          throw new IOException("curio_gym_server.py is missing from the curio-gym jar");
        }
        Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
      }
      scriptFile = f;
    }
    return scriptFile;
  }

  private static Path scriptFile;

  private static void pump(InputStream in, java.util.function.Consumer<String> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        sink.accept(line);
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

}
