package dev.curio.loop;

import java.util.List;

/**
 * A run begins (or resumes at {@code iteration} / {@code globalStep}).
 *
 * @param streams the reward-stream names, in value-head order
 * @param numAgents agents per env (1 for single-agent worlds)
 */
public record RunStart(TrainConfig config, String envId, int[] obsShape, int numActions, List<String> streams,
                       int iteration, long globalStep, long networkParameters, RunControl control, int numAgents) {}
