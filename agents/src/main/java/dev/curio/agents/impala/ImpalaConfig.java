package dev.curio.agents.impala;

import dev.curio.agents.math.Vtrace;
import dev.curio.core.config.Check;
import java.util.Objects;

/**
 * Every hyperparameter of the {@link ImpalaLearner} in one place (Espeholt et al. 2018; defaults as
 * in the paper where it gives one: V-trace's lambda and bars 1, baseline cost 0.5, entropy 0.01,
 * global gradient clip 40, one pass over each batch). The optimiser is Adam, not the paper's
 * RMSProp: Adam is the one optimiser of Curio's {@code Parameters} vector, whose state the
 * checkpoints already carry, and IMPALA-style learners since (SEED RL, for one) use it too.
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional. A bad value fails in one line
 * naming its key ({@code impala.cBar: must be a finite number > 0, got 0.0}).
 */
public final class ImpalaConfig {
  /** Adam step size (IMPALA's RMSProp used 6e-4 on Atari). */
  private final double learningRate;
  /** Decay the step size linearly to 0 over the run (IMPALA did; off by default, as a run's length is often open). */
  private final boolean annealLearningRate;
  /** Passes over each trajectory (IMPALA: 1). After the first the learner has moved and the importance weights differ from 1. */
  private final int epochs;
  /** Gradient steps per pass, each on an equal share of the rows (IMPALA: 1, the whole batch). */
  private final int minibatches;
  /** V-trace's trace discount lambda (1 in the paper). */
  private final double lambda;
  /** Clip of the importance weights in the temporal differences (the targets' fixed point). */
  private final double rhoBar;
  /** Clip of the importance weights in the traces. */
  private final double cBar;
  /** Clip of the importance weight of the policy-gradient advantage. */
  private final double pgRhoBar;
  /** Weight of the value loss (IMPALA's baseline cost). */
  private final double valueCoef;
  /** Weight of the entropy bonus. */
  private final double entropyCoef;
  /** Global gradient-norm clip (IMPALA: 40); 0 turns it off. */
  private final double maxGradNorm;
  /** Normalise the mixed advantage per minibatch (IMPALA: no). */
  private final boolean normalizeAdvantages;
  /** Adam's epsilon. */
  private final double adamEpsilon;
  /**
   * Actor threads that collect apart from the learner, each with its own envs and copy of the policy
   * (the training loop's {@code ActorPool}); 0 (the default): collect and learn in turn, no threads.
   */
  private final int actors;
  /** With actors: a trajectory acted more than this many policy versions before the learner's is dropped and counted. */
  private final int maxStaleness;
  /** With actors: trajectories the queue to the learner holds; an actor waits while it is full. */
  private final int queueSize;

  private ImpalaConfig(Builder b) {
    this.learningRate = b.learningRate;
    this.annealLearningRate = b.annealLearningRate;
    this.epochs = b.epochs;
    this.minibatches = b.minibatches;
    this.lambda = b.lambda;
    this.rhoBar = b.rhoBar;
    this.cBar = b.cBar;
    this.pgRhoBar = b.pgRhoBar;
    this.valueCoef = b.valueCoef;
    this.entropyCoef = b.entropyCoef;
    this.maxGradNorm = b.maxGradNorm;
    this.normalizeAdvantages = b.normalizeAdvantages;
    this.adamEpsilon = b.adamEpsilon;
    this.actors = b.actors;
    this.maxStaleness = b.maxStaleness;
    this.queueSize = b.queueSize;
    Check.positive("impala.learningRate", learningRate);
    Check.positive("impala.epochs", epochs);
    Check.positive("impala.minibatches", minibatches);
    Check.inRange("impala.lambda", lambda, 0, 1);
    Check.positive("impala.rhoBar", rhoBar);
    Check.positive("impala.cBar", cBar);
    Check.positive("impala.pgRhoBar", pgRhoBar);
    Check.nonNegative("impala.valueCoef", valueCoef);
    Check.nonNegative("impala.entropyCoef", entropyCoef);
    Check.nonNegative("impala.maxGradNorm", maxGradNorm);
    Check.positive("impala.adamEpsilon", adamEpsilon);
    Check.nonNegative("impala.actors", actors);
    Check.nonNegative("impala.maxStaleness", maxStaleness);
    Check.positive("impala.queueSize", queueSize);
  }

  /** The defaults. */
  public static ImpalaConfig defaults() {
    return builder().build();
  }

