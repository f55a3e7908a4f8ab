package dev.curio.loop;

import dev.curio.rewards.IntrinsicReward;

/**
 * Makes a custom intrinsic reward module for a run, once the run knows its world's shapes. Pass
 * factories to {@link TrainingLoop#TrainingLoop(TrainConfig, java.util.function.Supplier, java.util.List)};
 * their streams follow the config's built-in modules.
 */
@FunctionalInterface
public interface RewardFactory {
  /**
   * @param obsShape shape of one observation
   * @param numActions number of discrete actions
   * @param seed derived from the run's seed; seed every random choice of the module from it
   */
  IntrinsicReward create(int[] obsShape, int numActions, long seed);
}
