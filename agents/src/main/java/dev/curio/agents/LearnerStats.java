package dev.curio.agents;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link Learner#learn} call measured, averaged over its minibatches.
 *
 * <p>A learner fills one in with {@link #builder()}, naming what it measured; a statistic it does not
 * have (a REINFORCE learner has no clip fraction) stays 0, and {@link #streams} stays empty.
 */
public final class LearnerStats {
  private final double policyLoss;
  private final double valueLoss;
  private final double entropy;
  /** Mean of {@code (ratio - 1) - log(ratio)} over the samples (Schulman's k3 estimator). */
  private final double approxKl;
  /** Share of samples whose ratio left {@code [1 - clip, 1 + clip]}. */
  private final double clipFraction;
  /** Global gradient norm before clipping. */
  private final double gradNorm;
  private final double explainedVariance;
  private final double learningRate;
  /**
   * Per reward stream: mean reward, mean return target, mean value and the share of the mixed
   * advantage it contributed.
   */
  private final List<StreamStats> streams;

  private LearnerStats(Builder b) {
    this.policyLoss = b.policyLoss;
    this.valueLoss = b.valueLoss;
    this.entropy = b.entropy;
    this.approxKl = b.approxKl;
    this.clipFraction = b.clipFraction;
    this.gradNorm = b.gradNorm;
    this.explainedVariance = b.explainedVariance;
    this.learningRate = b.learningRate;
    this.streams = List.copyOf(b.streams);
  }

  /**
   * @param advantageShare {@code coef*mean|adv_s| / sum over streams of coef*mean|adv|}, in [0, 1]
   */
  public record StreamStats(String name, double meanReward, double meanReturn, double meanValue,
                            double advantageShare) {}

  public double policyLoss() {
    return policyLoss;
  }

  public double valueLoss() {
    return valueLoss;
  }

  public double entropy() {
    return entropy;
  }

  public double approxKl() {
    return approxKl;
  }

  public double clipFraction() {
    return clipFraction;
  }

  public double gradNorm() {
    return gradNorm;
  }

  public double explainedVariance() {
    return explainedVariance;
  }

  public double learningRate() {
    return learningRate;
  }

  public List<StreamStats> streams() {
    return streams;
  }

  /** A builder with every statistic 0 and no streams. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.policyLoss = policyLoss;
    b.valueLoss = valueLoss;
    b.entropy = entropy;
    b.approxKl = approxKl;
    b.clipFraction = clipFraction;
    b.gradNorm = gradNorm;
    b.explainedVariance = explainedVariance;
    b.learningRate = learningRate;
    b.streams = streams;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LearnerStats o
        && Double.compare(policyLoss, o.policyLoss) == 0
        && Double.compare(valueLoss, o.valueLoss) == 0
        && Double.compare(entropy, o.entropy) == 0
        && Double.compare(approxKl, o.approxKl) == 0
        && Double.compare(clipFraction, o.clipFraction) == 0
        && Double.compare(gradNorm, o.gradNorm) == 0
        && Double.compare(explainedVariance, o.explainedVariance) == 0
        && Double.compare(learningRate, o.learningRate) == 0
        && Objects.equals(streams, o.streams);
  }

  @Override
  public int hashCode() {
    return Objects.hash(policyLoss, valueLoss, entropy, approxKl, clipFraction, gradNorm, explainedVariance,
        learningRate, streams);
  }

  @Override
  public String toString() {
    return "LearnerStats[policyLoss=" + policyLoss
        + ", valueLoss=" + valueLoss
        + ", entropy=" + entropy
        + ", approxKl=" + approxKl
        + ", clipFraction=" + clipFraction
        + ", gradNorm=" + gradNorm
        + ", explainedVariance=" + explainedVariance
        + ", learningRate=" + learningRate
        + ", streams=" + streams
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private double policyLoss;
    private double valueLoss;
    private double entropy;
    private double approxKl;
    private double clipFraction;
    private double gradNorm;
    private double explainedVariance;
    private double learningRate;
    private List<StreamStats> streams = List.of();

    private Builder() {}

    public Builder policyLoss(double policyLoss) {
      this.policyLoss = policyLoss;
      return this;
    }

    public Builder valueLoss(double valueLoss) {
      this.valueLoss = valueLoss;
      return this;
    }

    public Builder entropy(double entropy) {
      this.entropy = entropy;
      return this;
    }

    public Builder approxKl(double approxKl) {
      this.approxKl = approxKl;
      return this;
    }

    public Builder clipFraction(double clipFraction) {
      this.clipFraction = clipFraction;
      return this;
    }

    public Builder gradNorm(double gradNorm) {
      this.gradNorm = gradNorm;
      return this;
    }

    public Builder explainedVariance(double explainedVariance) {
      this.explainedVariance = explainedVariance;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder streams(List<StreamStats> streams) {
      this.streams = streams;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public LearnerStats build() {
      return new LearnerStats(this);
    }
  }
}
