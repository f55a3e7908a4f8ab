package dev.curio.rewards;

import dev.curio.core.config.Check;
import java.util.Objects;

/**
 * Config of {@link RandomFeatureSurprisal} (keys {@code rewards.rfs.*}).
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class RfsConfig implements RewardConfig {
  /** Width of the fixed random features; default 32. */
  private final int featureDim;
  /** Width of the one hidden layer of the encoder and the forward model; default 64. */
  private final int hidden;
  /** Adam step size of the forward model; default 1e-3. */
  private final double learningRate;
  /** Full-batch Adam steps per {@code update}; default 1. */
  private final int gradientSteps;
  /** Discount of the stream; default 0.99. */
  private final double gamma;
  /** Whether the stream's returns are cut at episode ends; default false (the large-scale study's default). */
  private final boolean episodic;
  /** Weight of the stream in the mixed advantage; default 1. */
  private final double coefficient;
  /**
   * Whether observations are normalised per feature with running statistics before the fixed features
   * (Burda et al. 2018 normalise the inputs of their curiosity models); default true.
   */
  private final boolean normalizeObservations;
  /** Normalised observations are clipped to {@code [-obsClip, obsClip]}; default 5. */
  private final double obsClip;

  private RfsConfig(Builder b) {
    this.featureDim = b.featureDim;
    this.hidden = b.hidden;
    this.learningRate = b.learningRate;
    this.gradientSteps = b.gradientSteps;
    this.gamma = b.gamma;
    this.episodic = b.episodic;
    this.coefficient = b.coefficient;
    this.normalizeObservations = b.normalizeObservations;
    this.obsClip = b.obsClip;
    Check.positive("rewards.rfs.featureDim", featureDim);
    Check.positive("rewards.rfs.hidden", hidden);
    Check.positive("rewards.rfs.learningRate", learningRate);
    Check.positive("rewards.rfs.gradientSteps", gradientSteps);
    Check.inRange("rewards.rfs.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.rfs.coefficient", "must be finite, got " + coefficient);
    Check.positive("rewards.rfs.obsClip", obsClip);
  }

  public static RfsConfig defaults() {
    return builder().build();
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
    return other instanceof RfsConfig o
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
    return Objects.hash(featureDim, hidden, learningRate, gradientSteps, gamma, episodic, coefficient,
        normalizeObservations, obsClip);
  }

  @Override
  public String toString() {
    return "RfsConfig[featureDim=" + featureDim
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
    private int featureDim = 32;
    private int hidden = 64;
    private double learningRate = 1e-3;
    private int gradientSteps = 1;
    private double gamma = 0.99;
    private boolean episodic = false;
    private double coefficient = 1.0;
    private boolean normalizeObservations = true;
    private double obsClip = 5.0;

    private Builder() {}

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
    public RfsConfig build() {
      return new RfsConfig(this);
    }
  }
}
