package dev.curio.representation.acstate;

import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;

/**
 * Config of the neural AC-State encoder ({@link AcStateEncoder}; keys {@code encoder.acState.*}).
 * Validated in the compact constructor; each bad value is a one-line {@link ConfigException} that
 * names its key, e.g. {@code encoder.acState.maxK: must be >= 1, got 0}.
 *
 * <p>Build one with {@link #builder()} (starts from {@link #defaults()}) or change one with
 * {@link #toBuilder()}, so no setting is positional in calling code.
 *
 * @param bottleneck vector quantisation (the paper's) or none (continuous latent, for comparison)
 * @param maxK the horizon {@code K}: {@code k} is drawn uniformly from {@code 1..K}; default 3
 * @param codes codebook size (used only by {@link Bottleneck#VQ}); default 8
 * @param latentDim width of {@code z} and of each code; default 8
 * @param encoderHidden width of the encoder's one hidden layer (ReLU); default 32
 * @param headHidden width of the hidden layer of the inverse head and the forward head (ReLU); default 32
 * @param kEmbedding width of the learned embedding of {@code k}; default 4
 * @param learningRate Adam step size; default 3e-3
 * @param commitmentCost weight of {@code ||z - sg(q)||^2}; default 0.25 (van den Oord et al. 2017,
 *     the value issue 25 asks for)
 * @param forwardWeight weight of the forward-model loss (Levine, Stone and Zhang 2024); 0, the
 *     default, builds no forward head
 * @param forwardLoss what the forward head predicts ({@link ForwardLoss}); default {@code LATENT};
 *     {@code CODE} needs the {@code VQ} bottleneck
 * @param batchSize pairs per gradient step; default 128
 * @param gradientSteps gradient steps per {@link AcStateEncoder#update()}; default 1
 * @param bufferCapacity steps the buffer keeps (the oldest are overwritten); default 10000
 * @param deadCodeWindow every this many gradient steps, codes no batch used since the last check
 *     move to random encoder outputs of the current batch; 0 never; default 50
 */
