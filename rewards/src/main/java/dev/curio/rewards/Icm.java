package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.MlpEncoder;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
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
 * {@code phi_t+1}. Loss {@code (1 - beta) L_inv + beta L_fwd} (batch means), one Adam step over all
 * three networks per gradient step. Reward {@code r_t = eta/2 ||phi_hat_t+1 - phi_t+1||^2}.
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
      losses = backward(both, actions);
      params.adamStep(config.learningRate());
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
    int f = config.featureDim();
    double beta = config.beta();
    Mlp.Trace features = encoder.network().trace(both);
    INDArray z = features.output();
    INDArray norms = config.unitFeatures() ? rowNorms(z) : null;
    INDArray phiBoth = norms == null ? z : z.divColumnVector(norms);
    INDArray phi = phiBoth.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
    INDArray phiNext = phiBoth.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all());

    // inverse model: softmax cross-entropy; d/dlogits = (softmax - onehot) / B
    Mlp.Trace inv = inverse.trace(Nd4j.hstack(phi, phiNext));
    INDArray probs = Transforms.softmax(inv.output(), true);
    double lossInverse = -Transforms.log(probs.add(1e-12), false).muli(actions).sumNumber().doubleValue() / b;
    INDArray dInverseInput = inverse.backward(inv, probs.subi(actions).muli((1 - beta) / b), true);

    // forward model: 1/2 ||phi_hat - sg(phi_next)||^2, batch mean
    Mlp.Trace fwd = forward.trace(Nd4j.hstack(phi, actions));
    INDArray error = fwd.output().sub(phiNext);
    double lossForward = error.mul(error).sumNumber().doubleValue() / (2.0 * b);
    INDArray dForwardInput = forward.backward(fwd, error.muli(beta / b), config.forwardTrainsFeatures());

    INDArray dPhi = dInverseInput.get(NDArrayIndex.all(), NDArrayIndex.interval(0, f));
    if (dForwardInput != null) {
      dPhi = dPhi.add(dForwardInput.get(NDArrayIndex.all(), NDArrayIndex.interval(0, f)));
    }
    INDArray dPhiNext = dInverseInput.get(NDArrayIndex.all(), NDArrayIndex.interval(f, 2 * f));
    INDArray dBoth = Nd4j.vstack(dPhi, dPhiNext);
    if (norms != null) {
      // phi = z / s with s = sqrt(|z|^2 + eps): dL/dz = (dL/dphi - phi (phi . dL/dphi)) / s
      INDArray along = dBoth.mul(phiBoth).sum(true, 1);
      dBoth = dBoth.sub(phiBoth.mulColumnVector(along)).diviColumnVector(norms);
    }
    encoder.network().backward(features, dBoth, false);
    return new double[] {lossInverse, lossForward};
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
