package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.MlpEncoder;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Intrinsic curiosity module (Pathak et al. 2017, "Curiosity-driven Exploration by Self-supervised
 * Prediction").
 *
 * <p>Features {@code phi = encoder(s)} ({@code [B, featureDim]}, learned MLP); the inverse model
 * predicts {@code a_t} from {@code [phi_t, phi_t+1]} (softmax cross-entropy {@code L_inv}); the
 * forward model predicts {@code phi_t+1} from {@code [phi_t, onehot(a_t)]} with
 * {@code L_fwd = 1/2 ||phi_hat_t+1 - phi_t+1||^2} and a stop-gradient on the target
 * {@code phi_t+1}. Loss {@code (1 - beta) L_inv + beta L_fwd} (batch means), written on a
 * {@link Tape}, one Adam step over all three networks per gradient step. Reward {@code r_t = eta/2 ||phi_hat_t+1 - phi_t+1||^2}.
 * Whether {@code L_fwd} also reaches phi through {@code phi_t} is {@link IcmConfig#forwardTrainsFeatures};
 * with {@link IcmConfig#unitFeatures} (the default) phi is the encoder output scaled to unit length.
 * Observations are normalised per feature with running statistics and clipped before the encoder
 * ({@link IcmConfig#obsClip}; statistics committed in {@link #update}), as Burda et al. (2018) do for
 * every curiosity model: without it, one-hot or sparse inputs never seen before reach the encoder as
 * near-zero activations that look alike, and novelty hardly shows in the forward error.
 */
public final class Icm implements IntrinsicReward {
  private final IcmConfig config;
  private final int numActions;
  private final RewardStream stream;
  private final Parameters params;
  private final MlpEncoder encoder;
  private final Mlp inverse;
  private final Mlp forward;
  private final ObservationNormalizer normalizer;

  public Icm(IcmConfig config, int[] obsShape, int numActions, long seed) {
    this(config, obsShape, numActions, seed, DataType.FLOAT);
  }

  /** With parameters of {@code dataType} (DOUBLE for gradient checks). */
  Icm(IcmConfig config, int[] obsShape, int numActions, long seed, DataType dataType) {
    this.config = config;
    this.numActions = Shapes.checkActions("icm", numActions);
    int obsDim = Shapes.obsDim("icm", obsShape);
    int f = config.featureDim();
    int h = config.hidden();
    int[] hidden = {h};
    int[] inv = {2 * f, h, numActions};
    int[] fwd = {f + numActions, h, f};
    this.params = new Parameters(MlpEncoder.paramCount(obsDim, hidden, f) + Mlp.paramCount(inv) + Mlp.paramCount(fwd),
        dataType);
    Rng rng = new Rng(seed);
    this.encoder = new MlpEncoder(params, obsDim, hidden, f, Activation.RELU, Activation.IDENTITY, rng.split());
    this.inverse = new Mlp(params, inv, Activation.RELU, Activation.IDENTITY, rng.split());
    this.forward = new Mlp(params, fwd, Activation.RELU, Activation.IDENTITY, rng.split());
    this.normalizer = config.obsClip() > 0 ? new ObservationNormalizer(obsDim, config.obsClip()) : null;
    this.stream = new RewardStream("icm", config.gamma(), config.episodic(), config.coefficient());
  }

  @Override
  public RewardStream stream() {
    return stream;
  }

  /** The learned feature map phi (for inspection, or for another module to share read-only). */
  public MlpEncoder encoder() {
    return encoder;
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    int b = rollout.steps() * rollout.envs();
    INDArray phiBoth = features(inputs(rollout));
    INDArray phi = phiBoth.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
    INDArray phiNext = phiBoth.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all());
    INDArray predicted = forward.forward(Nd4j.hstack(phi, typed(Tensors.oneHotActions(rollout, numActions))));
    return Tensors.timeMajor(Tensors.rowSquaredNorm(predicted.subi(phiNext), config.eta() / 2), rollout);
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    if (normalizer != null) {
      normalizer.commit(Tensors.nextObservations(rollout));
    }
    INDArray both = inputs(rollout);
    INDArray actions = typed(Tensors.oneHotActions(rollout, numActions));
    double[] losses = null;
    for (int step = 0; step < config.gradientSteps(); step++) {
      try (MemoryWorkspace ws = Tape.scratch("curio-icm-update")) {
        losses = backward(both, actions);
        params.adamStep(config.learningRate());
      }
    }
    double beta = config.beta();
    return UpdateStats.of("loss_inverse", losses[0], "loss_forward", losses[1],
        "loss", (1 - beta) * losses[0] + beta * losses[1]);
  }

  /**
   * Writes the gradient of {@code (1 - beta) L_inv + beta L_fwd} into the parameter vector (with
   * the stop-gradient on the forward target, and on phi_t in the forward path unless
   * {@code forwardTrainsFeatures}); returns {@code {L_inv, L_fwd}}.
   *
   * @param both {@code [2B, obsDim]}: the B observations, then their B successors
   * @param actions {@code [B, numActions]} one-hot
   */
  double[] backward(INDArray both, INDArray actions) {
    int b = (int) actions.rows();
    double beta = config.beta();
    Tape t = Tape.training();
    // one encoder pass over s_t and s_t+1 stacked; both halves' gradients meet in it
    Var phiBoth = features(t, encoder.network().forward(t, t.constant(both)));
    Var phi = phiBoth.rows(0, b);
    Var phiNext = phiBoth.rows(b, 2 * b);
    Var onehot = t.constant(actions);

    // inverse model: softmax cross-entropy of a_t, batch mean
    Var logProbs = inverse.forward(t, t.hstack(phi, phiNext)).logSoftmax();
    Var lossInverse = logProbs.mul(onehot).sum().mul(-1.0 / b);

    // forward model: 1/2 ||phi_hat - sg(phi_next)||^2, batch mean; phi_t reaches the encoder only
    // when the forward loss trains the features
    Var phiIn = config.forwardTrainsFeatures() ? phi : phi.detach();
    Var predicted = forward.forward(t, t.hstack(phiIn, onehot));
    Var lossForward = predicted.sub(phiNext.detach()).square().sum().mul(1.0 / (2.0 * b));

    t.backward(lossInverse.mul(1 - beta).add(lossForward.mul(beta)));
    return new double[] {lossInverse.scalar(), lossForward.scalar()};
  }

  /**
   * {@code {L_inv, L_fwd}} by forward passes only, the forward loss against {@code target}
   * {@code [B, featureDim]} (for gradient checks that hold the stopped target fixed).
   */
  double[] losses(INDArray both, INDArray actions, INDArray target) {
    int b = (int) actions.rows();
    INDArray phiBoth = features(both);
    INDArray phi = phiBoth.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
    INDArray phiNext = phiBoth.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all());
    INDArray probs = Transforms.softmax(inverse.forward(Nd4j.hstack(phi, phiNext)), false);
    double lossInverse = -Transforms.log(probs, false).muli(actions).sumNumber().doubleValue() / b;
    INDArray error = forward.forward(Nd4j.hstack(phi, actions)).subi(target);
    return new double[] {lossInverse, error.mul(error).sumNumber().doubleValue() / (2.0 * b)};
  }

  /** phi of already-normalised inputs: the encoder's output, scaled to unit rows when configured. */
  INDArray features(INDArray inputs) {
    INDArray z = encoder.encode(inputs);
    return config.unitFeatures() ? z.divColumnVector(rowNorms(z)) : z;
  }

  /** {@code [R, 1]} row lengths {@code sqrt(|z|^2 + 1e-8)}: never zero, differentiable everywhere. */
  private static INDArray rowNorms(INDArray z) {
    return Transforms.sqrt(z.mul(z).sum(true, 1).addi(1e-8), false);
  }

  /** phi on {@code t} from the encoder output {@code z}: {@code z / sqrt(|z|^2 + 1e-8)} per row when configured. */
  private Var features(Tape t, Var z) {
    return config.unitFeatures() ? z.mulColumn(z.square().sumRows().add(1e-8).pow(-0.5)) : z;
  }

  /** The flat vector of all three networks (encoder first), for tests. */
  Parameters parameters() {
    return params;
  }

  /** {@code [2B, obsDim]}: the observations, then their successors, normalised when configured. */
  private INDArray inputs(Trajectory rollout) {
    INDArray both = Nd4j.vstack(Tensors.observations(rollout), Tensors.nextObservations(rollout));
    return typed(normalizer == null ? both : normalizer.normalize(both));
  }

  private INDArray typed(INDArray a) {
    return a.dataType() == params.dataType() ? a : a.castTo(params.dataType());
  }

  /** Weights and Adam state of the encoder, inverse and forward models (one flat vector). */
  @Override
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", "icm").putChild("params", params.state());
    return normalizer == null ? s : s.putChild("obs_stats", normalizer.state());
  }

  @Override
  public void restore(Snapshot state) {
    Shapes.checkModule(state, "icm");
    params.restore(state.child("params"));
    if (normalizer != null) {
      normalizer.restore(state.child("obs_stats"), "ICM");
    }
  }
}
