package dev.curio.envs.vector;

import dev.curio.envs.EnvSpec;

/**
 * N copies of one env stepped in lockstep, with observations batched into one flat array
 * {@code [N, obsDim]} (row-major, env i at {@code i * obsDim}), flattened by the observation space.
 *
 * <p><b>Autoreset.</b> When env i ends on a step (terminated or truncated), it is reset within the
 * same {@link #step} call: {@link VectorStep#observations()} holds its new episode's first
 * observation, while {@link VectorStep#nextObservations()} keeps the true final observation for
 * bootstrapping and intrinsic rewards. Episode seeds for the resets come from per-env streams split
 * off the seed given to {@link #reset(long)}, so a run is reproducible whatever the threading.
 */
public interface VectorEnv<A> extends AutoCloseable {
  int numEnvs();

  /** The spec of one copy. */
  EnvSpec<?, A> spec();

  /** Length of one flattened observation. */
  int observationDim();

  /** Resets every copy; returns the first observations {@code [N, obsDim]}. */
  float[] reset(long seed);

  /** Steps every copy with its action ({@code actions.length == numEnvs()}), autoresetting finished ones. */
  VectorStep step(A[] actions);

  /** Everything needed to put the copies back where they are now (see {@link VectorEnvState}). */
  VectorEnvState<A> snapshot();

  /**
   * Puts the copies back to a snapshot taken from a vector env of the same env and size; returns the
   * current observations {@code [N, obsDim]}, as the last step (or reset) had given them.
   */
  float[] restore(VectorEnvState<A> state);

  @Override
  void close();
}