  /** V-trace's parameters: {@code lambda}, {@code rhoBar}, {@code cBar}, {@code pgRhoBar}. */
  public Vtrace.Params vtrace() {
    return new Vtrace.Params(lambda, rhoBar, cBar, pgRhoBar);
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

  public double lambda() {
    return lambda;
  }

  public double rhoBar() {
    return rhoBar;
  }

  public double cBar() {
    return cBar;
  }

  public double pgRhoBar() {
    return pgRhoBar;
  }

  public double valueCoef() {
    return valueCoef;
  }

  public double entropyCoef() {
    return entropyCoef;
  }

  public double maxGradNorm() {
    return maxGradNorm;
  }

  public boolean normalizeAdvantages() {
    return normalizeAdvantages;
  }

  public double adamEpsilon() {
    return adamEpsilon;
  }

  /** Actor threads (0: the synchronous loop). */
  public int actors() {
    return actors;
  }

  /** Policy versions a trajectory may lag the learner by before it is dropped (with actors). */
  public int maxStaleness() {
    return maxStaleness;
  }

  /** Capacity of the queue of trajectories from the actors to the learner. */
  public int queueSize() {
    return queueSize;
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
    b.lambda = lambda;
    b.rhoBar = rhoBar;
    b.cBar = cBar;
    b.pgRhoBar = pgRhoBar;
    b.valueCoef = valueCoef;
    b.entropyCoef = entropyCoef;
    b.maxGradNorm = maxGradNorm;
    b.normalizeAdvantages = normalizeAdvantages;
    b.adamEpsilon = adamEpsilon;
    b.actors = actors;
    b.maxStaleness = maxStaleness;
    b.queueSize = queueSize;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImpalaConfig o
        && Double.compare(learningRate, o.learningRate) == 0
        && annealLearningRate == o.annealLearningRate
        && epochs == o.epochs
        && minibatches == o.minibatches
        && Double.compare(lambda, o.lambda) == 0
        && Double.compare(rhoBar, o.rhoBar) == 0
        && Double.compare(cBar, o.cBar) == 0
        && Double.compare(pgRhoBar, o.pgRhoBar) == 0
        && Double.compare(valueCoef, o.valueCoef) == 0
        && Double.compare(entropyCoef, o.entropyCoef) == 0
        && Double.compare(maxGradNorm, o.maxGradNorm) == 0
        && normalizeAdvantages == o.normalizeAdvantages
        && Double.compare(adamEpsilon, o.adamEpsilon) == 0
        && actors == o.actors
        && maxStaleness == o.maxStaleness
        && queueSize == o.queueSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, annealLearningRate, epochs, minibatches, lambda, rhoBar, cBar, pgRhoBar, valueCoef, entropyCoef, maxGradNorm, normalizeAdvantages, adamEpsilon,
        actors, maxStaleness, queueSize);
  }

  @Override
  public String toString() {
    return "ImpalaConfig[learningRate=" + learningRate
        + ", annealLearningRate=" + annealLearningRate
        + ", epochs=" + epochs
        + ", minibatches=" + minibatches
        + ", lambda=" + lambda
        + ", rhoBar=" + rhoBar
        + ", cBar=" + cBar
        + ", pgRhoBar=" + pgRhoBar
        + ", valueCoef=" + valueCoef
        + ", entropyCoef=" + entropyCoef
        + ", maxGradNorm=" + maxGradNorm
        + ", normalizeAdvantages=" + normalizeAdvantages
        + ", adamEpsilon=" + adamEpsilon
        + ", actors=" + actors
        + ", maxStaleness=" + maxStaleness
        + ", queueSize=" + queueSize + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private double learningRate = 6e-4;
    private boolean annealLearningRate = false;
    private int epochs = 1;
    private int minibatches = 1;
    private double lambda = 1.0;
    private double rhoBar = 1.0;
    private double cBar = 1.0;
    private double pgRhoBar = 1.0;
    private double valueCoef = 0.5;
    private double entropyCoef = 0.01;
    private double maxGradNorm = 40.0;
    private boolean normalizeAdvantages = false;
    private double adamEpsilon = 1e-5;
    private int actors = 0;
    private int maxStaleness = 8;
    private int queueSize = 4;

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

    public Builder lambda(double lambda) {
      this.lambda = lambda;
      return this;
    }

    public Builder rhoBar(double rhoBar) {
      this.rhoBar = rhoBar;
      return this;
    }

    public Builder cBar(double cBar) {
      this.cBar = cBar;
      return this;
    }

    public Builder pgRhoBar(double pgRhoBar) {
      this.pgRhoBar = pgRhoBar;
      return this;
    }

    public Builder valueCoef(double valueCoef) {
      this.valueCoef = valueCoef;
      return this;
    }

    public Builder entropyCoef(double entropyCoef) {
      this.entropyCoef = entropyCoef;
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

    public Builder adamEpsilon(double adamEpsilon) {
      this.adamEpsilon = adamEpsilon;
      return this;
    }

    public Builder actors(int actors) {
      this.actors = actors;
      return this;
    }

    public Builder maxStaleness(int maxStaleness) {
      this.maxStaleness = maxStaleness;
      return this;
    }

    public Builder queueSize(int queueSize) {
      this.queueSize = queueSize;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public ImpalaConfig build() {
      return new ImpalaConfig(this);
    }
  }
}
