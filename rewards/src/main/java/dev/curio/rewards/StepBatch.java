package dev.curio.rewards;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of N envs in lockstep, as {@link IntrinsicReward#observe} sees it.
 *
 * @param observations {@code [N, ...obsShape]} what the actor saw
 * @param actions {@code [N]} the actions taken (integer-valued; when the agents also send messages, the world
 *     action alone), or {@code [N, D]} floats when the action space is a {@code Box} (only modules that do not
 *     {@link IntrinsicReward#readsActions() read actions} see those)
 * @param nextObservations {@code [N, ...obsShape]} the true successors (at an episode's end its final
 *     observation, never the reset one)
 * @param terminated per env: the MDP ended at this step
 * @param truncated per env: the episode was cut off from outside at this step
 */
public record StepBatch(INDArray observations, INDArray actions, INDArray nextObservations, boolean[] terminated,
                        boolean[] truncated) {
  public StepBatch {
    Objects.requireNonNull(observations, "observations");
    long n = observations.size(0);
    if (actions.rank() == 0 || actions.size(0) != n || nextObservations.size(0) != n || terminated.length != n || truncated.length != n
        || !Arrays.equals(observations.shape(), nextObservations.shape())) {
      throw new IllegalArgumentException("a step batch needs N = " + n + " of everything, got actions "
          + Arrays.toString(actions.shape()) + ", next observations " + Arrays.toString(nextObservations.shape())
          + ", " + terminated.length + " terminated and " + truncated.length + " truncated flags");
    }
    terminated = terminated.clone();
    truncated = truncated.clone();
  }

  /** Number of envs N. */
  public int envs() {
    return terminated.length;
  }

  @Override
  public boolean[] terminated() {
    return terminated.clone();
  }

  @Override
  public boolean[] truncated() {
    return truncated.clone();
  }
}
