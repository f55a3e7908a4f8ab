package dev.curio.cluster;

/** A message the learner node's actor takes: from actor nodes ({@link Join}, {@link Rollout}) or its own timers. */
public interface ToLearner {}
