package dev.curio.rewards;

import dev.curio.core.config.Check;

/**
 * Config of {@link Icm} (keys {@code rewards.icm.*}).
 *
 * @param eta reward scale: {@code r = eta/2 ||phi_hat - phi||^2}; default 1
 * @param beta weight of the forward loss: {@code (1 - beta) L_inv + beta L_fwd}; default 0.2 (paper)
 * @param featureDim width of the features phi; default 32
 * @param hidden width of the one hidden layer of the encoder, inverse and forward models; default 64
 * @param learningRate Adam step size; default 1e-3
 * @param gradientSteps full-batch Adam steps per {@code update}; default 1
 * @param forwardTrainsFeatures whether the forward loss also trains phi; default false (as in the
 *     authors' implementation: features learn only from the inverse model, so they cannot collapse
 *     to make the forward model's task trivial)
 * @param unitFeatures whether phi is the encoder's output scaled to unit length per row; default true.
 *     The forward error then measures a change of direction, bounded by 4, so a familiar transition's
 *     residual error cannot grow with the features' norm while an unfamiliar one still stands out
 *     (docs/rewards.md, "Why unit-length features")
 * @param obsClip observations are normalised per feature with running statistics and clipped to
 *     {@code [-obsClip, obsClip]} before the encoder (as in Burda et al. 2018); 0 turns it off; default 5
 * @param gamma discount of the stream; default 0.99
 * @param episodic whether the stream's returns are cut at episode ends; default true
 * @param coefficient weight of the stream in the mixed advantage; default 1
 */
public record IcmConfig(double eta, double beta, int featureDim, int hidden, double learningRate, int gradientSteps,
                        boolean forwardTrainsFeatures, boolean unitFeatures, double obsClip, double gamma, boolean episodic, double coefficient)
    implements RewardConfig {
  public IcmConfig {
    Check.positive("rewards.icm.eta", eta);
    Check.inRange("rewards.icm.beta", beta, 0.0, 1.0);
    Check.positive("rewards.icm.featureDim", featureDim);
    Check.positive("rewards.icm.hidden", hidden);
    Check.positive("rewards.icm.learningRate", learningRate);
    Check.positive("rewards.icm.gradientSteps", gradientSteps);
    Check.nonNegative("rewards.icm.obsClip", obsClip);
    Check.inRange("rewards.icm.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.icm.coefficient", "must be finite, got " + coefficient);
  }

  public static IcmConfig defaults() {
    return new IcmConfig(1.0, 0.2, 32, 64, 1e-3, 1, false, true, 5.0, 0.99, true, 1.0);
  }
}
