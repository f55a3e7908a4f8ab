package dev.curio.loop;

import dev.curio.agents.PolicyParameters;

/**
 * Where an IMPALA learner's rollouts come from when its actors are not the loop's own threads (actors
 * in other JVMs: curio-cluster's learner node). The loop calls {@link #publish} with the learner's
 * parameters before its first {@link #poll} and after every learn, and takes rollouts with {@link #poll}
 * from its own thread until it has {@code numEnvs} columns; staleness ({@code impala.maxStaleness}),
 * joining and counting are the loop's, as for actor threads. Build the loop with {@link
 * TrainingLoop#fedBy}.
 */
public interface TrajectorySource {
  /** The learner's newest parameters, for the actors' next rollouts. */
  void publish(PolicyParameters parameters);

  /**
   * The next rollout, waiting at most {@code timeoutMillis}; null when none came. A rollout must have
   * {@code numEnvs / impala.actors} columns and {@code rolloutLength} steps.
   *
   * @throws RuntimeException to end the run (the loop rethrows it)
   */
  CollectedRollout poll(long timeoutMillis) throws InterruptedException;
}
