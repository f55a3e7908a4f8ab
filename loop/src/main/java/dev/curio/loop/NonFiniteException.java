package dev.curio.loop;

/**
 * A value the run depends on came out NaN or infinite, and the config's {@code nonFinite} is
 * {@code stop}: a reward (the env's, or a reward module's {@code [T, N]} output), an advantage, the
 * learner's loss or gradient norm, or the policy's parameters after learning. Thrown by
 * {@link TrainingLoop#iterate()} before observers see the iteration, so a checkpointer keeps the
 * state after the iteration before. The message is one line: the iteration, the stream, module or
 * learner, and the quantity, e.g. {@code iteration 12: the rnd stream's intrinsic reward is Infinity
 * at step 3 of env 5}.
 */
public final class NonFiniteException extends RuntimeException {
  private final int iteration;

  /**
   * @param iteration the iteration that met the value, counted from 1 as in metrics.csv
   * @param what the stream, module or learner and the quantity, e.g. {@code the learner's value loss is NaN}
   */
  public NonFiniteException(int iteration, String what) {
    super("iteration " + iteration + ": " + what);
    this.iteration = iteration;
  }

  /** The iteration that met the value (the state after {@code iteration - 1} is the last one checked whole). */
  public int iteration() {
    return iteration;
  }
}
