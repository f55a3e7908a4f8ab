package dev.curio.envs;

/**
 * A single-agent environment: {@link #reset(long)} starts an episode, {@link #step} advances it.
 *
 * <p>Call order: {@code reset} before the first {@code step}; after a step that returned
 * {@code terminated} or {@code truncated}, call {@code reset} again before stepping. A step out of
 * order is an {@link IllegalStateException}; an action outside {@code spec().actionSpace()} is an
 * {@link IllegalArgumentException} naming the env, the action and the space, except where a world
 * documents that it clips out-of-range values into a {@code Box} as Gym does (then only malformed
 * actions, such as null, the wrong length or NaN, are refused). The same seed gives the
 * same episode for the same actions. Implementations are used by one thread at a time.
 *
 * @param <O> observation type, an element of {@code spec().observationSpace()}
 * @param <A> action type, an element of {@code spec().actionSpace()}
 */
public interface Env<O, A> extends AutoCloseable {
  /** Identity and spaces; constant over the env's life. */
  EnvSpec<O, A> spec();

  /** Starts a new episode whose randomness is fixed by {@code seed}. */
  Reset<O> reset(long seed);

  /** Applies {@code action}; the returned step holds the true successor observation. */
  Step<O> step(A action);

  /** A text picture of the current state, for terminals and docs. */
  default String render() {
    return spec().id() + " has no text render";
  }

  /** Releases resources. Calling it twice is fine. */
  @Override
  default void close() {}
}
