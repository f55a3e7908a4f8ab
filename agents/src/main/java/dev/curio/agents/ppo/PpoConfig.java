package dev.curio.agents.ppo;

import dev.curio.core.config.Check;

/**
 * Every PPO hyperparameter in one place (Schulman et al. 2017; defaults as in CleanRL's ppo.py,
 * Huang et al. 2022, "The 37 Implementation Details of PPO"). A2C is {@link #a2c}: one epoch on one
 * minibatch, where the probability ratio is 1 and the clipped loss reduces to the plain policy
 * gradient.
 *
 * @param learningRate Adam step size
 * @param annealLearningRate decay the step size linearly to 0 over the run
 * @param epochs passes over each rollout
 * @param minibatches minibatches per epoch
 * @param clip ratio clip epsilon
 * @param clipValueLoss clip value updates to {@code clip} around the old values
 * @param entropyCoef weight of the entropy bonus
 * @param valueCoef weight of the value loss
 * @param maxGradNorm global gradient-norm clip (0 turns it off)
 * @param normalizeAdvantages normalise the mixed advantage per minibatch
 * @param gaeLambda GAE lambda, shared by all streams
 * @param adamEpsilon Adam's epsilon
 */
public record PpoConfig(double learningRate, boolean annealLearningRate, int epochs, int minibatches, double clip,
                        boolean clipValueLoss, double entropyCoef, double valueCoef, double maxGradNorm,
                        boolean normalizeAdvantages, double gaeLambda, double adamEpsilon) {
  public PpoConfig {
    Check.positive("ppo.learningRate", learningRate);
    Check.positive("ppo.epochs", epochs);
    Check.positive("ppo.minibatches", minibatches);
    Check.positive("ppo.clip", clip);
    Check.nonNegative("ppo.entropyCoef", entropyCoef);
    Check.nonNegative("ppo.valueCoef", valueCoef);
    Check.nonNegative("ppo.maxGradNorm", maxGradNorm);
    Check.inRange("ppo.gaeLambda", gaeLambda, 0, 1);
    Check.positive("ppo.adamEpsilon", adamEpsilon);
  }

  /** CleanRL's defaults for classic control. */
  public static PpoConfig defaults() {
    return new PpoConfig(2.5e-4, true, 4, 4, 0.2, true, 0.01, 0.5, 0.5, true, 0.95, 1e-5);
  }

  /** Synchronous advantage actor-critic as a PPO configuration. */
  public static PpoConfig a2c(double learningRate) {
    return new PpoConfig(learningRate, false, 1, 1, 0.2, false, 0.01, 0.5, 0.5, false, 1.0, 1e-5);
  }
}
