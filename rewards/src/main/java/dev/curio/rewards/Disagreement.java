package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.representation.RandomEncoder;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exploration by disagreement (Pathak, Gandhi and Gupta 2019, "Self-Supervised Exploration via
 * Disagreement"): an ensemble of {@code K} forward models {@code g_k([phi_t, onehot(a_t)]) -> phi_t+1}
 * over one fixed, randomly initialised encoder {@code phi} (as {@link RandomFeatureSurprisal}'s), each
 * from its own initial weights. The reward is how much the models disagree about the next features,
 * {@code r_t = mean_f var_k g_k(...)_f}, not how wrong they are: where the next state is unpredictable
 * (a noisy TV) every model learns the same mean and the variance goes to 0, while a transition none of
 * them has learned yet leaves them apart.
 *
 * <p>Each model trains on the squared error to {@code phi_t+1}, each sample kept with probability
 * {@code keepProbability} per model and gradient step and the kept ones weighted by its inverse (the
 * reference code's dropout of per-sample losses), so that the models do not all fit the same samples at
 * once. Observations are normalised per feature with running statistics before the encoder, as in {@link
 * RandomFeatureSurprisal}. Discrete actions only (one-hot into the forward models).
 */
public final class Disagreement implements IntrinsicReward {
  private final DisagreementConfig config;
  private final int numActions;
  private final RewardStream stream;
  private final RandomEncoder features;
  private final List<Parameters> params = new ArrayList<>();
  private final List<Mlp> models = new ArrayList<>();
  /** The samples each model keeps, per update; advanced only by {@link #update}. */
  private Rng masks;
  /** The observations' running statistics; null without {@code normalizeObservations}. */
  private final ObservationNormalizer normalizer;

  public Disagreement(DisagreementConfig config, int[] obsShape, int numActions, long seed) {
    this.config = config;
    this.numActions = Shapes.checkActions("disagreement", numActions);
    int obsDim = Shapes.obsDim("disagreement", obsShape);
    int f = config.featureDim();
    Rng rng = new Rng(seed);
    this.features = new RandomEncoder(obsDim, new int[] {config.hidden()}, f, Activation.RELU, rng.split());
    int[] sizes = {f + numActions, config.hidden(), f};
    for (int k = 0; k < config.ensembleSize(); k++) {
      Parameters p = new Parameters(Mlp.paramCount(sizes));
      params.add(p);
      models.add(new Mlp(p, sizes, Activation.RELU, Activation.IDENTITY, rng.split()));
    }
    this.masks = rng.split();
    this.stream = new RewardStream("disagreement", config.gamma(), config.episodic(), config.coefficient());
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
    INDArray inputs = inputsAndTargets(rollout)[0];
    int k = models.size();
    // the ensemble's variance per row and feature, in two passes (the mean, then the squared deviations
    // from it), which stays exact where the models nearly agree
    List<INDArray> predictions = new ArrayList<>(k);
    INDArray mean = null;
    for (Mlp m : models) {
      INDArray g = m.forward(inputs);
      predictions.add(g);
      mean = mean == null ? g.dup() : mean.addi(g);
    }
    mean.divi(k);
    INDArray variance = null;
    for (INDArray g : predictions) {
      INDArray d = g.sub(mean);
      variance = variance == null ? d.muli(d) : variance.addi(d.muli(d));
    }
    variance.divi(k);
    return Tensors.timeMajor(variance.mean(1), rollout);
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    if (normalizer != null) {
      normalizer.commit(Tensors.nextObservations(rollout));
    }
    INDArray[] io = inputsAndTargets(rollout);
    int b = (int) io[0].rows();
    double keep = config.keepProbability();
    double loss = 0;
    for (int step = 0; step < config.gradientSteps(); step++) {
      boolean last = step == config.gradientSteps() - 1;
      for (int k = 0; k < models.size(); k++) {
        float[] mask = new float[b];
        for (int i = 0; i < b; i++) {
          mask[i] = keep >= 1 || masks.nextBoolean(keep) ? (float) (1.0 / keep) : 0f;
        }
        // mean over rows and features of the kept rows' (g_k - phi_t+1)^2, kept rows weighted by 1 / keep
        try (MemoryWorkspace ws = Tape.scratch("curio-disagreement-update")) {
          Tape t = Tape.training();
          Var mse = models.get(k).forward(t, t.constant(io[0])).sub(t.constant(io[1])).square()
              .mulColumn(t.constant(Nd4j.create(mask, new long[] {b, 1}, DataType.FLOAT))).mean();
          if (last) {
            loss += mse.scalar() / models.size(); // one host read per model, for the last step only
          }
          t.backward(mse);
          params.get(k).adamStep(config.learningRate());
        }
      }
    }
    return UpdateStats.of("loss_forward", loss);
  }

  /** Every model's weights and Adam state, the encoder's fixed weights, the mask stream and the statistics. */
  @Override
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", "disagreement").putLong("models", models.size())
        .putChild("features", features.state()).putLongs("masks", masks.state());
    for (int k = 0; k < models.size(); k++) {
      s.putChild("model" + k, params.get(k).state());
    }
    return normalizer == null ? s : s.putChild("obs_stats", normalizer.state());
  }

  @Override
  public void restore(Snapshot state) {
    Shapes.checkModule(state, "disagreement");
    // every entry looked up before anything changes
    if (state.getLong("models") != models.size()) {
      throw new IllegalArgumentException("disagreement: the snapshot holds " + state.getLong("models")
          + " forward models, this module has " + models.size() + " (rewards.disagreement.ensembleSize)");
    }
    if (state.has("obs_stats") != (normalizer != null)) {
      throw new IllegalArgumentException("disagreement: the snapshot was saved with normalizeObservations "
          + state.has("obs_stats") + ", this module has " + (normalizer != null)
          + " (rewards.disagreement.normalizeObservations)");
    }
    List<Snapshot> saved = new ArrayList<>(models.size());
    for (int k = 0; k < models.size(); k++) {
      saved.add(state.child("model" + k));
    }
    Snapshot encoder = state.child("features");
    long[] maskState = state.longs("masks");
    for (int k = 0; k < models.size(); k++) {
      params.get(k).restore(saved.get(k));
    }
    features.restore(encoder);
    if (normalizer != null) {
      normalizer.restore(state.child("obs_stats"), "disagreement");
    }
    masks = Rng.fromState(maskState);
  }
}
