package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.representation.RandomEncoder;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Random network distillation (Burda et al. 2018, "Exploration by Random Network Distillation").
 *
 * <p>On the NEXT observation {@code s'} ({@code [B, obsDim]}): normalise per feature with running
 * statistics and clip, {@code x = clip((s' - mu) / sigma, -obsClip, obsClip)}; a fixed random target
 * {@code f(x)} and a trained predictor {@code f_hat(x)} (both {@code [B, outputDim]}); reward
 * {@code r = mean_k (f_hat(x) - f(x))_k^2}. {@link #update} first merges the rollout's next
 * observations into the statistics, then trains the predictor on that same error, averaged over a
 * seeded Bernoulli({@code updateProportion}) mask of the batch. {@link #compute} normalises with the
 * committed statistics; before the first update there are none, so it uses the rollout's own (without
 * keeping them), which stands in for the paper's random-agent warm-up.
 */
public final class Rnd implements IntrinsicReward {
  private final RndConfig config;
  private final RewardStream stream;
  private final RandomEncoder target;
  private final Parameters params;
  private final Mlp predictor;
  private final int obsDim;
  private Rng maskRng;
  private final ObservationNormalizer normalizer;

  public Rnd(RndConfig config, int[] obsShape, int numActions, long seed) {
    this.config = config;
    Shapes.checkActionCount("rnd", numActions);
    this.obsDim = Shapes.obsDim("rnd", obsShape);
    int h = config.hidden();
    int k = config.outputDim();
    Rng rng = new Rng(seed);
    this.target = new RandomEncoder(obsDim, new int[] {h}, k, Activation.RELU, rng.split());
    int[] sizes = {obsDim, h, h, k};
    this.params = new Parameters(Mlp.paramCount(sizes));
    this.predictor = new Mlp(params, sizes, Activation.RELU, Activation.IDENTITY, rng.split());
    this.maskRng = rng.split();
    this.normalizer = new ObservationNormalizer(obsDim, config.obsClip());
    this.stream = new RewardStream("rnd", config.gamma(), config.episodic(), config.coefficient());
  }

  @Override
  public RewardStream stream() {
    return stream;
  }

  /** Scores observations alone: works with any action space. */
  @Override
  public boolean readsActions() {
    return false;
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    return Tensors.timeMajor(novelty(Tensors.nextObservations(rollout)), rollout);
  }

  /**
   * The novelty of each row of {@code observations} {@code [B, obsDim]}: the predictor's mean squared error
   * on it, normalised as {@link #compute} normalises ({@code [B]}); pure. NovelD reads it for both ends of a
   * step, in one call so that both see the same statistics.
   */
  INDArray novelty(INDArray observations) {
    INDArray x = normalizer.normalize(observations);
    INDArray error = predictor.forward(x).subi(target.encode(x));
    return Tensors.rowSquaredNorm(error, 1.0 / config.outputDim());
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    INDArray next = Tensors.nextObservations(rollout);
    normalizer.commit(next);
    INDArray x = normalizer.normalize(next);
    int b = (int) x.rows();
    // the seeded proportion p of rows that trains the predictor, gathered once into a smaller batch
    int[] picked = new int[b];
    int used = 0;
    for (int i = 0; i < b; i++) {
      if (maskRng.nextBoolean(config.updateProportion())) {
        picked[used++] = i;
      }
    }
    if (used == 0) {
      picked[used++] = maskRng.nextInt(b);
    }
    int[] rows = Arrays.copyOf(picked, used);
    // one native gather (INDArray.getRows copies row by row from Java: ~9x slower at 1k rows)
    INDArray xs = used == b ? x : Host.rows(x, rows);
    INDArray goals = target.encode(xs);
    double loss = 0;
    for (int step = 0; step < config.gradientSteps(); step++) {
      // mean over the used rows and output dims of (f_hat(x) - f(x))^2; the target is fixed
      try (MemoryWorkspace ws = Tape.scratch("curio-rnd-update")) {
        Tape t = Tape.training();
        Var mse = predictor.forward(t, t.constant(xs)).sub(t.constant(goals)).square().mean();
        if (step == config.gradientSteps() - 1) {
          loss = mse.scalar(); // one host read, for the last step only
        }
        t.backward(mse);
        params.adamStep(config.learningRate());
      }
    }
    return UpdateStats.of("loss_predictor", loss, "trained_fraction", (double) used / b);
  }

  /** Predictor weights and Adam state, the target's fixed weights, observation statistics, mask RNG. */
  @Override
  public Snapshot state() {
    return new Snapshot().putString("module", "rnd")
        .putChild("predictor", params.state())
        .putChild("target", target.state())
        .putChild("obs_stats", normalizer.state())
        .putLongs("mask_rng", maskRng.state());
  }

  @Override
  public void restore(Snapshot state) {
    Shapes.checkModule(state, "rnd");
    normalizer.restore(state.child("obs_stats"), "RND");
    params.restore(state.child("predictor"));
    target.restore(state.child("target"));
    maskRng = Rng.fromState(state.longs("mask_rng"));
  }
}
