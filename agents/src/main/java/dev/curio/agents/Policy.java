package dev.curio.agents;

import dev.curio.agents.dist.ActionDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network plus the action distribution it parameterises: for a batch of observations, the
 * distribution's parameters and one value estimate per reward stream, in one forward pass.
 *
 * <p>A policy has a parameter <i>version</i>, which its {@link Learner} raises with every update; an
 * {@link Actor} stamps each step it takes with the version that chose it, so a learner can tell how
 * far a trajectory lags (V-trace) and a checkpoint can say which parameters acted. A policy instance
 * is used by one thread (DL4J networks are not thread-safe); an actor on another thread gets its own
 * copy and {@link #load}s what the learner publishes.
 */
public interface Policy {
  /** The action distribution the parameters describe. */
  ActionDistribution distribution();

  /** Value outputs K, one per reward stream. */
  int valueHeads();

  /**
   * @param observations {@code [B, ...obsShape]} (or {@code [B, obsDim]}) one row per env or agent
   * @return distribution parameters {@code [B, P]} and values {@code [B, K]}
   */
  Output forward(INDArray observations);

  /**
   * One forward pass for rows of known tasks: {@code taskIds[i]} (in {@code 0 .. tasks()-1}) is row
   * i's task, and its values are that task's, one per reward stream. The default serves single-task
   * policies and takes only all-zero ids.
   */
  default Output forward(INDArray observations, int[] taskIds) {
    requireSingleTask(taskIds, "policy");
    return forward(observations);
  }

  /** The tasks the policy has value heads for (1 unless built for a multi-task run). */
  default int tasks() {
    return 1;
  }

  /** Refuses task ids other than 0 for a single-task {@code who}. */
  static void requireSingleTask(int[] taskIds, String who) {
    for (int i = 0; i < taskIds.length; i++) {
      if (taskIds[i] != 0) {
        throw new IllegalArgumentException("this " + who + " has one task, but row " + i + " is of task " + taskIds[i]);
      }
    }
  }

  /** The version of the current parameters: 0 at initialisation, +1 per learner update. */
  long version();

  /** Number of trainable parameters. */
  long numParams();

  /** A copy of all parameters as one flat vector, stamped with {@link #version()}. */
  PolicyParameters parameters();

  /** Replaces all parameters (and the version) with published ones of a policy of the same shape. */
  void load(PolicyParameters parameters);

  /**
   * One forward pass.
   *
   * @param params {@code [B, P]} distribution parameters (logits, or mean and log-std)
   * @param values {@code [B, K]} value estimates, one column per reward stream
   */
  record Output(INDArray params, INDArray values) {}
}
