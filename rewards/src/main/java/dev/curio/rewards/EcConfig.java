package dev.curio.rewards;

import dev.curio.core.config.Check;
import java.util.List;
import java.util.Objects;

/**
 * Config of {@link EpisodicCuriosity} (keys {@code rewards.ec.*}).
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class EcConfig implements RewardConfig {
  /** Positives are pairs at most k steps apart in one episode; default 5 (paper). */
  private final int k;
  /**
   * Negatives are pairs more than {@code negativeGap * k} steps apart in one episode (the paper's gamma);
   * default 5 (paper).
   */
  private final int negativeGap;
  /**
   * Whether positives include a frame paired with itself (gap 0, so positives are 0..k steps apart instead of
   * 1..k); default false. With position one-hot observations and a small k the comparator otherwise never sees
   * an identical pair and may call a revisit novel (docs/rewards.md, "Unseen cells must look far").
   */
  private final boolean selfPairs;
  /** Width of the shared embedding; default 32. */
  private final int embeddingDim;
  /** Hidden width of the embedding network and of the comparator head; default 64. */
  private final int hidden;
  /**
   * Factor on the embedding's first-layer weights after the usual initialisation; default 1. With one-hot
   * observations an input the comparator never trained on keeps its initial weights; a large factor gives each
   * such input its own embedding far from the trained ones instead of one shared embedding near all of them
   * (docs/rewards.md).
   */
  private final double initScale;
  /**
   * What the comparator reads: {@code concat}, the two embeddings side by side (the paper's R-network; default),
   * or {@code difference}, their element-wise distance {@code |e_a - e_b|}. The difference head is symmetric and
   * scores every identical pair alike, so what the self pairs teach holds for every frame: one that repeats soon
   * looks near, however far its embedding lies from the training data (docs/rewards.md, "The comparator's
   * head").
   */
  private final String head;
  /** Adam step size of the comparator; default 1e-3. */
  private final double learningRate;
  /** M, embeddings kept per env and episode (random replacement when full); default 200. */
  private final int memoryCapacity;
  /** Which percentile of the comparator scores against memory is the similarity C; default 90 (paper). */
  private final double percentile;
  /** An observation joins the memory when {@code C < noveltyThreshold}; default 0.5 (paper). */
  private final double noveltyThreshold;
  /**
   * Reward scale in {@code alpha (beta - C)}; default 0.05, so that a 40-step episode of pure novelty earns
   * about the goal's reward of 1 (the paper's 0.0302 suits its reward scale).
   */
  private final double alpha;
  /** Reward offset in {@code alpha (beta - C)}; default 0.5 (paper). */
  private final double beta;
  /**
   * True: train the comparator once on random-policy walks before RL (the loop collects {@code pretrainSteps} of
   * them) and never again; false: train it online, every {@code trainEvery} updates, on the agent's own recent
   * trajectories (bonus 0 until the first training); default false.
   */
  private final boolean pretrained;
  /** Env steps of random-policy walks in pretrained mode; default 20000. */
  private final int pretrainSteps;
  /** Online mode: updates between comparator trainings; default 4. */
  private final int trainEvery;
  /** Adam steps per online training (pre-training takes 16x as many); default 64. */
  private final int trainSteps;
  /** Pairs per Adam step, half positive, half negative; default 128. */
  private final int batchSize;
  /** Online mode: recent frames kept per env for training pairs; default 1000. */
  private final int bufferSteps;
  /** Discount of the stream; default 0.99. */
  private final double gamma;
  /**
   * Whether the stream's returns are cut at episode ends; default true (the bonus is a function of this
   * episode's memory).
   */
  private final boolean episodic;
  /** Weight of the stream in the mixed advantage; default 1. */
  private final double coefficient;

  private EcConfig(Builder b) {
    this.k = b.k;
    this.negativeGap = b.negativeGap;
    this.selfPairs = b.selfPairs;
    this.embeddingDim = b.embeddingDim;
    this.hidden = b.hidden;
    this.initScale = b.initScale;
    this.head = b.head;
    this.learningRate = b.learningRate;
    this.memoryCapacity = b.memoryCapacity;
    this.percentile = b.percentile;
    this.noveltyThreshold = b.noveltyThreshold;
    this.alpha = b.alpha;
    this.beta = b.beta;
    this.pretrained = b.pretrained;
    this.pretrainSteps = b.pretrainSteps;
    this.trainEvery = b.trainEvery;
    this.trainSteps = b.trainSteps;
    this.batchSize = b.batchSize;
    this.bufferSteps = b.bufferSteps;
    this.gamma = b.gamma;
    this.episodic = b.episodic;
    this.coefficient = b.coefficient;
    Check.positive("rewards.ec.k", k);
    Check.positive("rewards.ec.negativeGap", negativeGap);
    Check.positive("rewards.ec.embeddingDim", embeddingDim);
    Check.positive("rewards.ec.hidden", hidden);
    Check.positive("rewards.ec.initScale", initScale);
    Check.that(head != null && HEADS.contains(head), "rewards.ec.head", "must be one of " + HEADS + ", got " + head);
    Check.positive("rewards.ec.learningRate", learningRate);
    Check.that(memoryCapacity >= 2, "rewards.ec.memoryCapacity", "must be >= 2, got " + memoryCapacity);
    Check.inRange("rewards.ec.percentile", percentile, 0.0, 100.0);
    Check.inOpenRange("rewards.ec.noveltyThreshold", noveltyThreshold, 0.0, 1.0);
    Check.positive("rewards.ec.alpha", alpha);
    Check.that(Double.isFinite(beta), "rewards.ec.beta", "must be finite, got " + beta);
    Check.positive("rewards.ec.pretrainSteps", pretrainSteps);
    Check.positive("rewards.ec.trainEvery", trainEvery);
    Check.positive("rewards.ec.trainSteps", trainSteps);
    Check.that(batchSize >= 2, "rewards.ec.batchSize", "must be >= 2 (half positive, half negative), got " + batchSize);
    Check.that(bufferSteps > (long) k * negativeGap + 1, "rewards.ec.bufferSteps",
        "must exceed negativeGap * k + 1 = " + ((long) k * negativeGap + 1) + " so that negatives exist, got "
            + bufferSteps);
    Check.inRange("rewards.ec.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.ec.coefficient", "must be finite, got " + coefficient);
  }

  /** The comparator heads ({@link #head()}). */
  public static final List<String> HEADS = List.of("concat", "difference");

  public static EcConfig defaults() {
    return builder().build();
  }

  /** These settings with positives at most {@code k} and negatives more than {@code negativeGap * k} apart. */
  public EcConfig withReach(int k, int negativeGap) {
    return toBuilder().k(k).negativeGap(negativeGap).build();
  }

  /** These settings with comparator head {@code head} ({@link #HEADS}). */
  public EcConfig withHead(String head) {
    return toBuilder().head(head).build();
  }

  /** Whether the comparator reads {@code |e_a - e_b|} ({@code head: difference}). */
  public boolean differenceHead() {
    return "difference".equals(head);
  }

  /** These settings in pretrained mode ({@code true}) or online mode. */
  public EcConfig withPretrained(boolean pretrained) {
    return toBuilder().pretrained(pretrained).build();
  }

  public int k() {
    return k;
  }

  public int negativeGap() {
    return negativeGap;
  }

  public boolean selfPairs() {
    return selfPairs;
  }

  public int embeddingDim() {
    return embeddingDim;
  }

  public int hidden() {
    return hidden;
  }

  public double initScale() {
    return initScale;
  }

  public String head() {
    return head;
  }

  public double learningRate() {
    return learningRate;
  }

  public int memoryCapacity() {
    return memoryCapacity;
  }

  public double percentile() {
    return percentile;
  }

  public double noveltyThreshold() {
    return noveltyThreshold;
  }

  public double alpha() {
    return alpha;
  }

  public double beta() {
    return beta;
  }

  public boolean pretrained() {
    return pretrained;
  }

  public int pretrainSteps() {
    return pretrainSteps;
  }

  public int trainEvery() {
    return trainEvery;
  }

  public int trainSteps() {
    return trainSteps;
  }

  public int batchSize() {
    return batchSize;
  }

  public int bufferSteps() {
    return bufferSteps;
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
    b.k = k;
    b.negativeGap = negativeGap;
    b.selfPairs = selfPairs;
    b.embeddingDim = embeddingDim;
    b.hidden = hidden;
    b.initScale = initScale;
    b.head = head;
    b.learningRate = learningRate;
    b.memoryCapacity = memoryCapacity;
    b.percentile = percentile;
    b.noveltyThreshold = noveltyThreshold;
    b.alpha = alpha;
    b.beta = beta;
    b.pretrained = pretrained;
    b.pretrainSteps = pretrainSteps;
    b.trainEvery = trainEvery;
    b.trainSteps = trainSteps;
    b.batchSize = batchSize;
    b.bufferSteps = bufferSteps;
    b.gamma = gamma;
    b.episodic = episodic;
    b.coefficient = coefficient;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EcConfig o
        && k == o.k
        && negativeGap == o.negativeGap
        && selfPairs == o.selfPairs
        && embeddingDim == o.embeddingDim
        && hidden == o.hidden
        && Double.compare(initScale, o.initScale) == 0
        && Objects.equals(head, o.head)
        && Double.compare(learningRate, o.learningRate) == 0
        && memoryCapacity == o.memoryCapacity
        && Double.compare(percentile, o.percentile) == 0
        && Double.compare(noveltyThreshold, o.noveltyThreshold) == 0
        && Double.compare(alpha, o.alpha) == 0
        && Double.compare(beta, o.beta) == 0
        && pretrained == o.pretrained
        && pretrainSteps == o.pretrainSteps
        && trainEvery == o.trainEvery
        && trainSteps == o.trainSteps
        && batchSize == o.batchSize
        && bufferSteps == o.bufferSteps
        && Double.compare(gamma, o.gamma) == 0
        && episodic == o.episodic
        && Double.compare(coefficient, o.coefficient) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(k, negativeGap, selfPairs, embeddingDim, hidden, initScale, head, learningRate,
        memoryCapacity, percentile, noveltyThreshold, alpha, beta, pretrained, pretrainSteps, trainEvery, trainSteps,
        batchSize, bufferSteps, gamma, episodic, coefficient);
  }

  @Override
  public String toString() {
    return "EcConfig[k=" + k
        + ", negativeGap=" + negativeGap
        + ", selfPairs=" + selfPairs
        + ", embeddingDim=" + embeddingDim
        + ", hidden=" + hidden
        + ", initScale=" + initScale
        + ", head=" + head
        + ", learningRate=" + learningRate
        + ", memoryCapacity=" + memoryCapacity
        + ", percentile=" + percentile
        + ", noveltyThreshold=" + noveltyThreshold
        + ", alpha=" + alpha
        + ", beta=" + beta
        + ", pretrained=" + pretrained
        + ", pretrainSteps=" + pretrainSteps
        + ", trainEvery=" + trainEvery
        + ", trainSteps=" + trainSteps
        + ", batchSize=" + batchSize
        + ", bufferSteps=" + bufferSteps
        + ", gamma=" + gamma
        + ", episodic=" + episodic
        + ", coefficient=" + coefficient
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private int k = 5;
    private int negativeGap = 5;
    private boolean selfPairs = false;
    private int embeddingDim = 32;
    private int hidden = 64;
    private double initScale = 1.0;
    private String head = "concat";
    private double learningRate = 1e-3;
    private int memoryCapacity = 200;
    private double percentile = 90;
    private double noveltyThreshold = 0.5;
    private double alpha = 0.05;
    private double beta = 0.5;
    private boolean pretrained = false;
    private int pretrainSteps = 20_000;
    private int trainEvery = 4;
    private int trainSteps = 64;
    private int batchSize = 128;
    private int bufferSteps = 1000;
    private double gamma = 0.99;
    private boolean episodic = true;
    private double coefficient = 1.0;

    private Builder() {}

    public Builder k(int k) {
      this.k = k;
      return this;
    }

    public Builder negativeGap(int negativeGap) {
      this.negativeGap = negativeGap;
      return this;
    }

    public Builder selfPairs(boolean selfPairs) {
      this.selfPairs = selfPairs;
      return this;
    }

    public Builder embeddingDim(int embeddingDim) {
      this.embeddingDim = embeddingDim;
      return this;
    }

    public Builder hidden(int hidden) {
      this.hidden = hidden;
      return this;
    }

    public Builder initScale(double initScale) {
      this.initScale = initScale;
      return this;
    }

    public Builder head(String head) {
      this.head = head;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder memoryCapacity(int memoryCapacity) {
      this.memoryCapacity = memoryCapacity;
      return this;
    }

    public Builder percentile(double percentile) {
      this.percentile = percentile;
      return this;
    }

    public Builder noveltyThreshold(double noveltyThreshold) {
      this.noveltyThreshold = noveltyThreshold;
      return this;
    }

    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    public Builder beta(double beta) {
      this.beta = beta;
      return this;
    }

    public Builder pretrained(boolean pretrained) {
      this.pretrained = pretrained;
      return this;
    }

    public Builder pretrainSteps(int pretrainSteps) {
      this.pretrainSteps = pretrainSteps;
      return this;
    }

    public Builder trainEvery(int trainEvery) {
      this.trainEvery = trainEvery;
      return this;
    }

    public Builder trainSteps(int trainSteps) {
      this.trainSteps = trainSteps;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder bufferSteps(int bufferSteps) {
      this.bufferSteps = bufferSteps;
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
    public EcConfig build() {
      return new EcConfig(this);
    }
  }
}
