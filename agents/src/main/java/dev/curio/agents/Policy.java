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
