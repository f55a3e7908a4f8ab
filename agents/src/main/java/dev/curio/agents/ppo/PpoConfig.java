package dev.curio.agents.ppo;

import dev.curio.core.config.Check;
import java.util.Objects;

/**
 * Every PPO hyperparameter in one place (Schulman et al. 2017; defaults as in CleanRL's ppo.py,
 * Huang et al. 2022, "The 37 Implementation Details of PPO"). A2C is {@link #a2c}: one epoch on one
 * minibatch, where the probability ratio is 1 and the clipped loss reduces to the plain policy
 * gradient.
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class PpoConfig {
  /** Adam step size. */
  private final double learningRate;
  /** Decay the step size linearly to 0 over the run. */
  private final boolean annealLearningRate;
  /** Passes over each rollout. */
  private final int epochs;
  /** Minibatches per epoch. */
  private final int minibatches;
  /** Ratio clip epsilon. */
  private final double clip;
  /** Clip value updates to {@code clip} around the old values. */
  private final boolean clipValueLoss;
  /** Weight of the entropy bonus. */
  private final double entropyCoef;
  /** Weight of the value loss. */
  private final double valueCoef;
  /** Global gradient-norm clip (0 turns it off). */
  private final double maxGradNorm;
  /** Normalise the mixed advantage per minibatch. */
  private final boolean normalizeAdvantages;
  /** GAE lambda, shared by all streams. */
  private final double gaeLambda;
  /** Adam's epsilon. */
  private final double adamEpsilon;
  /**
   * How the critic's targets are scaled: {@code none}; {@code shared}, running statistics per reward
   * stream shared by all tasks, targets and advantages normalised but the value head never rescaled
   * (what many libraries call PopArt); {@code popart}, statistics per (task, stream) with the value
   * head's last layer rescaled to preserve its outputs (van Hasselt et al. 2016; Hessel et al. 2019).
   */
  private final String valueNorm;
  /** PopArt's step size per target (rlax's {@code step_size}); a batch of m targets of one statistic moves it by {@code 1-(1-beta)^m}. */
  private final double popartBeta;
  /** Lower bound of PopArt's sigma. */
  private final double popartSigmaMin;
  /** Upper bound of PopArt's sigma. */
  private final double popartSigmaMax;

  private PpoConfig(Builder b) {
    this.learningRate = b.learningRate;
    this.annealLearningRate = b.annealLearningRate;
    this.epochs = b.epochs;
    this.minibatches = b.minibatches;
    this.clip = b.clip;
    this.clipValueLoss = b.clipValueLoss;
    this.entropyCoef = b.entropyCoef;
    this.valueCoef = b.valueCoef;
    this.maxGradNorm = b.maxGradNorm;
    this.normalizeAdvantages = b.normalizeAdvantages;
    this.gaeLambda = b.gaeLambda;
    this.adamEpsilon = b.adamEpsilon;
    this.valueNorm = b.valueNorm;
    this.popartBeta = b.popartBeta;
    this.popartSigmaMin = b.popartSigmaMin;
    this.popartSigmaMax = b.popartSigmaMax;
    Check.positive("ppo.learningRate", learningRate);
    Check.positive("ppo.epochs", epochs);
    Check.positive("ppo.minibatches", minibatches);
    Check.positive("ppo.clip", clip);
    Check.nonNegative("ppo.entropyCoef", entropyCoef);
    Check.nonNegative("ppo.valueCoef", valueCoef);
    Check.nonNegative("ppo.maxGradNorm", maxGradNorm);
    Check.inRange("ppo.gaeLambda", gaeLambda, 0, 1);
    Check.positive("ppo.adamEpsilon", adamEpsilon);
    Check.that(valueNorm != null && VALUE_NORMS.contains(valueNorm), "ppo.valueNorm", "must be one of " + String.join(", ", VALUE_NORMS)
        + ", got '" + valueNorm + "'");
    Check.that(popartBeta > 0 && popartBeta <= 1, "ppo.popartBeta", "must be in (0, 1], got " + popartBeta);
    Check.positive("ppo.popartSigmaMin", popartSigmaMin);
    Check.positive("ppo.popartSigmaMax", popartSigmaMax);
    Check.that(popartSigmaMax > popartSigmaMin, "ppo.popartSigmaMax", "must be above ppo.popartSigmaMin ("
        + popartSigmaMin + "), got " + popartSigmaMax);
  }

  /** The values {@code ppo.valueNorm} takes. */
  public static final java.util.List<String> VALUE_NORMS = java.util.List.of("none", "shared", "popart");

  /** CleanRL's defaults for classic control. */
  public static PpoConfig defaults() {
    return builder().build();
  }

  /** Synchronous advantage actor-critic as a PPO configuration. */
  public static PpoConfig a2c(double learningRate) {
    return builder().learningRate(learningRate).annealLearningRate(false).epochs(1).minibatches(1)
        .clipValueLoss(false).normalizeAdvantages(false).gaeLambda(1.0).build();
  }

  public double learningRate() {
    return learningRate;
  }

  public boolean annealLearningRate() {
    return annealLearningRate;
  }

  public int epochs() {
    return epochs;
  }

  public int minibatches() {
    return minibatches;
  }

  public double clip() {
    return clip;
  }

  public boolean clipValueLoss() {
    return clipValueLoss;
  }

  public double entropyCoef() {
    return entropyCoef;
  }

  public double valueCoef() {
    return valueCoef;
  }

  public double maxGradNorm() {
    return maxGradNorm;
  }

  public boolean normalizeAdvantages() {
    return normalizeAdvantages;
  }

  public double gaeLambda() {
    return gaeLambda;
  }

  public double adamEpsilon() {
    return adamEpsilon;
  }

  /** {@code none}, {@code shared} or {@code popart}. */
  public String valueNorm() {
    return valueNorm;
  }

  public double popartBeta() {
    return popartBeta;
  }

  public double popartSigmaMin() {
    return popartSigmaMin;
  }

  public double popartSigmaMax() {
    return popartSigmaMax;
  }

  /** A builder at the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.learningRate = learningRate;
    b.annealLearningRate = annealLearningRate;
    b.epochs = epochs;
    b.minibatches = minibatches;
    b.clip = clip;
    b.clipValueLoss = clipValueLoss;
    b.entropyCoef = entropyCoef;
    b.valueCoef = valueCoef;
    b.maxGradNorm = maxGradNorm;
    b.normalizeAdvantages = normalizeAdvantages;
    b.gaeLambda = gaeLambda;
    b.adamEpsilon = adamEpsilon;
    b.valueNorm = valueNorm;
    b.popartBeta = popartBeta;
    b.popartSigmaMin = popartSigmaMin;
    b.popartSigmaMax = popartSigmaMax;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PpoConfig o
        && Double.compare(learningRate, o.learningRate) == 0
        && annealLearningRate == o.annealLearningRate
        && epochs == o.epochs
        && minibatches == o.minibatches
        && Double.compare(clip, o.clip) == 0
        && clipValueLoss == o.clipValueLoss
        && Double.compare(entropyCoef, o.entropyCoef) == 0
        && Double.compare(valueCoef, o.valueCoef) == 0
        && Double.compare(maxGradNorm, o.maxGradNorm) == 0
        && normalizeAdvantages == o.normalizeAdvantages
        && Double.compare(gaeLambda, o.gaeLambda) == 0
        && Double.compare(adamEpsilon, o.adamEpsilon) == 0
        && valueNorm.equals(o.valueNorm)
        && Double.compare(popartBeta, o.popartBeta) == 0
        && Double.compare(popartSigmaMin, o.popartSigmaMin) == 0
        && Double.compare(popartSigmaMax, o.popartSigmaMax) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, annealLearningRate, epochs, minibatches, clip, clipValueLoss, entropyCoef,
        valueCoef, maxGradNorm, normalizeAdvantages, gaeLambda, adamEpsilon, valueNorm,
        popartBeta, popartSigmaMin, popartSigmaMax);
  }

  @Override
  public String toString() {
    return "PpoConfig[learningRate=" + learningRate
        + ", annealLearningRate=" + annealLearningRate
        + ", epochs=" + epochs
        + ", minibatches=" + minibatches
        + ", clip=" + clip
        + ", clipValueLoss=" + clipValueLoss
        + ", entropyCoef=" + entropyCoef
        + ", valueCoef=" + valueCoef
        + ", maxGradNorm=" + maxGradNorm
        + ", normalizeAdvantages=" + normalizeAdvantages
        + ", gaeLambda=" + gaeLambda
        + ", adamEpsilon=" + adamEpsilon
        + ", valueNorm=" + valueNorm
        + ", popartBeta=" + popartBeta
        + ", popartSigmaMin=" + popartSigmaMin
        + ", popartSigmaMax=" + popartSigmaMax
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private double learningRate = 2.5e-4;
    private boolean annealLearningRate = true;
    private int epochs = 4;
    private int minibatches = 4;
    private double clip = 0.2;
    private boolean clipValueLoss = true;
    private double entropyCoef = 0.01;
    private double valueCoef = 0.5;
    private double maxGradNorm = 0.5;
    private boolean normalizeAdvantages = true;
    private double gaeLambda = 0.95;
    private double adamEpsilon = 1e-5;
    private String valueNorm = "none";
    private double popartBeta = 3e-4;
    private double popartSigmaMin = 1e-4;
    private double popartSigmaMax = 1e6;

    private Builder() {}

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder annealLearningRate(boolean annealLearningRate) {
      this.annealLearningRate = annealLearningRate;
      return this;
    }

    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder minibatches(int minibatches) {
      this.minibatches = minibatches;
      return this;
    }

    public Builder clip(double clip) {
      this.clip = clip;
      return this;
    }

    public Builder clipValueLoss(boolean clipValueLoss) {
      this.clipValueLoss = clipValueLoss;
      return this;
    }

    public Builder entropyCoef(double entropyCoef) {
      this.entropyCoef = entropyCoef;
      return this;
    }

    public Builder valueCoef(double valueCoef) {
      this.valueCoef = valueCoef;
      return this;
    }

    public Builder maxGradNorm(double maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    public Builder normalizeAdvantages(boolean normalizeAdvantages) {
      this.normalizeAdvantages = normalizeAdvantages;
      return this;
    }

    public Builder gaeLambda(double gaeLambda) {
      this.gaeLambda = gaeLambda;
      return this;
    }

    public Builder adamEpsilon(double adamEpsilon) {
      this.adamEpsilon = adamEpsilon;
      return this;
    }

    public Builder valueNorm(String valueNorm) {
      this.valueNorm = valueNorm;
      return this;
    }

    public Builder popartBeta(double popartBeta) {
      this.popartBeta = popartBeta;
      return this;
    }

    public Builder popartSigmaMin(double popartSigmaMin) {
      this.popartSigmaMin = popartSigmaMin;
      return this;
    }

    public Builder popartSigmaMax(double popartSigmaMax) {
      this.popartSigmaMax = popartSigmaMax;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public PpoConfig build() {
      return new PpoConfig(this);
    }
  }
}
