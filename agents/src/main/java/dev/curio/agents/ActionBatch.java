package dev.curio.agents;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Actions chosen for N rows (envs, or agents of envs) by one {@link Actor#act} call.
 *
 * @param actions {@code [N * D]} row-major: row i's D action values together (integer-valued for
 *     discrete distributions; D = 1 for {@code Discrete})
 * @param actionDim D
 * @param logProbs {@code [N]} log-probability of each row's action under the acting policy
 * @param params {@code [N, P]} the distribution each action was drawn from
 * @param values {@code [N, K]} the policy's value estimates of the observations
 * @param version the parameter version that acted
 */
public record ActionBatch(float[] actions, int actionDim, float[] logProbs, INDArray params, INDArray values,
                          long version) {
  public ActionBatch {
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(logProbs, "logProbs");
    if (actionDim < 1 || actions.length != logProbs.length * actionDim) {
      throw new IllegalArgumentException("need " + actionDim + " action values per log-probability, got "
          + actions.length + " values for " + logProbs.length + " rows");
    }
  }

  /** Rows N. */
  public int size() {
    return logProbs.length;
  }

  /** Row i's action of a one-dimensional discrete distribution. */
  public int discrete(int i) {
    return (int) actions[i * actionDim];
  }

  /** Row i's D action values (a copy). */
  public float[] action(int i) {
    float[] a = new float[actionDim];
    System.arraycopy(actions, i * actionDim, a, 0, actionDim);
    return a;
  }
}
