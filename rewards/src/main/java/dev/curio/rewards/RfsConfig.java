package dev.curio.rewards;

import dev.curio.core.config.Check;

/**
 * Config of {@link RandomFeatureSurprisal} (keys {@code rewards.rfs.*}).
 *
 * @param featureDim width of the fixed random features; default 32
 * @param hidden width of the one hidden layer of the encoder and the forward model; default 64
 * @param learningRate Adam step size of the forward model; default 1e-3
 * @param gradientSteps full-batch Adam steps per {@code update}; default 1
 * @param gamma discount of the stream; default 0.99
 * @param episodic whether the stream's returns are cut at episode ends; default false (the
 *     large-scale study's default)
 * @param coefficient weight of the stream in the mixed advantage; default 1
 */
public record RfsConfig(int featureDim, int hidden, double learningRate, int gradientSteps, double gamma,
                        boolean episodic, double coefficient) implements RewardConfig {
  public RfsConfig {
    Check.positive("rewards.rfs.featureDim", featureDim);
    Check.positive("rewards.rfs.hidden", hidden);
    Check.positive("rewards.rfs.learningRate", learningRate);
    Check.positive("rewards.rfs.gradientSteps", gradientSteps);
    Check.inRange("rewards.rfs.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.rfs.coefficient", "must be finite, got " + coefficient);
  }

  public static RfsConfig defaults() {
    return new RfsConfig(32, 64, 1e-3, 1, 0.99, false, 1.0);
  }
}
