package dev.curio.rewards;

import dev.curio.core.config.Check;
import java.util.Objects;

/**
 * Config of {@link Rnd} (keys {@code rewards.rnd.*}).
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class RndConfig implements RewardConfig {
  /** Width of the target and predictor outputs; default 64. */
  private final int outputDim;
  /** Width of the hidden layers (target: one, predictor: two); default 128. */
  private final int hidden;
  /** Adam step size of the predictor; default 1e-3. */
  private final double learningRate;
  /** Full-batch Adam steps per {@code update}; default 1. */
  private final int gradientSteps;
  /** Share p of each batch that trains the predictor (seeded mask); default 0.25. */
  private final double updateProportion;
  /** Normalised observations are clipped to {@code [-obsClip, obsClip]}; default 5. */
  private final double obsClip;
  /** Discount of the stream; default 0.99. */
  private final double gamma;
  /** Whether the stream's returns are cut at episode ends; default false (paper). */
  private final boolean episodic;
  /** Weight of the stream in the mixed advantage; default 1. */
  private final double coefficient;

  private RndConfig(Builder b) {
    this.outputDim = b.outputDim;
    this.hidden = b.hidden;
    this.learningRate = b.learningRate;
    this.gradientSteps = b.gradientSteps;
    this.updateProportion = b.updateProportion;
    this.obsClip = b.obsClip;
    this.gamma = b.gamma;
    this.episodic = b.episodic;
    this.coefficient = b.coefficient;
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
    return builder().build();
  }

  public int outputDim() {
    return outputDim;
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

  public double updateProportion() {
    return updateProportion;
  }

  public double obsClip() {
    return obsClip;
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

  /** A builder at the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.outputDim = outputDim;
    b.hidden = hidden;
    b.learningRate = learningRate;
    b.gradientSteps = gradientSteps;
    b.updateProportion = updateProportion;
    b.obsClip = obsClip;
    b.gamma = gamma;
    b.episodic = episodic;
    b.coefficient = coefficient;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RndConfig o
        && outputDim == o.outputDim
        && hidden == o.hidden
        && Double.compare(learningRate, o.learningRate) == 0
        && gradientSteps == o.gradientSteps
        && Double.compare(updateProportion, o.updateProportion) == 0
        && Double.compare(obsClip, o.obsClip) == 0
        && Double.compare(gamma, o.gamma) == 0
        && episodic == o.episodic
        && Double.compare(coefficient, o.coefficient) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(outputDim, hidden, learningRate, gradientSteps, updateProportion, obsClip, gamma, episodic,
        coefficient);
  }

  @Override
  public String toString() {
    return "RndConfig[outputDim=" + outputDim
        + ", hidden=" + hidden
        + ", learningRate=" + learningRate
        + ", gradientSteps=" + gradientSteps
        + ", updateProportion=" + updateProportion
        + ", obsClip=" + obsClip
        + ", gamma=" + gamma
        + ", episodic=" + episodic
        + ", coefficient=" + coefficient
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private int outputDim = 64;
    private int hidden = 128;
    private double learningRate = 1e-3;
    private int gradientSteps = 1;
    private double updateProportion = 0.25;
    private double obsClip = 5.0;
    private double gamma = 0.99;
    private boolean episodic = false;
    private double coefficient = 1.0;

    private Builder() {}

    public Builder outputDim(int outputDim) {
      this.outputDim = outputDim;
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

    public Builder updateProportion(double updateProportion) {
      this.updateProportion = updateProportion;
      return this;
    }

    public Builder obsClip(double obsClip) {
      this.obsClip = obsClip;
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

    /** The settings; an error naming the first key that is out of range. */
    public RndConfig build() {
      return new RndConfig(this);
    }
  }
}
