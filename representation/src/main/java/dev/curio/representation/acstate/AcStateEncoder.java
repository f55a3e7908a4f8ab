package dev.curio.representation.acstate;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.representation.Encoder;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The neural AC-State encoder (Lamb et al. 2022, "Guaranteed Discovery of Control-Endogenous Latent
 * States with Multi-Step Inverse Models"): an MLP {@code x -> z}, an information bottleneck, and a
 * multi-step inverse head that predicts the first action {@code a_t} from
 * {@code (z_t, z_{t+k}, e(k))}, {@code k ~ U{1..K}}, where {@code e} is a learned embedding of
 * {@code k}. What the encoder must keep to predict actions over every horizon is what the actions
 * control; the bottleneck gives it a reason to drop the rest.
 *
 * <p><b>The bottleneck</b> ({@link AcStateConfig#bottleneck()}). {@code VQ}: vector quantisation
 * (van den Oord et al. 2017): {@code q} is the codebook row nearest to {@code z} in squared
 * distance (ties to the lowest index), the heads see {@code z + sg(q - z)} (the value of {@code q}
 * with the gradient of {@code z}, {@link Tape#straightThrough}), and the loss adds the codebook term
 * {@code ||sg(z) - q||^2} and the commitment term {@code c ||z - sg(q)||^2} ({@code c} =
 * {@link AcStateConfig#commitmentCost()}), each summed over the latent and averaged over the rows.
 * Every {@link AcStateConfig#deadCodeWindow()} gradient steps, codes that no row of any batch used
 * since the last check move to encoder outputs drawn from the current batch (seeded; their Adam
 * moments are kept). {@code CONTINUOUS}: no bottleneck, the heads see {@code z}.
 *
 * <p><b>The loss</b> per gradient step, on one batch of {@link StepBuffer} pairs:
 * {@code L = CE(a_t | z_t, z_{t+k}, e(k)) + ||sg(z) - q||^2 + c ||z - sg(q)||^2 + w L_fwd}. With
 * {@link AcStateConfig#forwardWeight()} {@code w > 0}, a forward head {@code f} reads
 * {@code (q_t, onehot(a_t))} ({@code q_t} the bottleneck's output at t, its gradient straight through
 * to {@code z_t}): the forward-model term that Levine, Stone and Zhang 2024 ("Multistep Inverse Is
 * Not All You Need") add for worlds where the multi-step inverse alone selects a wrong encoder.
 * {@link AcStateConfig#forwardLoss()} says what it predicts:
 * <ul>
 *   <li>{@code LATENT}: the bottleneck's output at {@code t+1}, {@code L_fwd = ||f(q_t, a_t) -
 *       sg(q_{t+1})||^2} (summed over the latent, averaged over the batch). The target is stopped so
 *       the term cannot shrink the latent to make itself small.
 *   <li>{@code CODE}: logits over the codebook, {@code L_fwd = -log softmax(f(q_t, a_t))[c_{t+1}]}
 *       (averaged over the batch), {@code c_{t+1}} the code index of {@code x_{t+1}} under the
 *       current encoder and codebook, an index with no gradient. A likelihood of the next code
 *       given the code and the action, as ACDF's forward model is.
 * </ul>
 * One Adam step on the whole parameter vector per batch.
 *
 * <p><b>What {@link #encode} gives</b>: the quantised latent {@code q} ({@code [B, latentDim]},
 * a codebook row per observation), or {@code z} for the continuous option. {@link #codes} gives the
 * code indices. The quantised latent rather than a one-hot of the index: it has the width the
 * config names whatever the codebook size, and codes that mean similar things may sit near each
 * other, which a one-hot would hide from a downstream network.
 *
 * <p>Call order: {@link #observe} steps (they go to the buffer), {@link #update} to train;
 * {@link #encode} and {@link #codes} change nothing. {@link #state()} holds the parameters, Adam's
 * state, the codebook, the usage counters, the buffer and the generator, so a restored encoder
 * trains on exactly as the original would. Not thread-safe.
 */
public final class AcStateEncoder implements Encoder {
  private static final String MODULE = "ac-state";

  private final AcStateConfig config;
  private final int obsDim;
  private final int numActions;
  private final boolean vq;
  private final Parameters params;
  private final Mlp encoder;
  private final Parameters.Weight codebook;
  private final Parameters.Weight kTable;
  private final Mlp inverse;
  private final Mlp forward;
  /** Whether {@link #forward} gives logits over the codes ({@code CODE}) rather than a latent. */
  private final boolean forwardCodes;
  private final StepBuffer buffer;
  private Rng rng;
  /** Rows assigned to each code since the last dead-code check. */
  private final long[] usage;
  /** Per code, how often the dead-code rule has moved it: a moved code stands for something new. */
  private final long[] generation;
  private long updates;
  private long reinitialised;

  /**
   * Losses of the last gradient step of an {@link #update()}, each averaged as the class comment
   * says ({@code codebook}, {@code commitment} 0 for the continuous option, {@code forward} 0
   * without a forward head; {@code commitment} before its weight), and {@code codesUsed}, the codes
   * some row used since the last dead-code check.
   */
  public record Losses(double inverse, double codebook, double commitment, double forward, double total,
      int codesUsed) {}

  /**
   * @param obsDim width of one flat observation
   * @param numActions number of discrete actions, at least 2 (one action leaves nothing to predict)
   * @param seed fixes the initial weights, the codebook, the batches and the re-initialisations
   */
  public AcStateEncoder(AcStateConfig config, int obsDim, int numActions, long seed) {
    this(config, obsDim, numActions, seed, DataType.FLOAT);
  }

  /** With parameters of {@code dataType} (DOUBLE for gradient checks). */
  AcStateEncoder(AcStateConfig config, int obsDim, int numActions, long seed, DataType dataType) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (obsDim < 1) {
      throw new IllegalArgumentException("obsDim must be at least 1, got " + obsDim);
    }
    if (numActions < 2) {
      throw new IllegalArgumentException("numActions must be at least 2 for an inverse model, got " + numActions);
    }
    this.config = config;
    this.obsDim = obsDim;
    this.numActions = numActions;
    this.vq = config.bottleneck() == AcStateConfig.Bottleneck.VQ;
    int d = config.latentDim();
    int[] enc = {obsDim, config.encoderHidden(), d};
    int[] inv = {2 * d + config.kEmbedding(), config.headHidden(), numActions};
    boolean hasForward = config.forwardWeight() > 0;
    this.forwardCodes = hasForward && config.forwardLoss() == AcStateConfig.ForwardLoss.CODE;
    int[] fwd = {d + numActions, config.headHidden(), forwardCodes ? config.codes() : d};
    int size = Mlp.paramCount(enc) + (vq ? config.codes() * d : 0) + config.maxK() * config.kEmbedding()
        + Mlp.paramCount(inv) + (hasForward ? Mlp.paramCount(fwd) : 0);
    this.params = new Parameters(size, dataType);
    this.encoder = new Mlp(params, enc, Activation.RELU, Activation.IDENTITY, new Rng(Rng.derive(seed, "acstate/encoder")));
    this.codebook = vq ? gaussian(params, config.codes(), d, 1.0, new Rng(Rng.derive(seed, "acstate/codebook"))) : null;
    this.kTable = gaussian(params, config.maxK(), config.kEmbedding(), 1.0, new Rng(Rng.derive(seed, "acstate/k")));
    this.inverse = new Mlp(params, inv, Activation.RELU, Activation.IDENTITY, new Rng(Rng.derive(seed, "acstate/inverse")));
    this.forward = hasForward
        ? new Mlp(params, fwd, Activation.RELU, Activation.IDENTITY, new Rng(Rng.derive(seed, "acstate/forward")))
        : null;
    this.buffer = new StepBuffer(config.bufferCapacity(), obsDim);
    this.rng = new Rng(Rng.derive(seed, "acstate/batches"));
    this.usage = new long[vq ? config.codes() : 0];
    this.generation = new long[usage.length];
  }

  /** Claims a {@code [rows, cols]} weight and fills it with {@code N(0, std^2)}. */
  private static Parameters.Weight gaussian(Parameters p, int rows, int cols, double std, Rng r) {
    Parameters.Weight w = p.claim(rows * cols).weight(0, rows, cols);
    double[] init = new double[rows * cols];
    for (int i = 0; i < init.length; i++) {
      init[i] = r.nextGaussian() * std;
    }
    w.values().assign(Nd4j.create(init, new long[] {rows, cols}, 'c').castTo(p.dataType()));
    return w;
  }

  /** The config it was built with. */
  public AcStateConfig config() {
    return config;
  }

  @Override
  public int latentDim() {
    return config.latentDim();
  }

  /** Codebook size, or 0 for the continuous option. */
  public int codeCount() {
    return vq ? config.codes() : 0;
  }

  /** Gradient steps taken so far. */
  public long updates() {
    return updates;
  }

  /** How often the dead-code rule has moved each code ({@code [codes]}, a copy; empty when continuous). */
  public long[] generations() {
    return generation.clone();
  }

  /** Codes moved by the dead-code rule so far. */
  public long reinitialisedCodes() {
    return reinitialised;
  }

  /** The steps it trains on. */
  public StepBuffer buffer() {
    return buffer;
  }

  /**
   * Adds one step to the buffer.
   *
   * @param observation {@code x_t}, {@code [obsDim]}
   * @param action {@code a_t} in {@code [0, numActions)}
   * @param nextObservation {@code x_{t+1}}, the true successor
   * @param episodeEnds whether {@code x_{t+1}} ends the episode (terminated or truncated)
   */
  public void observe(float[] observation, int action, float[] nextObservation, boolean episodeEnds) {
    if (action < 0 || action >= numActions) {
      throw new IllegalArgumentException("action must be in [0, " + numActions + "), got " + action);
    }
    buffer.add(observation, action, nextObservation, episodeEnds);
  }

  /**
   * Adds every step of a rollout to the buffer, column by column: column {@code i}'s steps in time
   * order, each ending an episode where the rollout says terminated or truncated, and its last step
   * ending one too, so that no pair joins two columns or two rollouts (a pair that would cross a
   * rollout's end is clamped to it, as at an episode's end). The columns of a vector env are
   * separate streams of experience; this keeps them apart in the one buffer.
   *
   * @param rollout a trajectory with {@code Discrete} actions {@code [T, N]} and flat-able observations
   *     of {@code obsDim} values
   */
  public void observe(Trajectory rollout) {
    if (rollout.obsDim() != obsDim) {
      throw new IllegalArgumentException("AC-State encoder of " + obsDim + " observation values got a rollout of "
          + Arrays.toString(rollout.obsShape()));
    }
    if (rollout.actions().rank() != 2) {
      throw new IllegalArgumentException("AC-State predicts Discrete actions [T, N], the rollout's are "
          + Arrays.toString(rollout.actions().shape()));
    }
    int steps = rollout.steps();
    int n = rollout.envs();
    float[] x = Host.floats(rollout.observations());
    float[] next = Host.floats(rollout.nextObservations());
    float[] a = Host.floats(rollout.actions());
    float[] done = Host.floats(rollout.done());
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < steps; t++) {
        int row = t * n + i;
        float value = a[row];
        int action = (int) value;
        if (action != value) {
          throw new IllegalArgumentException("AC-State predicts Discrete actions; the rollout's action at [" + t + ", "
              + i + "] is " + value);
        }
        observe(Arrays.copyOfRange(x, row * obsDim, (row + 1) * obsDim), action,
            Arrays.copyOfRange(next, row * obsDim, (row + 1) * obsDim), done[row] != 0 || t == steps - 1);
      }
    }
  }

  /**
   * The encoder's codes as one-hot rows: an {@link Encoder} of width {@link #codeCount()} whose
   * {@code encode} gives row {@code i} the value {@code 1 + g} at column {@code codes(x)[i]} and 0
   * elsewhere, {@code g} the number of times the dead-code rule has moved that code. A module that
   * counts or hashes its inputs (the count bonus) reads this view: a code's index stays the same
   * while its vector moves with training, and a code moved to a new region (its old meaning dead)
   * reads as a new value, so it does not inherit the old region's counts.
   *
   * @throws IllegalStateException for the continuous option, which has no codes
   */
  public Encoder codeView() {
    if (!vq) {
      throw new IllegalStateException("a continuous AC-State encoder has no codes (encoder.acState.bottleneck is"
          + " CONTINUOUS)");
    }
    return new Encoder() {
      @Override
      public int latentDim() {
        return config.codes();
      }

      @Override
      public INDArray encode(INDArray observations) {
        int[] c = codes(observations);
        float[] out = new float[c.length * config.codes()];
        for (int i = 0; i < c.length; i++) {
          out[i * config.codes() + c[i]] = 1f + generation[c[i]];
        }
        return Nd4j.create(out, new long[] {c.length, config.codes()}, 'c');
      }
    };
  }

  /**
   * {@code [B, obsDim] -> [B, latentDim]}: the quantised latent (the nearest code's vector), or
   * {@code z} for the continuous option. Changes nothing.
   */
  @Override
  public INDArray encode(INDArray observations) {
    INDArray z = encoder.forward(typed(checkObservations(observations)));
    if (!vq) {
      return z;
    }
    return oneHot(nearest(z, codebook.values()), config.codes()).mmul(codebook.values());
  }

  /** The code index of each observation, {@code [B]} for {@code [B, obsDim]}; changes nothing. */
  public int[] codes(INDArray observations) {
    if (!vq) {
      throw new IllegalStateException("a continuous AC-State encoder has no codes (encoder.acState.bottleneck is CONTINUOUS)");
    }
    return nearest(encoder.forward(typed(checkObservations(observations))), codebook.values());
  }

  /**
   * The index of the row of {@code codebook [C, D]} nearest to each row of {@code z [B, D]} in
   * squared Euclidean distance, {@code [B]}; ties go to the lowest index. Computed in double
   * precision in a fixed order, so the same inputs give the same codes on every machine.
   */
  public static int[] nearest(INDArray z, INDArray codebook) {
    if (z.rank() != 2 || codebook.rank() != 2 || z.columns() != codebook.columns()) {
      throw new IllegalArgumentException("nearest code of " + Arrays.toString(z.shape()) + " in a codebook of "
          + Arrays.toString(codebook.shape()));
    }
    int rows = (int) z.rows();
    int codes = (int) codebook.rows();
    int d = (int) z.columns();
    // flat copies in one native call each (INDArray#toDoubleMatrix reads element by element, which
    // cost milliseconds per batch)
    double[] zs = flat(z);
    double[] cs = flat(codebook);
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int c = 0; c < codes; c++) {
        double dist = 0;
        for (int j = 0; j < d; j++) {
          double diff = zs[i * d + j] - cs[c * d + j];
          dist += diff * diff;
        }
        if (dist < best) {
          best = dist;
          out[i] = c;
        }
      }
    }
    return out;
  }

  /** The elements of a matrix in row-major order, as doubles. */
  private static double[] flat(INDArray m) {
    return m.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  /**
   * {@link AcStateConfig#gradientSteps()} gradient steps, each on a fresh batch from the buffer.
   *
   * @return the losses of the last step
   */
  public Losses update() {
    return train(config.gradientSteps());
  }

  /**
   * {@code steps} gradient steps, each on a fresh batch from the buffer (pre-training on random walks
   * takes many at once).
   *
   * @return the losses of the last step
   */
  public Losses train(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("gradient steps must be at least 1, got " + steps);
    }
    Losses last = null;
    for (int s = 0; s < steps; s++) {
      StepBuffer.Batch batch = buffer.sample(config.batchSize(), config.maxK(), rng);
      try (MemoryWorkspace ignored = Tape.scratch("curio-acstate-update")) {
        Tape t = Tape.training();
        Terms terms = terms(t, batch);
        t.backward(terms.total());
        params.adamStep(config.learningRate());
        updates++;
        int used = 0;
        if (vq) {
          for (int c : terms.codes()) {
            usage[c]++;
          }
          for (long u : usage) {
            used += u > 0 ? 1 : 0;
          }
          if (config.deadCodeWindow() > 0 && updates % config.deadCodeWindow() == 0) {
            reinitialiseDeadCodes(terms.z().value());
          }
        }
        last = new Losses(terms.inverse().scalar(), vq ? terms.codebook().scalar() : 0,
            vq ? terms.commitment().scalar() : 0, forward == null ? 0 : terms.forward().scalar(),
            terms.total().scalar(), used);
      }
    }
    return last;
  }

  /**
   * The multi-step inverse loss (nats), averaged over {@code batches} batches drawn from the buffer
   * with a generator seeded by {@code seed}; no update, and the encoder's own generator is not drawn
   * from, so its state and later batches are unchanged. A score of how well the encoder fits its data,
   * for choosing among encoders trained on the same buffer.
   */
  public double inverseLoss(int batches, long seed) {
    if (batches < 1) {
      throw new IllegalArgumentException("batches must be at least 1, got " + batches);
    }
    Rng draws = new Rng(seed);
    double sum = 0;
    for (int i = 0; i < batches; i++) {
      StepBuffer.Batch batch = buffer.sample(config.batchSize(), config.maxK(), draws);
      try (MemoryWorkspace ignored = Tape.scratch("curio-acstate-score")) {
        sum += terms(Tape.inference(), batch).inverse().scalar();
      }
    }
    return sum / batches;
  }

  /** Moves every code with no use since the last check to a row of {@code z} drawn from {@link #rng}; clears the counts. */
  private void reinitialiseDeadCodes(INDArray z) {
    for (int c = 0; c < usage.length; c++) {
      if (usage[c] == 0) {
        int row = rng.nextInt((int) z.rows());
        codebook.values().getRow(c).assign(z.getRow(row));
        reinitialised++;
        generation[c]++;
      }
    }
    Arrays.fill(usage, 0);
  }

  /** The loss and its parts on one batch, as {@code Var}s of one tape. */
  record Terms(Var z, int[] codes, Var inverse, Var codebook, Var commitment, Var forward, Var total) {}

  /**
   * Builds the loss of the class comment on {@code t}. {@code z} holds the encoder outputs of the
   * batch's observations, then its targets {@code x_{t+k}}, then (with a forward head) {@code x_{t+1}}.
   */
  Terms terms(Tape t, StepBuffer.Batch batch) {
    int b = batch.size();
    INDArray x = batch(batch.observations(), b);
    INDArray y = batch(batch.targets(), b);
    INDArray in = forward == null ? Nd4j.vstack(x, y) : Nd4j.vstack(x, y, batch(batch.nexts(), b));
    Var z = encoder.forward(t, t.constant(in));
    int rows = (int) in.rows();
    Var latent = z;
    Var cbLoss = null;
    Var commit = null;
    int[] codes = null;
    if (vq) {
      codes = nearest(z.value(), codebook.values());
      Var q = t.mmul(t.constant(oneHot(codes, config.codes())), codebook.on(t));
      cbLoss = z.detach().sub(q).square().sum().mul(1.0 / rows);
      commit = z.sub(q.detach()).square().sum().mul(1.0 / rows);
      latent = t.straightThrough(z, q);
    }
    Var inv = inverseLoss(t, latent, batch);
    Var total = inv;
    if (vq) {
      total = total.add(cbLoss).add(commit.mul(config.commitmentCost()));
    }
    Var fwd = null;
    if (forward != null) {
      fwd = forwardLoss(t, latent, codes, batch);
      total = total.add(fwd.mul(config.forwardWeight()));
    }
    return new Terms(z, codes, inv, cbLoss, commit, fwd, total);
  }

  /**
   * The forward head's loss, batch mean, from the bottleneck's output {@code latent} (rows
   * {@code [0, B)} for {@code x_t}, {@code [2B, 3B)} for {@code x_{t+1}}) and, for {@code CODE}, the
   * code indices {@code codes} of the same rows ({@code [3B]}; null otherwise).
   */
  Var forwardLoss(Tape t, Var latent, int[] codes, StepBuffer.Batch batch) {
    int b = batch.size();
    Var actions = t.constant(oneHot(batch.actions(), numActions));
    Var predicted = forward.forward(t, t.hstack(latent.rows(0, b), actions));
    if (forwardCodes) {
      // the code of x_{t+1} is an index: nothing flows back through the target
      int[] next = Arrays.copyOfRange(codes, 2 * b, 3 * b);
      return predicted.logSoftmax().mul(t.constant(oneHot(next, config.codes()))).sum().mul(-1.0 / b);
    }
    return predicted.sub(latent.rows(2 * b, 3 * b).detach()).square().sum().mul(1.0 / b);
  }

  /**
   * The inverse head's cross-entropy, batch mean, from the bottleneck's output {@code latent}
   * (rows {@code [0, B)} for {@code x_t}, {@code [B, 2B)} for {@code x_{t+k}}).
   */
  Var inverseLoss(Tape t, Var latent, StepBuffer.Batch batch) {
    int b = batch.size();
    int[] kIndex = new int[b];
    for (int i = 0; i < b; i++) {
      kIndex[i] = batch.ks()[i] - 1;
    }
    Var embedding = t.mmul(t.constant(oneHot(kIndex, config.maxK())), kTable.on(t));
    Var logProbs = inverse.forward(t, t.hstack(latent.rows(0, b), latent.rows(b, 2 * b), embedding)).logSoftmax();
    return logProbs.mul(t.constant(oneHot(batch.actions(), numActions))).sum().mul(-1.0 / b);
  }

  private INDArray batch(float[] flat, int rows) {
    return typed(Nd4j.create(flat, new long[] {rows, obsDim}, 'c'));
  }

  private INDArray oneHot(int[] index, int width) {
    // filled in Java and copied in once: putScalar per row costs microseconds each
    double[] out = new double[index.length * width];
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= width) {
        throw new IllegalArgumentException("index " + index[i] + " is not in [0, " + width + ")");
      }
      out[i * width + index[i]] = 1.0;
    }
    return Nd4j.create(out, new long[] {index.length, width}, 'c').castTo(params.dataType());
  }

  private INDArray typed(INDArray a) {
    return a.dataType() == params.dataType() ? a : a.castTo(params.dataType());
  }

  private INDArray checkObservations(INDArray x) {
    if (x.rank() != 2 || x.columns() != obsDim) {
      throw new IllegalArgumentException("observations must be [B, " + obsDim + "], got " + Arrays.toString(x.shape()));
    }
    return x;
  }

  /** The flat parameter vector, for tests. */
  Parameters parameters() {
    return params;
  }

  /** The encoder network {@code x -> z}, for tests. */
  Mlp network() {
    return encoder;
  }

  /** The codebook weight {@code [codes, latentDim]} (null for the continuous option), for tests. */
  Parameters.Weight codebookWeight() {
    return codebook;
  }

  /** The layout entries a snapshot must match, in the order they are checked. */
  private long[] layout() {
    return new long[] {obsDim, numActions, vq ? 1 : 0, vq ? config.codes() : 0, config.latentDim(),
        config.encoderHidden(), config.headHidden(), config.kEmbedding(), config.maxK(), forward == null ? 0 : 1,
        forwardCodes ? 1 : 0};
  }

  /** {@code forwardCodes}: 1 when the forward head gives logits over the codes, 0 for a latent head or none. */
  private static final String[] LAYOUT = {"obsDim", "numActions", "vq", "codes", "latentDim", "encoderHidden",
      "headHidden", "kEmbedding", "maxK", "forwardHead", "forwardCodes"};

  /** Parameters, Adam's state (codebook included), usage counters, step counts, the buffer and the generator. */
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", MODULE);
    long[] layout = layout();
    for (int i = 0; i < LAYOUT.length; i++) {
      s.putLong(LAYOUT[i], layout[i]);
    }
    return s.putChild("params", params.state()).putLongs("usage", usage).putLong("updates", updates)
        .putLong("reinitialised", reinitialised).putLongs("generation", generation).putLongs("rng", rng.state())
        .putChild("buffer", buffer.state());
  }

  /**
   * Restores {@link #state()} of an encoder of the same layout; refuses any other in one line that
   * names the entry, e.g. {@code AC-State snapshot entry 'codes' is 16, this encoder has 8}.
   */
  public void restore(Snapshot s) {
    String module = s.has("module") ? s.string("module") : "?";
    if (!module.equals(MODULE)) {
      throw new IllegalArgumentException("snapshot is of module '" + module + "', not '" + MODULE + "'");
    }
    long[] layout = layout();
    for (int i = 0; i < LAYOUT.length; i++) {
      if (!s.has(LAYOUT[i])) {
        throw new IllegalArgumentException("AC-State snapshot has no entry '" + LAYOUT[i] + "'");
      }
      long found = s.getLong(LAYOUT[i]);
      if (found != layout[i]) {
        throw new IllegalArgumentException("AC-State snapshot entry '" + LAYOUT[i] + "' is " + found
            + ", this encoder has " + layout[i]);
      }
    }
    int values = s.child("params").floats("values").length;
    if (values != params.size()) {
      throw new IllegalArgumentException("AC-State snapshot entry 'params/values' has " + values
          + " values, this encoder has " + params.size());
    }
    long[] u = s.longs("usage");
    if (u.length != usage.length) {
      throw new IllegalArgumentException("AC-State snapshot entry 'usage' has " + u.length
          + " counters, this encoder has " + usage.length);
    }
    // absent from snapshots written before codes kept their generation: every code then counts as unmoved
    long[] g = s.has("generation") ? s.longs("generation") : new long[generation.length];
    if (g.length != generation.length) {
      throw new IllegalArgumentException("AC-State snapshot entry 'generation' has " + g.length
          + " counters, this encoder has " + generation.length);
    }
    buffer.restore(s.child("buffer"));
    params.restore(s.child("params"));
    System.arraycopy(u, 0, usage, 0, usage.length);
    System.arraycopy(g, 0, generation, 0, generation.length);
    updates = s.getLong("updates");
    reinitialised = s.getLong("reinitialised");
    rng = Rng.fromState(s.longs("rng"));
  }
}
