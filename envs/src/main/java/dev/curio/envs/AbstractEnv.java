package dev.curio.envs;

import dev.curio.core.Rng;

/**
 * Lifecycle checks shared by the built-in worlds: reset before step, no step after the episode
 * ended or after close, actions the world accepts (by default: inside the action space, see
 * {@link #validateAction}), and a fresh {@link Rng} from each reset's seed. Subclasses write only the
 * dynamics in {@link #onReset} and {@link #onStep}.
 */
public abstract class AbstractEnv<O, A> implements Env<O, A> {
  private enum Phase { NEW, RUNNING, ENDED, CLOSED }

  private Phase phase = Phase.NEW;
  /** The episode's random stream, made from the seed given to {@link #reset(long)}. */
  protected Rng rng = new Rng(0);

  /** Starts an episode; {@link #rng} is already seeded. */
  protected abstract Reset<O> onReset();

  /** One transition; {@code action} has already passed {@link #validateAction}. */
  protected abstract Step<O> onStep(A action);

  @Override
  public final Reset<O> reset(long seed) {
    if (phase == Phase.CLOSED) {
      throw new IllegalStateException("env " + spec().id() + " is closed; make a new one");
    }
    rng = new Rng(seed);
    Reset<O> r = onReset();
    phase = Phase.RUNNING;
    return r;
  }

  @Override
  public final Step<O> step(A action) {
    switch (phase) {
      case NEW -> throw new IllegalStateException("env " + spec().id() + ": step() before reset(); call reset(seed) first");
      case ENDED -> throw new IllegalStateException("env " + spec().id() + ": step() after the episode ended; call reset(seed) first");
      case CLOSED -> throw new IllegalStateException("env " + spec().id() + " is closed; make a new one");
      default -> { }
    }
    validateAction(action);
    Step<O> s = onStep(action);
    if (s.done()) {
      phase = Phase.ENDED;
    }
    return s;
  }

  /**
   * Throws an {@link IllegalArgumentException} naming the env and the action if this world refuses
   * {@code action}; {@link #step} calls it before {@link #onStep}. By default it refuses anything
   * outside the action space. A world that clips out-of-range values, as Gym's continuous-control
   * tasks do, overrides it to refuse only what it cannot clip (null, wrong length, NaN) and says so in
   * its Javadoc.
   */
  protected void validateAction(A action) {
    checkInSpace(this, action);
  }

  /** Whether an episode is under way (reset done, not yet ended). */
  protected final boolean running() {
    return phase == Phase.RUNNING;
  }

  @Override
  public void close() {
    phase = Phase.CLOSED;
  }

  /**
   * Throws an {@link IllegalArgumentException} naming the env and the action if {@code env} would refuse
   * it: an {@code AbstractEnv} by its own {@link #validateAction}, any other env (a wrapper included) if
   * the action is outside its action space.
   */
  public static <A> void checkAction(Env<?, A> env, A action) {
    if (env instanceof AbstractEnv<?, A> base) {
      base.validateAction(action);
    } else {
      checkInSpace(env, action);
    }
  }

  private static <A> void checkInSpace(Env<?, A> env, A action) {
    if (!env.spec().actionSpace().contains(action)) {
      throw new IllegalArgumentException("env " + env.spec().id() + ": action " + describe(action)
          + " is outside the action space " + env.spec().actionSpace());
    }
  }

  static String describe(Object action) {
    if (action instanceof int[] a) {
      return java.util.Arrays.toString(a);
    }
    if (action instanceof float[] a) {
      return java.util.Arrays.toString(a);
    }
    return String.valueOf(action);
  }
}
