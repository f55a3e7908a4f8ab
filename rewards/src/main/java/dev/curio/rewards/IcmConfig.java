package dev.curio.rewards;

import dev.curio.core.config.Check;
import java.util.Objects;

/**
 * Config of {@link Icm} (keys {@code rewards.icm.*}).
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class IcmConfig implements RewardConfig {
  /** Reward scale: {@code r = eta/2 ||phi_hat - phi||^2}; default 1. */
  private final double eta;
  /** Weight of the forward loss: {@code (1 - beta) L_inv + beta L_fwd}; default 0.2 (paper). */
  private final double beta;
  /** Width of the features phi; default 32. */
  private final int featureDim;
  /** Width of the one hidden layer of the encoder, inverse and forward models; default 64. */
  private final int hidden;
  /** Adam step size; default 1e-3. */
  private final double learningRate;
  /** Full-batch Adam steps per {@code update}; default 1. */
  private final int gradientSteps;
  /**
   * Whether the forward loss also trains phi through phi_t; default false, a choice of Curio's: the features then
   * learn only from the inverse model, so they cannot shrink to make the forward model's task trivial. The
   * authors' implementation (noreward-rl) does let the forward loss train the features (docs/rewards.md, ICM).
   */
  private final boolean forwardTrainsFeatures;
  /**
   * Whether phi is the encoder's output scaled to unit length per row; default true. The forward error then
   * measures a change of direction, bounded by 4, so a familiar transition's residual error cannot grow with the
   * features' norm while an unfamiliar one still stands out (docs/rewards.md, "Why unit-length features").
   */
  private final boolean unitFeatures;
  /**
   * Observations are normalised per feature with running statistics and clipped to {@code [-obsClip, obsClip]}
   * before the encoder (as in Burda et al. 2018); 0 turns it off; default 5.
   */
  private final double obsClip;
  /** Discount of the stream; default 0.99. */
  private final double gamma;
  /** Whether the stream's returns are cut at episode ends; default true. */
  private final boolean episodic;
  /** Weight of the stream in the mixed advantage; default 1. */
  private final double coefficient;

  private IcmConfig(Builder b) {
    this.eta = b.eta;
    this.beta = b.beta;
    this.featureDim = b.featureDim;
    this.hidden = b.hidden;
    this.learningRate = b.learningRate;
    this.gradientSteps = b.gradientSteps;
    this.forwardTrainsFeatures = b.forwardTrainsFeatures;
    this.unitFeatures = b.unitFeatures;
    this.obsClip = b.obsClip;
    this.gamma = b.gamma;
    this.episodic = b.episodic;
    this.coefficient = b.coefficient;
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
    return builder().build();
  }

  public double eta() {
    return eta;
  }

  public double beta() {
    return beta;
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

  public boolean forwardTrainsFeatures() {
    return forwardTrainsFeatures;
  }

  public boolean unitFeatures() {
    return unitFeatures;
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
    b.eta = eta;
    b.beta = beta;
    b.featureDim = featureDim;
    b.hidden = hidden;
    b.learningRate = learningRate;
    b.gradientSteps = gradientSteps;
    b.forwardTrainsFeatures = forwardTrainsFeatures;
    b.unitFeatures = unitFeatures;
    b.obsClip = obsClip;
    b.gamma = gamma;
    b.episodic = episodic;
    b.coefficient = coefficient;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IcmConfig o
        && Double.compare(eta, o.eta) == 0
        && Double.compare(beta, o.beta) == 0
        && featureDim == o.featureDim
        && hidden == o.hidden
        && Double.compare(learningRate, o.learningRate) == 0
        && gradientSteps == o.gradientSteps
        && forwardTrainsFeatures == o.forwardTrainsFeatures
        && unitFeatures == o.unitFeatures
        && Double.compare(obsClip, o.obsClip) == 0
        && Double.compare(gamma, o.gamma) == 0
        && episodic == o.episodic
        && Double.compare(coefficient, o.coefficient) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(eta, beta, featureDim, hidden, learningRate, gradientSteps, forwardTrainsFeatures,
        unitFeatures, obsClip, gamma, episodic, coefficient);
  }

  @Override
  public String toString() {
    return "IcmConfig[eta=" + eta
        + ", beta=" + beta
        + ", featureDim=" + featureDim
        + ", hidden=" + hidden
        + ", learningRate=" + learningRate
        + ", gradientSteps=" + gradientSteps
        + ", forwardTrainsFeatures=" + forwardTrainsFeatures
        + ", unitFeatures=" + unitFeatures
        + ", obsClip=" + obsClip
        + ", gamma=" + gamma
        + ", episodic=" + episodic
        + ", coefficient=" + coefficient
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private double eta = 1.0;
    private double beta = 0.2;
    private int featureDim = 32;
    private int hidden = 64;
    private double learningRate = 1e-3;
    private int gradientSteps = 1;
    private boolean forwardTrainsFeatures = false;
    private boolean unitFeatures = true;
    private double obsClip = 5.0;
    private double gamma = 0.99;
    private boolean episodic = true;
    private double coefficient = 1.0;

    private Builder() {}

    public Builder eta(double eta) {
      this.eta = eta;
      return this;
    }

    public Builder beta(double beta) {
      this.beta = beta;
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

    public Builder forwardTrainsFeatures(boolean forwardTrainsFeatures) {
      this.forwardTrainsFeatures = forwardTrainsFeatures;
      return this;
    }

    public Builder unitFeatures(boolean unitFeatures) {
      this.unitFeatures = unitFeatures;
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
    public IcmConfig build() {
      return new IcmConfig(this);
    }
  }
}
