package dev.curio.rewards;

import dev.curio.core.config.Check;

/**
 * Config of {@link Rnd} (keys {@code rewards.rnd.*}).
 *
 * @param outputDim width of the target and predictor outputs; default 64
 * @param hidden width of the hidden layers (target: one, predictor: two); default 128
 * @param learningRate Adam step size of the predictor; default 1e-3
 * @param gradientSteps full-batch Adam steps per {@code update}; default 1
 * @param updateProportion share p of each batch that trains the predictor (seeded mask); default 0.25
 * @param obsClip normalised observations are clipped to {@code [-obsClip, obsClip]}; default 5
 * @param gamma discount of the stream; default 0.99
 * @param episodic whether the stream's returns are cut at episode ends; default false (paper)
 * @param coefficient weight of the stream in the mixed advantage; default 1
 */
public record RndConfig(int outputDim, int hidden, double learningRate, int gradientSteps, double updateProportion,
                        double obsClip, double gamma, boolean episodic, double coefficient) implements RewardConfig {
  public RndConfig {
    Check.positive("rewards.rnd.outputDim", outputDim);
    Check.positive("rewards.rnd.hidden", hidden);
    Check.positive("rewards.rnd.learningRate", learningRate);
    Check.positive("rewards.rnd.gradientSteps", gradientSteps);
    Check.that(updateProportion > 0 && updateProportion <= 1, "rewards.rnd.updateProportion",
        "must be in (0, 1], got " + updateProportion);
    Check.positive("rewards.rnd.obsClip", obsClip);
    Check.inRange("rewards.rnd.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.rnd.coefficient", "must be finite, got " + coefficient);
  }

  public static RndConfig defaults() {
    return new RndConfig(64, 128, 1e-3, 1, 0.25, 5.0, 0.99, false, 1.0);
  }
}
