package dev.curio.agents;

import java.util.List;

/**
 * What one {@link Learner#learn} call measured, averaged over its minibatches.
 *
 * @param streams per reward stream: mean reward, mean return target, mean value and the share of
 *     the mixed advantage it contributed
 */
public record LearnerStats(double policyLoss, double valueLoss, double entropy, double approxKl,
                           double clipFraction, double gradNorm, double explainedVariance, double learningRate,
                           List<StreamStats> streams) {
  /**
   * @param advantageShare {@code coef*mean|adv_s| / sum over streams of coef*mean|adv|}, in [0, 1]
   */
  public record StreamStats(String name, double meanReward, double meanReturn, double meanValue,
                            double advantageShare) {}
}
