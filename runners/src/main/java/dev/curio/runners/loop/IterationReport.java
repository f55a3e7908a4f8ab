package dev.curio.runners.loop;

import dev.curio.agents.LearnerStats;

/**
 * One iteration done.
 *
 * @param meanReturn rolling mean extrinsic return over the last {@code returnWindow} episodes (NaN
 *     before the first episode ends)
 * @param episodes episodes finished so far
 * @param sps env steps per second over this iteration, learning included
 * @param collectSeconds wall time collecting the rollout (acting and stepping)
 * @param learnSeconds wall time in reward modules and the learner
 */
public record IterationReport(int iteration, long globalStep, double meanReturn, double meanLength, long episodes,
                              double sps, double collectSeconds, double learnSeconds, LearnerStats learner,
                              RunControl control) {}
