package dev.curio.loop;

import dev.curio.rewards.UpdateStats;
import dev.curio.agents.LearnerStats;

/**
 * One iteration done.
 *
 * @param meanReturn rolling mean extrinsic return over the last {@code returnWindow} episodes (NaN
 *     before the first episode ends)
 * @param episodes episodes finished so far
 * @param sps env steps per second over this iteration, learning included
 * @param collectSeconds wall time collecting the rollout (acting and stepping)
 * @param rewardSeconds wall time in the intrinsic reward modules' compute and update
 * @param learnSeconds wall time in the learner
 * @param rewardStats the reward modules' update statistics, named {@code <stream>.<stat>}
 * @param agentMeanReturns per agent of a multi-agent world, its rolling mean return (empty for one agent)
 */
public record IterationReport(int iteration, long globalStep, double meanReturn, double meanLength, long episodes,
                              double sps, double collectSeconds, double rewardSeconds, double learnSeconds,
                              LearnerStats learner, UpdateStats rewardStats, RunControl control,
                              double[] agentMeanReturns) {}
