package dev.curio.agents;

/**
 * Actions chosen for N envs.
 *
 * @param actions {@code [N]} discrete actions
 * @param logProbs {@code [N]} log-probability of each action under the acting policy
 */
public record ActionBatch(int[] actions, float[] logProbs) {
  public ActionBatch {
    if (actions.length != logProbs.length) {
      throw new IllegalArgumentException("need one log-probability per action");
    }
  }
}
