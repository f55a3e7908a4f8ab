package dev.curio.agents.net;

import dev.curio.agents.dist.ActionDistribution;
import dev.curio.agents.dist.Categorical;
import dev.curio.agents.dist.DiagGaussian;
import dev.curio.agents.dist.MultiDiscrete;
import dev.curio.agents.math.PopArt;
import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Arena;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The actor-critic network: an optional convolutional torso for {@code [H, W, C]} observations,
 * then two separate towers, a policy head and a value head with one output per reward stream. The
 * policy head gives a {@link Categorical}'s {@code A} logits, a {@link MultiDiscrete}'s logits of
 * every component side by side, or a {@link DiagGaussian}'s D means;
 * the Gaussian's log-standard-deviations are one state-independent vector {@code logStd [1, D]}
 * (initially 0), a parameter like the others.
 *
 * <p>All parameters are one {@link Parameters} vector, trained on a {@link Tape} (Curio's one
 * network stack): {@link #train} writes {@link PpoLoss} with tape operations, back-propagates,
 * clips the gradient by its global L2 norm and takes one Adam step. Layout of the vector, in order:
 * the torso's convolutions (kernel {@code [2, 2, C_in, C_out]}, bias {@code [1, C_out]} each), the
 * policy tower and head (weight {@code [in, out]}, bias {@code [1, out]} per layer), the value tower
 * and head, then {@code logStd} for a Gaussian. Initialisation, drawn from a {@link Rng} of the
 * seed: Glorot-normal weights ({@code N(0, 2 / (fanIn + fanOut))}, fans of a convolution counted over
 * its 2x2 window), zero biases, the policy head's weights scaled by 0.01 for a near-uniform first
 * policy (CleanRL does the same), {@code logStd} 0; with {@code network.init: orthogonal}, CleanRL's
 * own scheme instead (see {@link NetworkConfig}).
 *
 * <p>The value head's last layer is a plain matrix {@code W [hidden, tasks * K]} and bias
 * {@code b [1, tasks * K]}: in a multi-task network each task has its own K outputs, column
 * {@code task * K + k}, and a row's loss takes only its task's (a task mask). {@link #popValueHead}
 * rescales its columns for PopArt. One network is used by one thread.
 */
public final class ActorCritic {
  private static final int KERNEL = 2;

  private final Parameters params;
  private final int[] obsShape;
  private final int obsDim;
  private final boolean cnn;
  private final boolean pool;
  private final int numActions;
  private final int numHeads;
  private final int tasks;
  private final ActionDistribution distribution;
  private final boolean gaussian;
  private final boolean relu;
  private final List<Parameters.Weight[]> conv = new ArrayList<>();
  private final List<Parameters.Weight[]> policyLayers = new ArrayList<>();
  private final List<Parameters.Weight[]> valueLayers = new ArrayList<>();
  private final Parameters.Weight logStd;
  private final PpoLoss loss = new PpoLoss();
  /** Bumped by everything that writes the parameters; the fused towers are rebuilt when it moved. */
  private long paramsVersion;
  private long fusedVersion = -1;
  private INDArray[] fusedWeights;
  private INDArray[] fusedBiases;
  /** Arrays the tapes of acting and of training write into, one set per batch size (Arena); see {@link #arena}. */
  private final java.util.Map<Long, Arena> actArenas = arenas();
  private final java.util.Map<Long, Arena> trainArenas = arenas();
  private static final int ARENAS = 4;
  private final double adamEpsilon;
  private double learningRate;
  private final DataType dtype;

  /**
   * Network outputs for a batch.
   *
   * @param logits the distribution's parameters {@code [B, P]}: logits, or means and log-stds
   * @param values {@code [B, tasks * K]} (task-major: task j's K values at columns {@code j*K ..})
   */
  public record Output(INDArray logits, INDArray values) {}

  /**
   * A freshly initialised network.
   *
   * @param obsShape shape of one observation; {@code [H, W, C]} for the cnn torso
   * @param numHeads value outputs, one per reward stream
   */
  public static ActorCritic create(NetworkConfig cfg, int[] obsShape, int numActions, int numHeads,
                                   double learningRate, double adamEpsilon, long seed) {
    return create(cfg, obsShape, new Categorical(numActions), numHeads, learningRate, adamEpsilon, seed);
  }

  /**
   * A freshly initialised network for {@code distribution}: a {@link Categorical}, a
   * {@link MultiDiscrete} or a {@link DiagGaussian}.
   *
   * @param obsShape shape of one observation; {@code [H, W, C]} for the cnn torso
   * @param numHeads value outputs, one per reward stream
   */
  public static ActorCritic create(NetworkConfig cfg, int[] obsShape, ActionDistribution distribution, int numHeads,
                                   double learningRate, double adamEpsilon, long seed) {
    return create(cfg, obsShape, distribution, numHeads, 1, learningRate, adamEpsilon, seed, DataType.FLOAT);
  }

  /**
   * A freshly initialised network of a multi-task run: {@code tasks} sets of {@code numHeads} value
   * outputs, one set per task.
   */
  public static ActorCritic create(NetworkConfig cfg, int[] obsShape, ActionDistribution distribution, int numHeads,
                                   int tasks, double learningRate, double adamEpsilon, long seed) {
    return create(cfg, obsShape, distribution, numHeads, tasks, learningRate, adamEpsilon, seed, DataType.FLOAT);
  }

  /** As {@link #create(NetworkConfig, int[], ActionDistribution, int, double, double, long)} in {@code dtype} (DOUBLE for gradient checks). */
  static ActorCritic create(NetworkConfig cfg, int[] obsShape, ActionDistribution distribution, int numHeads,
                            double learningRate, double adamEpsilon, long seed, DataType dtype) {
    return create(cfg, obsShape, distribution, numHeads, 1, learningRate, adamEpsilon, seed, dtype);
  }

  static ActorCritic create(NetworkConfig cfg, int[] obsShape, ActionDistribution distribution, int numHeads,
                            int tasks, double learningRate, double adamEpsilon, long seed, DataType dtype) {
    if (tasks < 1) {
      throw new IllegalArgumentException("the critic needs at least one task, got " + tasks);
    }
    if (!(distribution instanceof Categorical) && !(distribution instanceof DiagGaussian)
        && !(distribution instanceof MultiDiscrete)) {
      throw new IllegalArgumentException("the actor-critic network supports Categorical, MultiDiscrete and DiagGaussian"
          + " policies, got " + distribution);
    }
    if (numHeads < 1) {
      throw new IllegalArgumentException("the critic needs at least one value head, got " + numHeads);
    }
    return new ActorCritic(cfg, obsShape, distribution, numHeads, tasks, learningRate, adamEpsilon, seed, dtype);
  }

  private ActorCritic(NetworkConfig cfg, int[] obsShape, ActionDistribution distribution, int numHeads, int tasks,
                      double learningRate, double adamEpsilon, long seed, DataType dtype) {
    this.obsShape = obsShape.clone();
    this.obsDim = Arrays.stream(obsShape).reduce(1, (a, b) -> a * b);
    this.distribution = distribution;
    this.gaussian = distribution instanceof DiagGaussian;
    this.numActions = distribution instanceof Categorical c ? c.n() : distribution.actionDim();
    this.numHeads = numHeads;
    this.tasks = tasks;
    this.learningRate = learningRate;
    this.adamEpsilon = adamEpsilon;
    this.dtype = dtype;
    this.relu = cfg.activation().equals("relu");
    this.cnn = cfg.resolveTorso(obsShape).equals("cnn");
    int policyOut = gaussian ? distribution.actionDim() : distribution.paramCount();

    // shapes first, to size the one parameter vector
    List<long[]> shapes = new ArrayList<>();
    int features = obsDim;
    boolean pooled = false;
    if (cnn) {
      int h = obsShape[0];
      int w = obsShape[1];
      int c = obsShape[2];
      if (h < 4 || w < 4) {
        throw new IllegalArgumentException("the cnn torso needs observations of at least 4x4, got "
            + Arrays.toString(obsShape));
      }
      pooled = Math.min(h, w) >= 7;
      for (int i = 0; i < 3; i++) {
        int out = cfg.cnnChannels().get(i);
        shapes.add(new long[] {KERNEL, KERNEL, c, out});
        shapes.add(new long[] {1, out});
        c = out;
        h -= KERNEL - 1;
        w -= KERNEL - 1;
        if (i == 0 && pooled) {
          h /= 2;
          w /= 2;
        }
      }
      features = h * w * c;
    }
    this.pool = pooled;
    int convTensors = shapes.size();
    int in = features;
    for (int width : cfg.hidden()) {
      shapes.add(new long[] {in, width});
      shapes.add(new long[] {1, width});
      in = width;
    }
    shapes.add(new long[] {in, policyOut});
    shapes.add(new long[] {1, policyOut});
    in = features;
    for (int width : cfg.hidden()) {
      shapes.add(new long[] {in, width});
      shapes.add(new long[] {1, width});
      in = width;
    }
    shapes.add(new long[] {in, (long) tasks * numHeads});
    shapes.add(new long[] {1, (long) tasks * numHeads});
    if (gaussian) {
      shapes.add(new long[] {1, distribution.actionDim()});
    }
    long total = 0;
    for (long[] s : shapes) {
      total += Arrays.stream(s).reduce(1, (a, b) -> a * b);
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the network would have " + total + " parameters");
    }
    this.params = new Parameters((int) total, dtype);
    Parameters.Slice slice = params.claim((int) total);
    Parameters.Weight[] all = new Parameters.Weight[shapes.size()];
    int at = 0;
    for (int i = 0; i < all.length; i++) {
      all[i] = slice.weight(at, shapes.get(i));
      at += (int) Arrays.stream(shapes.get(i)).reduce(1, (a, b) -> a * b);
    }
    int i = 0;
    for (; i < convTensors; i += 2) {
      conv.add(new Parameters.Weight[] {all[i], all[i + 1]});
    }
    int layers = cfg.hidden().size() + 1;
    for (int l = 0; l < layers; l++, i += 2) {
      policyLayers.add(new Parameters.Weight[] {all[i], all[i + 1]});
    }
    for (int l = 0; l < layers; l++, i += 2) {
      valueLayers.add(new Parameters.Weight[] {all[i], all[i + 1]});
    }
    this.logStd = gaussian ? all[i] : null;

    Rng rng = new Rng(seed);
    boolean orthogonal = cfg.init().equals("orthogonal");
    double hiddenGain = Math.sqrt(2);
    for (Parameters.Weight[] layer : conv) {
      INDArray w = layer[0].values();
      long[] k = w.shape();
      if (orthogonal) {
        orthogonal(w, k[0] * k[1] * k[2], k[3], hiddenGain, rng);
      } else {
        glorot(w, k[0] * k[1] * k[2], k[0] * k[1] * k[3], rng);
      }
    }
    for (List<Parameters.Weight[]> tower : List.of(policyLayers, valueLayers)) {
      for (int l = 0; l < layers; l++) {
        INDArray w = tower.get(l)[0].values();
        boolean head = l == layers - 1;
        if (orthogonal) {
          orthogonal(w, w.rows(), w.columns(), !head ? hiddenGain : tower == policyLayers ? 0.01 : 1.0, rng);
        } else {
          glorot(w, w.rows(), w.columns(), rng);
          if (head && tower == policyLayers) {
            w.muli(0.01);
          }
        }
      }
    }
  }

  /**
   * {@code w}, read as a {@code [fanIn, fanOut]} matrix in row-major order (a convolution's
   * {@code [kH, kW, cIn, cOut]} kernel is one), becomes {@code gain} times a random matrix with
   * orthonormal columns (fanIn >= fanOut) or rows: Gram-Schmidt on the columns of a Gaussian
   * matrix, which gives Q of its QR decomposition with R's diagonal positive, the distribution
   * PyTorch's {@code orthogonal_} draws from. Runs once per network, on the host.
   */
  static void orthogonal(INDArray w, long fanIn, long fanOut, double gain, Rng rng) {
    int n = (int) Math.max(fanIn, fanOut);
    int m = (int) Math.min(fanIn, fanOut);
    double[][] q = new double[m][n]; // m orthonormal vectors of length n
    for (int j = 0; j < m; j++) {
      double norm = 0;
      while (norm < 1e-6) { // a draw in the span of the vectors before it is re-drawn (practically never)
        for (int i = 0; i < n; i++) {
          q[j][i] = rng.nextGaussian();
        }
        for (int pass = 0; pass < 2; pass++) { // twice, for orthogonality to rounding
          for (int k = 0; k < j; k++) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
              dot += q[k][i] * q[j][i];
            }
            for (int i = 0; i < n; i++) {
              q[j][i] -= dot * q[k][i];
            }
          }
        }
        norm = 0;
        for (int i = 0; i < n; i++) {
          norm += q[j][i] * q[j][i];
        }
        norm = Math.sqrt(norm);
      }
      for (int i = 0; i < n; i++) {
        q[j][i] /= norm;
      }
    }
    double[] v = new double[(int) (fanIn * fanOut)];
    for (int r = 0; r < fanIn; r++) {
      for (int c = 0; c < fanOut; c++) {
        // fanIn >= fanOut: column c is vector c; otherwise row r is vector r
        v[(int) (r * fanOut + c)] = gain * (fanIn >= fanOut ? q[c][r] : q[r][c]);
      }
    }
    w.assign(Nd4j.create(v, w.shape(), DataType.DOUBLE).castTo(w.dataType()));
  }

  private static void glorot(INDArray w, long fanIn, long fanOut, Rng rng) {
    double std = Math.sqrt(2.0 / (fanIn + fanOut));
    double[] v = new double[(int) w.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian() * std;
    }
    w.assign(Nd4j.create(v, w.shape(), DataType.DOUBLE).castTo(w.dataType()));
  }

  /** A categorical's number of actions; a Gaussian's or multi-discrete's values per action. */
  public int numActions() {
    return numActions;
  }

  /** Value outputs per task: one per reward stream. */
  public int numHeads() {
    return numHeads;
  }

  /** Tasks with their own value outputs (1 unless multi-task). */
  public int tasks() {
    return tasks;
  }

  public int[] obsShape() {
    return obsShape.clone();
  }

  /** The distribution the policy head parameterises. */
  public ActionDistribution distribution() {
    return distribution;
  }

  /** Columns of the policy labels {@link #train} takes before the advantage: the action's D values. */
  public int actionLabelWidth() {
    return distribution.actionDim();
  }

  public long numParams() {
    return params.size();
  }

  /**
   * Every matrix product of one forward pass at batch {@code batch}, in order, as {@code {M, K, N}}
   * (an {@code [M, K] x [K, N]} product): each convolution as the product it equals once its input is
   * unfolded into windows ({@code M = B * Ho * Wo}, {@code K = kH * kW * C_in}, {@code N = C_out}),
   * then each dense layer of the policy tower and of the value tower ({@code M = B}, {@code K = in},
   * {@code N = out}), and for a Gaussian the {@code [B, 1] x [1, D]} that repeats {@code logStd}.
   * Read from the parameters' own shapes, so it follows any config.
   */
  public List<long[]> gemmShapes(long batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    List<long[]> out = new ArrayList<>();
    if (cnn) {
      long h = obsShape[0];
      long w = obsShape[1];
      for (int i = 0; i < conv.size(); i++) {
        long[] k = conv.get(i)[0].values().shape(); // [kH, kW, C_in, C_out]
        h -= k[0] - 1;
        w -= k[1] - 1;
        out.add(new long[] {batch * h * w, k[0] * k[1] * k[2], k[3]});
        if (i == 0 && pool) {
          h /= 2;
          w /= 2;
        }
      }
    }
    for (List<Parameters.Weight[]> tower : List.of(policyLayers, valueLayers)) {
      for (Parameters.Weight[] layer : tower) {
        long[] s = layer[0].values().shape();
        out.add(new long[] {batch, s[0], s[1]});
      }
    }
    if (gaussian) {
      out.add(new long[] {batch, 1, distribution.actionDim()});
    }
    return out;
  }

  /**
   * Floating-point operations of one forward pass at batch {@code batch}: two (a multiply and an
   * add) per multiply-add of every product in {@link #gemmShapes}, {@code 2 * M * K * N} each. Bias
   * adds, activations, the pool and the loss are left out (they are O(outputs), not O(weights x
   * outputs)). A training step costs about three times this: the forward pass, the backward pass to
   * the inputs of each layer and the backward pass to its weights, each one product of the same size.
   */
  public long forwardFlops(long batch) {
    long flops = 0;
    for (long[] g : gemmShapes(batch)) {
      flops += 2 * g[0] * g[1] * g[2];
    }
    return flops;
  }

  /** Flat observations {@code [B, obsDim]} into what the first layer takes (a view for the cnn). */
  private INDArray input(INDArray obs) {
    if (obs.dataType() != dtype) {
      obs = obs.castTo(dtype);
    }
    if (obs.rank() != 2 || obs.columns() != obsDim) {
      throw new IllegalArgumentException("network input must be [B, " + obsDim + "], got " + Arrays.toString(obs.shape()));
    }
    if (cnn) {
      return obs.reshape('c', obs.rows(), obsShape[0], obsShape[1], obsShape[2]);
    }
    return obs;
  }

  private Var tower(Tape t, Var features, List<Parameters.Weight[]> layers) {
    Var a = features;
    Activation hidden = relu ? Activation.RELU : Activation.TANH;
    for (int l = 0; l < layers.size(); l++) {
      Parameters.Weight[] layer = layers.get(l);
      a = t.dense(a, layer[0].on(t), layer[1].on(t), l < layers.size() - 1 ? hidden : Activation.IDENTITY);
    }
    return a;
  }

  /** The policy head's output {@code [B, A or D]} and the values {@code [B, K]} on {@code t}. */
  private Var[] forward(Tape t, INDArray obs) {
    Var x = torso(t, obs);
    return new Var[] {tower(t, x, policyLayers), tower(t, x, valueLayers)};
  }

  /** What both towers read: the observations, through the convolutions for the cnn torso. */
  private Var torso(Tape t, INDArray obs) {
    Var x = t.constant(input(obs));
    if (cnn) {
      for (int i = 0; i < conv.size(); i++) {
        x = t.conv2d(x, conv.get(i)[0].on(t), conv.get(i)[1].on(t)).relu();
        if (i == 0 && pool) {
          x = t.maxPool(x, 2);
        }
      }
      long[] s = x.shape();
      x = x.reshape(s[0], s[1] * s[2] * s[3]);
    }
    return x;
  }

  /**
   * The distribution's parameters from the policy head: the logits, or for a Gaussian the means
   * beside {@code logStd} repeated on every row (as {@code ones [B, 1] x logStd}, so its gradient is
   * the sum over rows).
   */
  private Var distributionParams(Tape t, Var head) {
    if (!gaussian) {
      return head;
    }
    Var rows = t.constant(Nd4j.ones(dtype, head.rows(), 1));
    return t.hstack(head, rows.mmul(logStd.on(t)));
  }

  /**
   * Logits and values for {@code obs} {@code [B, obsDim]}; parameters unchanged, nothing recorded.
   * Runs both towers as one network (see {@link #fuse}): half the matrix products and activations
   * of running them one after the other, whose per-call cost is most of what acting costs at the
   * loop's sizes.
   */
  public Output forward(INDArray obs) {
    fuse();
    try (MemoryWorkspace ws = Tape.scratch("curio-actor-critic-forward")) {
      Arena arena = arena(actArenas, obs.rows());
      Tape t = arena == null ? Tape.inference() : Tape.inference(arena);
      Var a = torso(t, obs);
      Activation hidden = relu ? Activation.RELU : Activation.TANH;
      for (int l = 0; l < fusedWeights.length; l++) {
        a = t.dense(a, t.constant(fusedWeights[l]), t.constant(fusedBiases[l]),
            l < fusedWeights.length - 1 ? hidden : Activation.IDENTITY);
      }
      int policyOut = (int) policyLayers.get(policyLayers.size() - 1)[0].values().columns();
      Var head = a.columns(0, policyOut);
      Var values = a.columns(policyOut, (int) a.columns());
      return new Output(rowMajorCopy(distributionParams(t, head)), rowMajorCopy(values));
    }
  }

  /**
   * The arena for calls at {@code rows} rows, or null for a tape that allocates as it goes. A batch
   * size gets its own arena the second time it is seen (acting at N envs, minibatches of one size),
   * so a size met once (PPO's pass over the rows a batch starts, which varies with the episodes that
   * ended) holds no arrays; the {@value #ARENAS} sizes used last are kept and the others dropped,
   * which bounds what a network holds to a few calls' arrays.
   */
  private static Arena arena(java.util.Map<Long, Arena> arenas, long rows) {
    if (!arenas.containsKey(rows)) {
      arenas.put(rows, null); // seen once
      return null;
    }
    Arena a = arenas.get(rows);
    if (a == null) {
      a = new Arena();
      arenas.put(rows, a);
    }
    return a;
  }

  /** Batch size to arena (null: seen once), the least recently used dropped beyond {@value #ARENAS}. */
  private static java.util.Map<Long, Arena> arenas() {
    return new java.util.LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(java.util.Map.Entry<Long, Arena> eldest) {
        return size() > ARENAS;
      }
    };
  }

  /**
   * {@code v}'s value copied out of the scratch workspace in row-major order: the one copy an
   * output needs, and the layout the host reads without another ({@code Host.floats}); the fused
   * outputs are column views of a column-major product, which a plain detach would keep as they are.
   */
  private static INDArray rowMajorCopy(Var v) {
    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return v.value().dup('c');
    }
  }

  /** {@link #forward(INDArray)} through the two towers one after the other: what the fused forward must equal. */
  Output forwardSeparately(INDArray obs) {
    try (MemoryWorkspace ws = Tape.scratch("curio-actor-critic-forward")) {
      Tape t = Tape.inference();
      Var[] out = forward(t, obs);
      return new Output(distributionParams(t, out[0]).value().detach(), out[1].value().detach());
    }
  }

  /**
   * Brings the fused copy of the two towers up to date with the parameters (when they changed since
   * the last call): one network whose layers are the towers' side by side. The first layer's weights
   * {@code [in, 2H]} are the policy tower's and the value tower's next to each other (both read the
   * same features); every later layer's {@code [2H, 2H']} (the heads' {@code [2H, P + V]}) holds the
   * policy's block top left, the value tower's bottom right and zeros elsewhere; the biases are
   * joined. Each output is the sum of the same products as in its own tower plus zeros, so it is
   * the towers' value up to float rounding (BLAS may block the wider product differently), as long
   * as the activations are finite: an infinite activation in one tower times a zero weight is NaN in
   * the other tower's outputs of that row. The layers after the first multiply twice the weights
   * they need (the zero blocks); at the loop's widths the call count, not the arithmetic, is the
   * cost. For acting only: training runs the towers, whose gradients need no mask.
   */
  private void fuse() {
    if (fusedVersion == paramsVersion) {
      return;
    }
    int layers = policyLayers.size();
    if (fusedWeights == null) {
      fusedWeights = new INDArray[layers];
      fusedBiases = new INDArray[layers];
      try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        for (int l = 0; l < layers; l++) {
          INDArray wp = policyLayers.get(l)[0].values();
          INDArray wv = valueLayers.get(l)[0].values();
          long rows = l == 0 ? wp.rows() : wp.rows() + wv.rows();
          fusedWeights[l] = Nd4j.zeros(dtype, rows, wp.columns() + wv.columns());
          fusedBiases[l] = Nd4j.zeros(dtype, 1, wp.columns() + wv.columns());
        }
      }
    }
    for (int l = 0; l < layers; l++) {
      INDArray wp = policyLayers.get(l)[0].values();
      INDArray wv = valueLayers.get(l)[0].values();
      long pr = wp.rows();
      long pc = wp.columns();
      long vr = l == 0 ? 0 : pr;
      fusedWeights[l].get(NDArrayIndex.interval(0, pr), NDArrayIndex.interval(0, pc)).assign(wp);
      fusedWeights[l].get(NDArrayIndex.interval(vr, vr + wv.rows()), NDArrayIndex.interval(pc, pc + wv.columns()))
          .assign(wv);
      fusedBiases[l].get(NDArrayIndex.all(), NDArrayIndex.interval(0, pc)).assign(policyLayers.get(l)[1].values());
      fusedBiases[l].get(NDArrayIndex.all(), NDArrayIndex.interval(pc, pc + wv.columns()))
          .assign(valueLayers.get(l)[1].values());
    }
    fusedVersion = paramsVersion;
  }

  private PpoLoss.Result loss(Tape t, INDArray obs, INDArray policyLabels, INDArray valueLabels, INDArray taskMask) {
    Var[] out = forward(t, obs);
    INDArray pl = policyLabels.dataType() == dtype ? policyLabels : policyLabels.castTo(dtype);
    INDArray vl = valueLabels.dataType() == dtype ? valueLabels : valueLabels.castTo(dtype);
    return loss.of(t, distribution, distributionParams(t, out[0]), pl, ownTask(t, out[1], taskMask), vl);
  }

  /**
   * Each row's own task's K values {@code [B, K]} out of all tasks' {@code [B, tasks * K]}: the sum
   * over tasks j of columns {@code j*K ..} times the row's indicator of task j ({@code taskMask
   * [B, tasks]}, one 1 per row), so no other task's outputs get a gradient.
   */
  private Var ownTask(Tape t, Var values, INDArray taskMask) {
    if (tasks == 1) {
      return values;
    }
    if (taskMask == null || taskMask.rank() != 2 || taskMask.rows() != values.rows() || taskMask.columns() != tasks) {
      throw new IllegalArgumentException("a network of " + tasks + " tasks needs a task mask [" + values.rows() + ", "
          + tasks + "], got " + (taskMask == null ? "none" : Arrays.toString(taskMask.shape())));
    }
    INDArray mask = taskMask.dataType() == dtype ? taskMask : taskMask.castTo(dtype);
    Var own = null;
    for (int j = 0; j < tasks; j++) {
      INDArray indicator = mask.getColumn(j).reshape(mask.rows(), 1).repeat(1, numHeads);
      Var part = values.columns(j * numHeads, (j + 1) * numHeads).mul(t.constant(indicator));
      own = own == null ? part : own.add(part);
    }
    return own;
  }

  /** {@code [B, tasks]} with a 1 at each row's task: the mask {@link #train} takes. */
  public static INDArray taskMask(int[] rowTasks, int tasks) {
    float[] m = new float[rowTasks.length * tasks];
    for (int i = 0; i < rowTasks.length; i++) {
      if (rowTasks[i] < 0 || rowTasks[i] >= tasks) {
        throw new IllegalArgumentException("row " + i + " is of task " + rowTasks[i] + "; the network has " + tasks);
      }
      m[i * tasks + rowTasks[i]] = 1f;
    }
    return Nd4j.create(m, new long[] {rowTasks.length, tasks}, DataType.FLOAT);
  }

  /**
   * The training loss of a minibatch (as {@link #train} minimises it) and its gradient with respect
   * to every parameter, in {@link #parameterVector()} order, without changing the parameters. For
   * gradient checks.
   */
  LossAndGradient lossAndGradient(INDArray obs, INDArray policyLabels, INDArray valueLabels) {
    return lossAndGradient(obs, policyLabels, valueLabels, null);
  }

  LossAndGradient lossAndGradient(INDArray obs, INDArray policyLabels, INDArray valueLabels, INDArray taskMask) {
    Tape t = Tape.training();
    PpoLoss.Result r = loss(t, obs, policyLabels, valueLabels, taskMask);
    t.backward(r.total());
    return new LossAndGradient(r.total().scalar(), params.gradient().dup());
  }

  /** @param gradient {@code [1, numParams]} */
  record LossAndGradient(double loss, INDArray gradient) {}

  /** One optimisation step's measurements. */
  public record StepStats(double policyLoss, double entropy, double approxKl, double clipFraction, double valueLoss,
                          double gradNorm) {}

  /**
   * One gradient step on a minibatch.
   *
   * @param obs {@code [B, obsDim]}
   * @param policyLabels {@code [B, D + 2]}: the action taken (D = the distribution's action
   *     dimension: 1 for a categorical), advantage, old log-probability
   * @param valueLabels {@code [B, 2K]}: return targets, old values
   * @param maxGradNorm global L2 clip of the gradient, 0 for none
   */
  public StepStats train(INDArray obs, INDArray policyLabels, INDArray valueLabels, double maxGradNorm) {
    return train(obs, policyLabels, valueLabels, null, maxGradNorm);
  }

  /**
   * One gradient step on a minibatch of a multi-task network: as {@link #train(INDArray, INDArray,
   * INDArray, double)}, each row's value labels being of its own task.
   *
   * @param taskMask {@code [B, tasks]} from {@link #taskMask}; null for a single-task network
   */
  public StepStats train(INDArray obs, INDArray policyLabels, INDArray valueLabels, INDArray taskMask,
                         double maxGradNorm) {
    try (MemoryWorkspace ws = Tape.scratch("curio-actor-critic-train")) {
      Tape t = trainingTape(obs.rows());
      PpoLoss.Result r = loss(t, obs, policyLabels, valueLabels, taskMask);
      t.backward(r.total());
      double norm = params.clipGradientNorm(maxGradNorm);
      paramsVersion++; // first: a step that fails part way must not leave the fused copy looking current
      params.adamStep(learningRate, adamEpsilon);
      return new StepStats(r.policyLoss(), r.entropy(), r.approxKl(), r.clipFraction(), r.valueLoss(), norm);
    }
  }

  /**
   * A minibatch loss over the network's outputs, written with tape operations: how a learner other
   * than PPO (IMPALA's {@link VtraceLoss}) trains this network through {@link #train(INDArray, Loss,
   * INDArray, double)} without a second network stack.
   *
   * <p>The variables it gets live in arrays the next training step at the same batch size writes
   * over (an {@link Arena}): copy out, with {@code dup()} outside any workspace, whatever is kept
   * past the call.
   */
  @FunctionalInterface
  public interface Loss {
    /**
     * @param t the training tape
     * @param dist the policy's action distribution
     * @param params the distribution's parameters {@code [B, P]} on {@code t}
     * @param values each row's own task's values {@code [B, K]} on {@code t}
     */
    Terms of(Tape t, ActionDistribution dist, Var params, Var values);
  }

  /**
   * What a {@link Loss} gives: the scalar to back-propagate and what is logged of it (a statistic
   * the loss does not have is 0).
   */
  public record Terms(Var total, double policyLoss, double entropy, double approxKl, double clipFraction,
                      double valueLoss) {}

  /**
   * One gradient step on a minibatch with {@code loss} instead of PPO's: forward on a training tape,
   * backward, clip the flat gradient by its global L2 norm, one Adam step (as {@link #train(INDArray,
   * INDArray, INDArray, INDArray, double)}).
   *
   * @param obs {@code [B, obsDim]}
   * @param taskMask {@code [B, tasks]} from {@link #taskMask}; null for a single-task network
   * @param maxGradNorm global L2 clip of the gradient, 0 for none
   */
  public StepStats train(INDArray obs, Loss loss, INDArray taskMask, double maxGradNorm) {
    try (MemoryWorkspace ws = Tape.scratch("curio-actor-critic-train")) {
      Tape t = trainingTape(obs.rows());
      Var[] out = forward(t, obs);
      Terms r = loss.of(t, distribution, distributionParams(t, out[0]), ownTask(t, out[1], taskMask));
      t.backward(r.total());
      double norm = params.clipGradientNorm(maxGradNorm);
      paramsVersion++; // first: a step that fails part way must not leave the fused copy looking current
      params.adamStep(learningRate, adamEpsilon);
      return new StepStats(r.policyLoss(), r.entropy(), r.approxKl(), r.clipFraction(), r.valueLoss(), norm);
    }
  }

  /** A training tape on the arena of this minibatch size (nothing it computes outlives the step). */
  private Tape trainingTape(long rows) {
    Arena arena = arena(trainArenas, rows);
    return arena == null ? Tape.training() : Tape.training(arena);
  }

  /** The network's data type (FLOAT; DOUBLE in gradient checks): what a {@link Loss}'s constants must be. */
  public DataType dataType() {
    return dtype;
  }

  public void configureLosses(double clip, double entropyCoef, boolean clipValues, double valueCoef) {
    loss.configure(clip, entropyCoef, clipValues, valueCoef);
  }

  public void setLearningRate(double lr) {
    this.learningRate = lr;
  }

  /**
   * PopArt's Preserving Outputs Precisely on the value head's last layer ({@link PopArt#pop}):
   * column c's statistics are {@code outputs[c]} of the states.
   */
  public void popValueHead(PopArt.State old, PopArt.State next, int[] outputs) {
    Parameters.Weight[] head = valueLayers.get(valueLayers.size() - 1);
    paramsVersion++;
    PopArt.pop(head[0].values(), head[1].values(), old, next, outputs);
  }

  /** Parameters, Adam's state and its step counter. */
  public Snapshot save() {
    return new Snapshot().putChild("parameters", params.state());
  }

  public void restore(Snapshot s) {
    if (!s.has("parameters")) {
      throw new IllegalArgumentException("this checkpoint holds a network of an older Curio (its DL4J graph, before "
          + "the one network stack); it cannot be resumed by this version: start the run again");
    }
    Snapshot p = s.child("parameters");
    if (p.floats("values").length != params.size()) {
      throw new IllegalArgumentException("checkpoint has " + p.floats("values").length + " network parameters, this "
          + "network has " + params.size() + " (different observation/action spaces or network config?)");
    }
    paramsVersion++; // before: restore writes the values, then may refuse the optimiser state
    params.restore(p);
  }

  /** A copy of all parameters, flat. */
  public float[] parameters() {
    return dev.curio.core.trajectory.Host.floats(params.values());
  }

  /** A copy of all parameters as one vector {@code [1, numParams]}. */
  public INDArray parameterVector() {
    return params.values().dup();
  }

  /** Replaces all parameters with {@code flat} ({@code numParams} values); the optimiser state is kept. */
  public void setParameters(INDArray flat) {
    if (flat.length() != numParams()) {
      throw new IllegalArgumentException("got " + flat.length() + " parameters for a network of " + numParams());
    }
    paramsVersion++;
    params.values().assign(flat.reshape(1, flat.length()).castTo(dtype));
  }
}