public record AcStateConfig(Bottleneck bottleneck, int maxK, int codes, int latentDim, int encoderHidden,
    int headHidden, int kEmbedding, double learningRate, double commitmentCost, double forwardWeight,
    ForwardLoss forwardLoss, int batchSize, int gradientSteps, int bufferCapacity, int deadCodeWindow) {

  /** The information bottleneck between the encoder and the heads. */
  public enum Bottleneck {
    /** Nearest code of a learned codebook, straight-through gradient (van den Oord et al. 2017). */
    VQ,
    /** None: {@code z} goes to the heads as it is (for comparison). */
    CONTINUOUS
  }

  /** What the forward head predicts from {@code (q_t, onehot(a_t))}, and its loss. */
  public enum ForwardLoss {
    /** The bottleneck's output at {@code t+1}: squared error {@code ||f(q_t, a_t) - sg(q_{t+1})||^2}. */
    LATENT,
    /**
     * The code index of {@code x_{t+1}}: logits over the codebook, softmax cross-entropy (a likelihood
     * of the next code, the form of ACDF's forward model). Needs {@link Bottleneck#VQ}.
     */
    CODE
  }

  private static final String P = "encoder.acState.";

  /** Checks every value; see the class comment. */
  public AcStateConfig {
    Check.notNull(P + "bottleneck", bottleneck);
    Check.positive(P + "maxK", maxK);
    Check.positive(P + "codes", codes);
    Check.positive(P + "latentDim", latentDim);
    Check.positive(P + "encoderHidden", encoderHidden);
    Check.positive(P + "headHidden", headHidden);
    Check.positive(P + "kEmbedding", kEmbedding);
    Check.positive(P + "learningRate", learningRate);
    Check.nonNegative(P + "commitmentCost", commitmentCost);
    Check.nonNegative(P + "forwardWeight", forwardWeight);
    Check.notNull(P + "forwardLoss", forwardLoss);
    Check.that(forwardLoss != ForwardLoss.CODE || bottleneck == Bottleneck.VQ, P + "forwardLoss",
        "is CODE, a likelihood of the next code, but encoder.acState.bottleneck is CONTINUOUS, which has no codes;"
            + " use LATENT");
    Check.positive(P + "batchSize", batchSize);
    Check.positive(P + "gradientSteps", gradientSteps);
    Check.positive(P + "bufferCapacity", bufferCapacity);
    Check.nonNegative(P + "deadCodeWindow", deadCodeWindow);
  }

  /** The defaults listed on the components. */
  public static AcStateConfig defaults() {
    return new AcStateConfig(Bottleneck.VQ, 3, 8, 8, 32, 32, 4, 3e-3, 0.25, 0.0, ForwardLoss.LATENT, 128, 1, 10_000,
        50);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Named setters over a copy of a config; {@link #build()} validates. */
  public static final class Builder {
    private Bottleneck bottleneck;
    private int maxK;
    private int codes;
    private int latentDim;
    private int encoderHidden;
    private int headHidden;
    private int kEmbedding;
    private double learningRate;
    private double commitmentCost;
    private double forwardWeight;
    private ForwardLoss forwardLoss;
    private int batchSize;
    private int gradientSteps;
    private int bufferCapacity;
    private int deadCodeWindow;

    /** Starts from {@link #defaults()} (the config loader binds {@code encoder.acState.*} keys through it). */
    private Builder() {
      this(defaults());
    }

    private Builder(AcStateConfig c) {
      bottleneck = c.bottleneck;
      maxK = c.maxK;
      codes = c.codes;
      latentDim = c.latentDim;
      encoderHidden = c.encoderHidden;
      headHidden = c.headHidden;
      kEmbedding = c.kEmbedding;
      learningRate = c.learningRate;
      commitmentCost = c.commitmentCost;
      forwardWeight = c.forwardWeight;
      forwardLoss = c.forwardLoss;
      batchSize = c.batchSize;
      gradientSteps = c.gradientSteps;
      bufferCapacity = c.bufferCapacity;
      deadCodeWindow = c.deadCodeWindow;
    }

    /** See {@link AcStateConfig#bottleneck()}. */
    public Builder bottleneck(Bottleneck v) {
      bottleneck = v;
      return this;
    }

    /** See {@link AcStateConfig#maxK()}. */
    public Builder maxK(int v) {
      maxK = v;
      return this;
    }

    /** See {@link AcStateConfig#codes()}. */
    public Builder codes(int v) {
      codes = v;
      return this;
    }

    /** See {@link AcStateConfig#latentDim()}. */
    public Builder latentDim(int v) {
      latentDim = v;
      return this;
    }

    /** See {@link AcStateConfig#encoderHidden()}. */
    public Builder encoderHidden(int v) {
      encoderHidden = v;
      return this;
    }

    /** See {@link AcStateConfig#headHidden()}. */
    public Builder headHidden(int v) {
      headHidden = v;
      return this;
    }

    /** See {@link AcStateConfig#kEmbedding()}. */
    public Builder kEmbedding(int v) {
      kEmbedding = v;
      return this;
    }

    /** See {@link AcStateConfig#learningRate()}. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** See {@link AcStateConfig#commitmentCost()}. */
    public Builder commitmentCost(double v) {
      commitmentCost = v;
      return this;
    }

    /** See {@link AcStateConfig#forwardWeight()}. */
    public Builder forwardWeight(double v) {
      forwardWeight = v;
      return this;
    }

    /** See {@link AcStateConfig#forwardLoss()}. */
    public Builder forwardLoss(ForwardLoss v) {
      forwardLoss = v;
      return this;
    }

    /** See {@link AcStateConfig#batchSize()}. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** See {@link AcStateConfig#gradientSteps()}. */
    public Builder gradientSteps(int v) {
      gradientSteps = v;
      return this;
    }

    /** See {@link AcStateConfig#bufferCapacity()}. */
    public Builder bufferCapacity(int v) {
      bufferCapacity = v;
      return this;
    }

    /** See {@link AcStateConfig#deadCodeWindow()}. */
    public Builder deadCodeWindow(int v) {
      deadCodeWindow = v;
      return this;
    }

    /** The config; throws a {@link ConfigException} naming the first bad key. */
    public AcStateConfig build() {
      return new AcStateConfig(bottleneck, maxK, codes, latentDim, encoderHidden, headHidden, kEmbedding,
          learningRate, commitmentCost, forwardWeight, forwardLoss, batchSize, gradientSteps, bufferCapacity,
          deadCodeWindow);
    }
  }
}
