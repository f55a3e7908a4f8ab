package dev.curio.agents;

import dev.curio.core.rollout.RewardStreams;
import dev.curio.core.rollout.Rollout;
import dev.curio.core.state.Snapshot;

/**
 * Improves a policy from rollouts. Call order per iteration: the loop collects a rollout with the
 * learner's actor, the reward modules compute their streams, then {@link #learn} runs once.
 * {@link #save} and {@link #restore} carry everything needed to continue exactly: parameters,
 * optimiser state, RNG state and counters.
 */
public interface Learner {
  /**
   * @param rollout the collected steps, time-major {@code [T, N, ...]}
   * @param streams one {@code [T, N]} reward array per value head, extrinsic first
   */
  LearnerStats learn(Rollout rollout, RewardStreams streams);

  Snapshot save();

  void restore(Snapshot snapshot);
}
