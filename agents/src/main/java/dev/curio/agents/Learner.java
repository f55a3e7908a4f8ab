package dev.curio.agents;

import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;

/**
 * Owns a {@link Policy} and its optimiser and turns trajectories into updates.
 *
 * <p>Call order per iteration, enforced by the training loop: an {@link Actor} collects a
 * {@link Trajectory} with the policy at a known version; every intrinsic reward module computes its
 * stream on it (pure); then {@link #learn} runs once, and only then may reward modules and encoders
 * train. Nothing may change the policy's parameters between collection and {@code learn}, or the
 * stored log-probabilities would be stale. After {@code learn} the policy's version is one higher
 * and {@link #publish} gives the new parameters to actors that hold a copy.
 *
 * <p>{@link #save} and {@link #restore} carry everything needed to continue exactly: parameters,
 * optimiser state, RNG state and counters.
 */
public interface Learner {
  /** The policy this learner trains (the same instance across calls). */
  Policy policy();

  /**
   * @param trajectory the collected steps, time-major {@code [T, N, ...]}
   * @param streams one {@code [T, N]} reward array per value head, extrinsic first
   */
  LearnerStats learn(Trajectory trajectory, RewardStreams streams);

  /** The current parameters, stamped with their version, for actors to {@link Actor#load}. */
  default PolicyParameters publish() {
    return policy().parameters();
  }

  Snapshot save();

  void restore(Snapshot snapshot);

  /**
   * Wall time spent in network calls inside {@link #learn} so far, for the loop's profile (the rest
   * of learn counts as host work); 0 if the learner does not measure it.
   */
  default long networkNanos() {
    return 0;
  }
}
