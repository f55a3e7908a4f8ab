package dev.curio.rewards;

import dev.curio.core.config.Check;
import java.util.Objects;

/**
 * Config of {@link Disagreement} (keys {@code rewards.disagreement.*}).
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class DisagreementConfig implements RewardConfig {
  /** Forward models in the ensemble (at least 2); default 5, as in Pathak et al. 2019. */
  private final int ensembleSize;
  /** Width of the fixed random features; default 32. */
  private final int featureDim;
  /**
   * Width of the one hidden layer of the encoder and the forward model; default 128. The defaults of this,
   * {@link #learningRate} and {@link #gradientSteps} let each model fit familiar transitions closely, so that
   * their disagreement falls to 0 there: with 64, 1e-3 and 1 step no seed of 1-3 found the sparse maze's
   * goal within 160k steps, and MultiRoom-N4-S5 took 161k-249k frames to a success rate of 0.9 against
   * 106k-134k with these (docs/rewards.md, "Disagreement of an ensemble"; docs/performance.md).
   */
  private final int hidden;
  /** Adam step size of the forward model; default 3e-3. */
  private final double learningRate;
  /** Full-batch Adam steps per {@code update}; default 16. */
  private final int gradientSteps;
  /** Discount of the stream; default 0.99. */
  private final double gamma;
  /** Whether the stream's returns are cut at episode ends; default false (as RND's and RFS's streams). */
  private final boolean episodic;
  /** Weight of the stream in the mixed advantage; default 1. */
  private final double coefficient;
  /**
   * Whether observations are normalised per feature with running statistics before the fixed features
   * (as random-feature surprisal's, {@link RfsConfig}); default true.
   */
  private final boolean normalizeObservations;
  /** Normalised observations are clipped to {@code [-obsClip, obsClip]}; default 5. */
  private final double obsClip;
  /**
   * Each forward model learns from each sample with this probability, drawn per model, sample and gradient step
   * (the reference code's dropout of per-sample losses, keep probability 0.8), so that the models stay
   * apart on what they have seen; default 0.8. 1 trains every model on every sample.
   */
  private final double keepProbability;

  private DisagreementConfig(Builder b) {
    this.ensembleSize = b.ensembleSize;
    this.featureDim = b.featureDim;
    this.hidden = b.hidden;
    this.learningRate = b.learningRate;
    this.gradientSteps = b.gradientSteps;
    this.gamma = b.gamma;
    this.episodic = b.episodic;
    this.coefficient = b.coefficient;
    this.normalizeObservations = b.normalizeObservations;
    this.obsClip = b.obsClip;
    this.keepProbability = b.keepProbability;
    Check.that(ensembleSize >= 2 && ensembleSize <= 64, "rewards.disagreement.ensembleSize",
        "must be 2..64 (the bonus is the models' disagreement), got " + ensembleSize);
    Check.positive("rewards.disagreement.featureDim", featureDim);
    Check.positive("rewards.disagreement.hidden", hidden);
    Check.positive("rewards.disagreement.learningRate", learningRate);
    Check.positive("rewards.disagreement.gradientSteps", gradientSteps);
    Check.inRange("rewards.disagreement.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.disagreement.coefficient", "must be finite, got " + coefficient);
    Check.positive("rewards.disagreement.obsClip", obsClip);
    Check.that(keepProbability > 0 && keepProbability <= 1, "rewards.disagreement.keepProbability",
        "must be in (0, 1], got " + keepProbability);
  }

  public static DisagreementConfig defaults() {
    return builder().build();
  }

  public int ensembleSize() {
    return ensembleSize;
  }

  public double keepProbability() {
    return keepProbability;
  }

  public int featureDim() {
    return featureDim;
  }

  public int hidden() {
    return hidden;
  }

  public double learningRate() {
    return learningRate;
  }

  public int gradientSteps() {
    return gradientSteps;
  }

  public double gamma() {
    return gamma;
  }

  public boolean episodic() {
    return episodic;
  }

  public double coefficient() {
    return coefficient;
  }

  public boolean normalizeObservations() {
    return normalizeObservations;
  }

  public double obsClip() {
    return obsClip;
  }

  /** A builder at the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.ensembleSize = ensembleSize;
    b.keepProbability = keepProbability;
    b.featureDim = featureDim;
    b.hidden = hidden;
    b.learningRate = learningRate;
    b.gradientSteps = gradientSteps;
    b.gamma = gamma;
    b.episodic = episodic;
    b.coefficient = coefficient;
    b.normalizeObservations = normalizeObservations;
    b.obsClip = obsClip;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DisagreementConfig o
        && ensembleSize == o.ensembleSize
        && Double.compare(keepProbability, o.keepProbability) == 0
        && featureDim == o.featureDim
        && hidden == o.hidden
        && Double.compare(learningRate, o.learningRate) == 0
        && gradientSteps == o.gradientSteps
        && Double.compare(gamma, o.gamma) == 0
        && episodic == o.episodic
        && Double.compare(coefficient, o.coefficient) == 0
        && normalizeObservations == o.normalizeObservations
        && Double.compare(obsClip, o.obsClip) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ensembleSize, keepProbability, featureDim, hidden, learningRate, gradientSteps, gamma, episodic, coefficient,
        normalizeObservations, obsClip);
  }

  @Override
  public String toString() {
    return "DisagreementConfig[ensembleSize=" + ensembleSize
        + ", keepProbability=" + keepProbability
        + ", featureDim=" + featureDim
        + ", hidden=" + hidden
        + ", learningRate=" + learningRate
        + ", gradientSteps=" + gradientSteps
        + ", gamma=" + gamma
        + ", episodic=" + episodic
        + ", coefficient=" + coefficient
        + ", normalizeObservations=" + normalizeObservations
        + ", obsClip=" + obsClip
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private int ensembleSize = 5;
    private double keepProbability = 0.8;
    private int featureDim = 32;
    private int hidden = 128;
    private double learningRate = 3e-3;
    private int gradientSteps = 16;
    private double gamma = 0.99;
    private boolean episodic = false;
    private double coefficient = 1.0;
    private boolean normalizeObservations = true;
    private double obsClip = 5.0;

    private Builder() {}

    public Builder ensembleSize(int ensembleSize) {
      this.ensembleSize = ensembleSize;
      return this;
    }

    public Builder keepProbability(double keepProbability) {
      this.keepProbability = keepProbability;
      return this;
    }

    public Builder featureDim(int featureDim) {
      this.featureDim = featureDim;
      return this;
    }

    public Builder hidden(int hidden) {
      this.hidden = hidden;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder gradientSteps(int gradientSteps) {
      this.gradientSteps = gradientSteps;
      return this;
    }

    public Builder gamma(double gamma) {
      this.gamma = gamma;
      return this;
    }

    public Builder episodic(boolean episodic) {
      this.episodic = episodic;
      return this;
    }

    public Builder coefficient(double coefficient) {
      this.coefficient = coefficient;
      return this;
    }

    public Builder normalizeObservations(boolean normalizeObservations) {
      this.normalizeObservations = normalizeObservations;
      return this;
    }

    public Builder obsClip(double obsClip) {
      this.obsClip = obsClip;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public DisagreementConfig build() {
      return new DisagreementConfig(this);
    }
  }
}
