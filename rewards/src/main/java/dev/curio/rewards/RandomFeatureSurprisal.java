package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.RandomEncoder;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Random-feature surprisal (Burda, Edwards, Pathak et al. 2018, "Large-Scale Study of
 * Curiosity-Driven Learning", the random-features variant): a fixed, randomly initialised encoder
 * {@code phi} ({@code [B, featureDim]}, never trained) and a learned forward model
 * {@code phi_hat_t+1 = g([phi_t, onehot(a_t)])}; reward and loss are the prediction error
 * {@code r_t = mean_k (phi_hat_t+1 - phi_t+1)_k^2}.
 *
 * <p>With {@code normalizeObservations} (the default) the encoder sees observations normalised per
 * feature by running statistics and clipped to {@code [-obsClip, obsClip]}, as the paper's models do:
 * without it, features that are mostly 0 (one-hot or sparse observations) give a novel state random
 * features close to those of every other state. The statistics take each rollout's next observations in
 * {@code update}, after its rewards were computed (as {@link Rnd}'s); the paper fixes them from an initial
 * random-agent phase instead.
 */
public final class RandomFeatureSurprisal implements IntrinsicReward {
  private final RfsConfig config;
  private final int numActions;
  private final RewardStream stream;
  private final RandomEncoder features;
  private final Parameters params;
  private final Mlp forward;
  /**
   * The observations' running statistics; null without {@code normalizeObservations}, or after restoring a
   * snapshot saved without them.
   */
  private ObservationNormalizer normalizer;

  public RandomFeatureSurprisal(RfsConfig config, int[] obsShape, int numActions, long seed) {
    this.config = config;
    this.numActions = Shapes.checkActions("rfs", numActions);
    int obsDim = Shapes.obsDim("rfs", obsShape);
    int f = config.featureDim();
    Rng rng = new Rng(seed);
    this.features = new RandomEncoder(obsDim, new int[] {config.hidden()}, f, Activation.RELU, rng.split());
    int[] sizes = {f + numActions, config.hidden(), f};
    this.params = new Parameters(Mlp.paramCount(sizes));
    this.forward = new Mlp(params, sizes, Activation.RELU, Activation.IDENTITY, rng.split());
    this.stream = new RewardStream("rfs", config.gamma(), config.episodic(), config.coefficient());
    this.normalizer = config.normalizeObservations() ? new ObservationNormalizer(obsDim, config.obsClip()) : null;
  }

  @Override
  public RewardStream stream() {
    return stream;
  }

  /** {@code [B, f + A]} forward-model inputs and {@code [B, f]} targets of {@code rollout}. */
  private INDArray[] inputsAndTargets(Trajectory rollout) {
    return Tensors.forwardModelIO(rollout, features, normalizer, numActions);
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    INDArray[] io = inputsAndTargets(rollout);
    INDArray error = forward.forward(io[0]).subi(io[1]);
    return Tensors.timeMajor(Tensors.rowSquaredNorm(error, 1.0 / config.featureDim()), rollout);
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    if (normalizer != null) {
      normalizer.commit(Tensors.nextObservations(rollout));
    }
    INDArray[] io = inputsAndTargets(rollout);
    double loss = 0;
    for (int step = 0; step < config.gradientSteps(); step++) {
      // mean over rows and feature dims of (phi_hat_t+1 - phi_t+1)^2; the random features are fixed
      try (MemoryWorkspace ws = Tape.scratch("curio-rfs-update")) {
        Tape t = Tape.training();
        Var mse = forward.forward(t, t.constant(io[0])).sub(t.constant(io[1])).square().mean();
        if (step == config.gradientSteps() - 1) {
          loss = mse.scalar(); // one host read, for the last step only
        }
        t.backward(mse);
        params.adamStep(config.learningRate());
      }
    }
    return UpdateStats.of("loss_forward", loss);
  }

  /** Forward-model weights and Adam state, the encoder's fixed weights, and the observation statistics. */
  @Override
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", "rfs").putChild("forward", params.state())
        .putChild("features", features.state());
    return normalizer == null ? s : s.putChild("obs_stats", normalizer.state());
  }

  @Override
  public void restore(Snapshot state) {
    Shapes.checkModule(state, "rfs");
    if (normalizer != null && state.has("obs_stats")) {
      normalizer.restore(state.child("obs_stats"), "RFS");
    } else if (normalizer != null) {
      // saved without normalisation (a run from before rewards.rfs.normalizeObservations existed, or with it
      // off): its forward model learned on raw inputs, so the run goes on as it was, without
      normalizer = null;
    }
    params.restore(state.child("forward"));
    features.restore(state.child("features"));
  }
}
