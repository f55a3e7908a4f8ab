package dev.curio.rewards;

import dev.curio.core.config.Check;
import java.util.Objects;

/**
 * Config of {@link NovelD} (keys {@code rewards.noveld.*}): the novelty difference's {@code alpha} and
 * scale, the RND network whose prediction error is the novelty (the same settings as {@code
 * rewards.rnd.*}, with RND's defaults), and the stream.
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class NoveldConfig implements RewardConfig {
  /** Weight of the current state's novelty in {@code max(N(s') - alpha N(s), 0)}; default 0.5 (the paper's). */
  private final double alpha;
  /** Width of the RND target and predictor outputs; default 64. */
  private final int outputDim;
  /** Width of the RND hidden layers; default 128. */
  private final int hidden;
  /** Adam step size of the RND predictor; default 1e-3. */
  private final double learningRate;
  /** Full-batch Adam steps per {@code update}; default 1. */
  private final int gradientSteps;
  /** Share of each batch that trains the predictor (seeded mask); default 0.25. */
  private final double updateProportion;
  /** Normalised observations are clipped to {@code [-obsClip, obsClip]}; default 5. */
  private final double obsClip;
  /** Discount of the stream; default 0.99. */
  private final double gamma;
  /** Whether the stream's returns are cut at episode ends; default false (the paper's intrinsic stream is not). */
  private final boolean episodic;
  /** Weight of the stream in the mixed advantage; default 1. */
  private final double coefficient;

  private NoveldConfig(Builder b) {
    this.alpha = b.alpha;
    this.outputDim = b.outputDim;
    this.hidden = b.hidden;
    this.learningRate = b.learningRate;
    this.gradientSteps = b.gradientSteps;
    this.updateProportion = b.updateProportion;
    this.obsClip = b.obsClip;
    this.gamma = b.gamma;
    this.episodic = b.episodic;
    this.coefficient = b.coefficient;
    Check.that(alpha >= 0 && Double.isFinite(alpha), "rewards.noveld.alpha", "must be a finite number >= 0, got "
        + alpha);
    Check.positive("rewards.noveld.outputDim", outputDim);
    Check.positive("rewards.noveld.hidden", hidden);
    Check.positive("rewards.noveld.learningRate", learningRate);
    Check.positive("rewards.noveld.gradientSteps", gradientSteps);
    Check.that(updateProportion > 0 && updateProportion <= 1, "rewards.noveld.updateProportion",
        "must be in (0, 1], got " + updateProportion);
    Check.positive("rewards.noveld.obsClip", obsClip);
    Check.inRange("rewards.noveld.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.noveld.coefficient", "must be finite, got " + coefficient);
  }

  public static NoveldConfig defaults() {
    return builder().build();
  }

  public double alpha() {
    return alpha;
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

  /** The settings of the RND network that measures novelty (its stream settings unused). */
  RndConfig novelty() {
    return RndConfig.builder().outputDim(outputDim).hidden(hidden).learningRate(learningRate)
        .gradientSteps(gradientSteps).updateProportion(updateProportion).obsClip(obsClip).build();
  }

  /** A builder at the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.alpha = alpha;
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
    return other instanceof NoveldConfig o
        && Double.compare(alpha, o.alpha) == 0
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
    return Objects.hash(alpha, outputDim, hidden, learningRate, gradientSteps, updateProportion, obsClip, gamma,
        episodic, coefficient);
  }

  @Override
  public String toString() {
    return "NoveldConfig[alpha=" + alpha
        + ", outputDim=" + outputDim
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
    private double alpha = 0.5;
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

    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

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
    public NoveldConfig build() {
      return new NoveldConfig(this);
    }
  }
}
