package dev.curio.envs.wrappers;

import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Step;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes every {@link #step} of the inner env take {@code delay} longer: it waits out the delay, then
 * steps. A stand-in for an env whose step waits on something outside this thread (a simulator process,
 * a robot, a game server), for measuring what actors buy when the envs, not the learner, are the limit
 * ({@code curio bench distributed}). {@code reset} is not slowed.
 *
 * <p><b>It sleeps</b> ({@link LockSupport#parkNanos}, again until the deadline has passed), it does not
 * spin: the waiting thread leaves its core to others, as a thread blocked on a simulator's socket does.
 * Several slowed actors on one core therefore overlap their waits. The wait overshoots by the
 * scheduler's timer slack and wake-up latency: a {@code 1ms} wait took 1.09-1.13 ms on a 2-core machine
 * at load 7 (Linux). An interrupt ends the wait early and stays set.
 *
 * <p>Ids: {@code slow:<n>ms:<id>} or {@code slow:<n>us:<id>} is the world {@code id} slowed by n
 * milliseconds or microseconds per step ({@link #parse}); the command line's env resolution builds it.
 */
public final class SlowStep<O, A> extends Wrapper<O, A> {
  /** The prefix of a slowed env's id. */
  public static final String PREFIX = "slow:";
  /** The longest delay a slowed id may ask for, in nanoseconds (one minute). */
  public static final long MAX_DELAY_NANOS = 60_000_000_000L;

  private static final Pattern ID = Pattern.compile("slow:([0-9]{1,11})(ms|us):(.+)");

  private final long delayNanos;
  private final EnvSpec<O, A> spec;

  /**
   * {@code env} whose steps each take {@code delayNanos} (whole microseconds, 1 µs to one minute) longer, under
   * the id {@code slow:<n>ms:<inner id>} (or {@code <n>us} when the delay is not whole milliseconds).
   */
  public SlowStep(Env<O, A> env, long delayNanos) {
    this(env, delayNanos, PREFIX + (delayNanos % 1_000_000 == 0 ? delayNanos / 1_000_000 + "ms"
        : delayNanos / 1_000 + "us") + ":" + env.spec().id());
  }

  /**
   * As {@link #SlowStep(Env, long)}, under the id {@code id}: the one the world was asked for by (a run's config
   * names its env by the id its spec reports).
   */
  public SlowStep(Env<O, A> env, long delayNanos, String id) {
    super(env);
    if (delayNanos < 1_000 || delayNanos > MAX_DELAY_NANOS || delayNanos % 1_000 != 0) {
      throw new IllegalArgumentException("SlowStep on " + env.spec().id() + ": the delay must be whole microseconds"
          + " from 1 us to 60 s, got " + delayNanos + " ns");
    }
    this.delayNanos = delayNanos;
    EnvSpec<O, A> inner = env.spec();
    this.spec = new EnvSpec<>(id, inner.observationSpace(), inner.actionSpace(), inner.maxEpisodeSteps());
  }

  /** The delay added to every step, in nanoseconds. */
  public long delayNanos() {
    return delayNanos;
  }

  /** The inner env's spec under this env's id. */
  @Override
  public EnvSpec<O, A> spec() {
    return spec;
  }

  @Override
  public Step<O> step(A action) {
    long deadline = System.nanoTime() + delayNanos;
    long left = delayNanos;
    while (left > 0 && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(left);
      left = deadline - System.nanoTime();
    }
    try {
      return env.step(action);
    } catch (IllegalArgumentException e) {
      // the inner world decides what it accepts (some clip a Box action); the message names this env's id too
      throw new IllegalArgumentException("env " + spec.id() + ": " + e.getMessage(), e);
    }
  }

  /** A slowed env's id taken apart: the delay per step and the id of the world slowed. */
  public record Id(long delayNanos, String inner) {}

  /** Whether {@code id} names a slowed env ({@code slow:...}), well formed or not. */
  public static boolean isSlowId(String id) {
    return id != null && id.startsWith(PREFIX);
  }

  /**
   * The delay and inner id of {@code slow:<n>ms:<id>} or {@code slow:<n>us:<id>} (n at least 1, at most
   * a minute).
   *
   * @throws IllegalArgumentException with one line naming the id and the expected form, for any other
   *     {@code slow:} id
   */
  public static Id parse(String id) {
    Matcher m = ID.matcher(id == null ? "" : id);
    if (!m.matches()) {
      throw new IllegalArgumentException("env '" + oneLine(id) + "': a slowed env is slow:<n>ms:<id> or"
          + " slow:<n>us:<id>, e.g. slow:1ms:CartPole-v1");
    }
    long n = Long.parseLong(m.group(1));
    long unit = m.group(2).equals("ms") ? 1_000_000L : 1_000L;
    if (n < 1 || n > MAX_DELAY_NANOS / unit) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "env '%s': the delay per step must be 1 to %d%s,"
          + " got %d%s", oneLine(id), MAX_DELAY_NANOS / unit, m.group(2), n, m.group(2)));
    }
    return new Id(n * unit, m.group(3));
  }

  private static String oneLine(String s) {
    String t = String.valueOf(s).replaceAll("[\\r\\n\\t]", " ");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
