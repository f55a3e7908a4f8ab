package dev.curio.agents;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Chooses actions for a batch of observations in one forward pass of a policy at a known parameter
 * version. An actor never changes the policy's parameters; it only {@link #load}s versions a learner
 * published.
 */
public interface Actor {
  /**
   * @param observations {@code [N, ...obsShape]} one row per env (or per agent of each env)
   * @return one action per row, with its log-probability, the distribution it came from, the values
   *     and the version that acted
   */
  ActionBatch act(INDArray observations);

  /**
   * Acts for rows of known tasks (a multi-task run): {@code taskIds[i]} is row i's task, so the values
   * are those of its task's value heads. An actor of a single-task policy takes all-zero ids.
   */
  default ActionBatch act(INDArray observations, int[] taskIds) {
    Policy.requireSingleTask(taskIds, "actor");
    return act(observations);
  }

  /** The parameter version the next {@link #act} uses. */
  long version();

  /** Switches to published parameters. */
  void load(PolicyParameters parameters);
}
