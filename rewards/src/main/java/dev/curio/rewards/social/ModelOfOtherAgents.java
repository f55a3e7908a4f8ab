package dev.curio.rewards.social;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The model of other agents (MOA) of Jaques et al. (ICML 2019): from agent k's observation and the
 * current actions of all N agents, a distribution over the next action of each of the N - 1 others.
 * One network serves every k (parameters shared across agents); it is not told k. If k's identity
 * matters, the caller puts it into the observation (e.g. as a one-hot), nothing here adds it.
 *
 * <p><b>Rows.</b> A row is one (env, agent k) pair at step t. Arrays ({@code B} rows, A actions per
 * agent, the same for every agent, and C the others' predicted actions, A unless the config says otherwise: with
 * cheap talk the inputs are the agents' messages and the predictions their next world actions):
 * <ul>
 *   <li>{@code obs [B, obsDim]}: k's observation at t (FLOAT or DOUBLE; used as FLOAT);</li>
 *   <li>{@code actions [B, N]}: the actions all N agents took at t, column n for agent n, integers
 *       in {@code [0, A)} in any numeric data type;</li>
 *   <li>{@code agent [B]}: k, the row's own agent, an integer in {@code [0, N)};</li>
 *   <li>{@code next [B, N-1]}: the others' actions at t+1, in the <i>others order</i> below, integers in
 *       {@code [0, C)};</li>
 *   <li>{@code visible [B, N-1]}: 1 where that other agent counts as visible to k for this row,
 *       else 0, in the others order (which step's view counts is the caller's visibility rule;
 *       nothing here reads a world).</li>
 * </ul>
 *
 * <p><b>The others order.</b> Column i of a {@code [B, N-1]} array (and block i of the network's
 * output) is agent {@code j = i} for {@code i < k} and {@code j = i + 1} for {@code i >= k}: the
 * other agents in increasing index order, k skipped. For N = 3: k = 0 sees (1, 2), k = 1 sees
 * (0, 2), k = 2 sees (0, 1). {@link #others} turns a per-agent {@code [B, N]} array (all agents'
 * next actions, or a visibility mask) into that order.
 *
 * <p><b>The network.</b> Input {@code [obs, onehot(a_0), ..., onehot(a_{N-1})]}, width
 * {@code obsDim + N A}; an {@link Mlp} with the configured hidden layers and activation, linear
 * output; output logits {@code [(N-1) C]}, block i (columns {@code i C .. i C + C - 1}) the logits
 * of the i-th other's next action. Weights and Adam state are one {@link Parameters} vector.
 *
 * <p><b>Training.</b> {@link #update} takes one Adam step on the softmax cross-entropy of each
 * visible (row, other) pair's logits against the action that other took at t+1, averaged over the
 * visible pairs of the batch; invisible pairs contribute nothing (their targets are still checked to
 * be actions, but their values do not matter). With no visible pair there is no step: nothing
 * changes and the result is {@code (NaN, 0)}. Rows whose step t+1 does not exist (the episode ended
 * at t, terminated or truncated) have no target: the caller leaves them out of the batch.
 *
 * <p><b>Counterfactuals.</b> {@link #counterfactuals} asks, for every row and every action a' of k,
 * what the others would do next had k taken a' (the other agents' actions as they were):
 * {@code cond [B, A, N-1, C]}, {@code cond[b, a', i, c]} the probability that the i-th other of
 * row b's k takes c at t+1 given k took a'. All B A counterfactual inputs go through one forward
 * pass. {@link #influenceRows} lays those out as {@link Influence#perAgent} reads them.
 *
 * <p>Every method works on whole arrays (no Java loop over the batch); bad input is a one-line
 * {@link IllegalArgumentException} naming the array and its shape or the first bad value. Not
 * thread-safe.
 */
public final class ModelOfOtherAgents {
  /**
   * The MOA's sizes and training settings.
   *
   * @param obsDim width of one observation row, {@code >= 1}
   * @param agents N, the number of agents, {@code >= 2}
   * @param actions A, the number of discrete actions of every agent in the input, {@code >= 1}
   * @param predicted C, the number of actions of every other agent the network predicts, {@code >= 1} (A, unless the
   *     input actions are of another kind than the predicted ones, as messages and world actions are)
   * @param hidden widths of the hidden layers, each {@code >= 1} (may be empty: a linear model)
   * @param activation activation after every hidden layer
   * @param learningRate Adam's step size, finite and {@code > 0}
   */
  public record Config(int obsDim, int agents, int actions, int predicted, List<Integer> hidden, Activation activation,
                       double learningRate) {
    /** Default hidden layers. */
    public static final List<Integer> DEFAULT_HIDDEN = List.of(64, 64);
    /** Default Adam step size. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    /**
     * Checks every field; a failure names it and its value.
     *
     * @param obsDim width of one observation row, {@code >= 1}
     * @param agents N, {@code >= 2}
     * @param actions A, {@code >= 1}
     * @param predicted C, {@code >= 1}
     * @param hidden hidden widths, each {@code >= 1}; copied
     * @param activation activation after every hidden layer
     * @param learningRate Adam's step size, finite and {@code > 0}
     */
    public Config {
      if (obsDim < 1) {
        throw new IllegalArgumentException("moa.obsDim: must be >= 1, got " + obsDim);
      }
      if (agents < 2) {
        throw new IllegalArgumentException("moa.agents: must be >= 2 (a model of the others), got " + agents);
      }
      if (actions < 1) {
        throw new IllegalArgumentException("moa.actions: must be >= 1, got " + actions);
      }
      if (predicted < 1) {
        throw new IllegalArgumentException("moa.predicted: must be >= 1, got " + predicted);
      }
      if (hidden == null) {
        throw new IllegalArgumentException("moa.hidden: must not be null");
      }
      for (Integer h : hidden) {
        if (h == null || h < 1) {
          throw new IllegalArgumentException("moa.hidden: every width must be >= 1, got " + hidden);
        }
      }
      hidden = List.copyOf(hidden);
      if (activation == null) {
        throw new IllegalArgumentException("moa.activation: must not be null");
      }
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("moa.learningRate: must be finite and > 0, got " + learningRate);
      }
    }

    /**
     * A config that predicts the others' next actions among the same A as its input's.
     *
     * @param obsDim width of one observation row, {@code >= 1}
     * @param agents N, {@code >= 2}
     * @param actions A (and C), {@code >= 1}
     * @param hidden hidden widths, each {@code >= 1}; copied
     * @param activation activation after every hidden layer
     * @param learningRate Adam's step size, finite and {@code > 0}
     */
    public Config(int obsDim, int agents, int actions, List<Integer> hidden, Activation activation,
                  double learningRate) {
      this(obsDim, agents, actions, actions, hidden, activation, learningRate);
    }

    /**
     * The defaults: hidden layers 64-64, ReLU, learning rate 1e-3; C = A.
     *
     * @param obsDim width of one observation row
     * @param agents N
     * @param actions A
     * @return the config
     */
    public static Config of(int obsDim, int agents, int actions) {
      return new Config(obsDim, agents, actions, DEFAULT_HIDDEN, Activation.RELU, DEFAULT_LEARNING_RATE);
    }

    /**
     * This config with other hidden layers.
     *
     * @param widths the hidden widths, input side first
     * @return the new config
     */
    public Config withHidden(Integer... widths) {
      return new Config(obsDim, agents, actions, predicted, Arrays.asList(widths), activation, learningRate);
    }

    /**
     * This config with another hidden activation.
     *
     * @param a the activation
     * @return the new config
     */
    public Config withActivation(Activation a) {
      return new Config(obsDim, agents, actions, predicted, hidden, a, learningRate);
    }

    /**
     * This config with another Adam step size.
     *
     * @param lr the step size
     * @return the new config
     */
    public Config withLearningRate(double lr) {
      return new Config(obsDim, agents, actions, predicted, hidden, activation, lr);
    }

    /**
     * This config predicting the others' next actions among {@code c} values (the input stays A).
     *
     * @param c C, the others' number of actions
     * @return the new config
     */
    public Config withPredicted(int c) {
      return new Config(obsDim, agents, actions, c, hidden, activation, learningRate);
    }

    /** The network's layer widths, input first: {@code obsDim + N A, hidden..., (N-1) C}. */
    int[] layers() {
      int[] sizes = new int[hidden.size() + 2];
      sizes[0] = obsDim + agents * actions;
      for (int l = 0; l < hidden.size(); l++) {
        sizes[l + 1] = hidden.get(l);
      }
      sizes[sizes.length - 1] = (agents - 1) * predicted;
      return sizes;
    }
  }

  /**
   * What one {@link #update} did.
   *
   * @param loss the mean cross-entropy over the visible pairs before the step, in nats; NaN when
   *     there was none
   * @param visiblePairs the number of visible (row, other) pairs averaged over; 0 means no step
   */
  public record Update(double loss, long visiblePairs) {}

  /**
   * The inputs of {@link Influence#perRow} and {@link Influence#perAgent}, one row per (row b of
   * the MOA's batch, other i): row {@code b (N-1) + i}. When the MOA's rows are (env e, agent k) in
   * order {@code e N + k}, this is exactly Influence's {@code [E, K, J]} layout with K = N and
   * J = N - 1.
   *
   * @param pi {@code [B (N-1), A]} k's policy, repeated for each of its others
   * @param cond {@code [B (N-1), A, C]} the other's predicted next-action distribution given each
   *     counterfactual action of k
   * @param actual {@code [B (N-1)]} the action k took (LONG)
   * @param visible {@code [B (N-1)]} 1 where the other was visible to k, else 0
   */
  public record InfluenceRows(INDArray pi, INDArray cond, INDArray actual, INDArray visible) {}

  private final Config config;
  private final int n;
  private final int a;
  /** C, the others' predicted actions. */
  private final int c;
  private final Parameters params;
  private final Mlp net;

  /**
   * A freshly initialised network ({@link Mlp}'s initialisation, drawn from a split of
   * {@code rng}); the same {@code rng} state gives the same weights.
   *
   * @param config sizes and training settings
   * @param rng the source of the initial weights (advanced by one split)
   */
  public ModelOfOtherAgents(Config config, Rng rng) {
    if (config == null || rng == null) {
      throw new IllegalArgumentException("moa: config and rng must not be null");
    }
    this.config = config;
    this.n = config.agents();
    this.a = config.actions();
    this.c = config.predicted();
    int[] sizes = config.layers();
    this.params = new Parameters(Mlp.paramCount(sizes));
    this.net = new Mlp(params, sizes, config.activation(), Activation.IDENTITY, rng.split());
  }

  /**
   * The sizes and settings this network was built with.
   *
   * @return the config
   */
  public Config config() {
    return config;
  }

  // --- prediction -------------------------------------------------------------------------------

  /**
   * The predicted next-action distributions of k's others given what every agent actually did.
   *
   * @param obs {@code [B, obsDim]} k's observation per row
   * @param actions {@code [B, N]} all agents' actions at t
   * @return {@code [B, N-1, C]} FLOAT, {@code [b, i, :]} the i-th other's distribution (others order)
   */
  public INDArray predict(INDArray obs, INDArray actions) {
    int b = checkObs(obs);
    checkActions("actions", actions, b, n);
    try (MemoryWorkspace ws = Tape.scratch("curio-moa-forward")) {
      INDArray logits = net.forward(input(obs, actions));
      return Transforms.softmax(logits.reshape((long) b * (n - 1), c), false)
          .reshape(b, n - 1, c).detach();
    }
  }

  /**
   * For every row and every action a' of its agent k, the predicted next-action distributions of
   * k's others had k taken a' while every other agent did what it did: one forward pass over the
   * {@code B A} inputs that replace k's action one-hot by each a' (input row {@code b A + a'}).
   *
   * @param obs {@code [B, obsDim]} k's observation per row
   * @param actions {@code [B, N]} all agents' actual actions at t (k's own is replaced)
   * @param agent {@code [B]} k per row
   * @return {@code cond [B, A, N-1, C]} FLOAT: {@code cond[b, a', i, c]} the probability that the
   *     i-th other of k (others order) takes c at t+1 given k took a'; a softmax over c
   */
  public INDArray counterfactuals(INDArray obs, INDArray actions, INDArray agent) {
    int b = checkObs(obs);
    checkActions("actions", actions, b, n);
    checkAgents(agent, b);
    try (MemoryWorkspace ws = Tape.scratch("curio-moa-counterfactuals")) {
      long rows = (long) b * a;
      // k's block of every row as a mask over the N A one-hot columns, each row repeated A times
      INDArray kBlock = oneHot(agent, n).repeat(1, a).repeat(0, a);
      // row b A + a' carries onehot(a') in every block; the mask keeps it only in k's block
      INDArray counterfactual = Nd4j.tile(oneHot(Nd4j.arange(a).reshape(1, a).repeat(0, b).reshape(rows), a), 1, n);
      INDArray onehots = oneHot(actions.reshape((long) b * n), a).reshape(b, (long) n * a).repeat(0, a);
      INDArray mixed = onehots.muli(kBlock.rsub(1.0)).addi(counterfactual.muli(kBlock));
      INDArray x = Nd4j.hstack(typed(obs).repeat(0, a), mixed);
      INDArray logits = net.forward(x);
      return Transforms.softmax(logits.reshape(rows * (n - 1), c), false)
          .reshape(b, a, n - 1, c).detach();
    }
  }

  /**
   * The arrays {@link Influence#perAgent} reads, built from {@link #counterfactuals}' output: one
   * row per (MOA row b, other i), row {@code b (N-1) + i}. With the MOA's rows ordered (env e,
   * agent k) as {@code e N + k}, call
   * {@code Influence.perAgent(r.pi(), r.cond(), r.actual(), r.visible(), d, E, N, N - 1, clip)}.
   *
   * @param cond {@code [B, A, N-1, C]} from {@link #counterfactuals}
   * @param pi {@code [B, A]} k's policy per row (FLOAT or DOUBLE; cast to cond's type)
   * @param actions {@code [B, N]} all agents' actual actions at t, as given to {@link #counterfactuals}
   * @param agent {@code [B]} k per row, as given to {@link #counterfactuals}
   * @param visible {@code [B, N-1]} 1 where the i-th other was visible to k (others order)
   * @return pi, cond, actual and visible in Influence's row layout
   */
  public InfluenceRows influenceRows(INDArray cond, INDArray pi, INDArray actions, INDArray agent,
                                     INDArray visible) {
    if (cond == null) {
      throw new IllegalArgumentException("cond: must not be null");
    }
    int b = cond.rank() == 4 ? (int) cond.size(0) : 0;
    if (b < 1 || !Arrays.equals(cond.shape(), new long[] {b, a, n - 1, c})) {
      throw new IllegalArgumentException("cond: expected shape [B, " + a + ", " + (n - 1) + ", " + c
          + "] (B >= 1, from counterfactuals), got " + Arrays.toString(cond.shape()));
    }
    if (pi == null) {
      throw new IllegalArgumentException("pi: must not be null");
    }
    if (pi.rank() != 2 || pi.size(0) != b || pi.size(1) != a
        || (pi.dataType() != DataType.FLOAT && pi.dataType() != DataType.DOUBLE)) {
      throw new IllegalArgumentException("pi: expected FLOAT or DOUBLE of shape [" + b + ", " + a + "] (one policy per "
          + "row of cond), got " + pi.dataType() + " " + Arrays.toString(pi.shape()));
    }
    checkActions("actions", actions, b, n);
    checkAgents(agent, b);
    checkVisible(visible, b);
    long rows = (long) b * (n - 1);
    INDArray rowCond = cond.permute(0, 2, 1, 3).dup('c').reshape(rows, a, c);
    INDArray rowPi = pi.castTo(cond.dataType()).repeat(0, n - 1);
    INDArray ownAction = Nd4j.exec(new Gather(actions.castTo(DataType.LONG).reshape((long) b * n),
        Nd4j.arange(b).castTo(DataType.LONG).muli(n).addi(agent.castTo(DataType.LONG).reshape(b)), 0))[0];
    INDArray actual = ownAction.reshape(b, 1).repeat(1, n - 1).reshape(rows);
    return new InfluenceRows(rowPi, rowCond, actual, visible.castTo(cond.dataType()).reshape(rows));
  }

  /**
   * A per-agent array in the others order of each row's agent: {@code out[b, i] = perAgent[b, j]}
   * with {@code j = i < k ? i : i + 1}, k = {@code agent[b]}. For the others' next actions or
   * visibility when the caller holds them for all N agents.
   *
   * @param perAgent {@code [B, N]} one value per agent (any data type, kept)
   * @param agent {@code [B]} k per row
   * @return {@code [B, N-1]}
   */
  public INDArray others(INDArray perAgent, INDArray agent) {
    if (perAgent == null || perAgent.rank() != 2 || perAgent.size(0) < 1 || perAgent.size(1) != n) {
      throw new IllegalArgumentException("perAgent: expected shape [B, " + n + "] (B >= 1), got "
          + (perAgent == null ? "null" : Arrays.toString(perAgent.shape())));
    }
    int b = (int) perAgent.size(0);
    checkAgents(agent, b);
    INDArray column = Nd4j.arange(n - 1).castTo(DataType.LONG).reshape(1, n - 1).repeat(0, b);
    INDArray k = agent.castTo(DataType.LONG).reshape(b, 1).repeat(1, n - 1);
    INDArray skip = column.gt(k.sub(1)).castTo(DataType.LONG); // column >= k
    INDArray base = Nd4j.arange(b).castTo(DataType.LONG).muli(n).reshape(b, 1).repeat(1, n - 1);
    INDArray index = base.addi(column).addi(skip).reshape((long) b * (n - 1));
    return Nd4j.exec(new Gather(perAgent.reshape((long) b * n), index, 0))[0].reshape(b, n - 1);
  }

  // --- training ---------------------------------------------------------------------------------

  /**
   * One Adam step on the masked cross-entropy (class notes). Rows whose t+1 does not exist are the
   * caller's to leave out.
   *
   * @param obs {@code [B, obsDim]} k's observation at t
   * @param actions {@code [B, N]} all agents' actions at t
   * @param next {@code [B, N-1]} the others' actions at t+1, others order (see {@link #others})
   * @param visible {@code [B, N-1]} 1 where the other was visible to k, else 0 (others order)
   * @return the loss before the step and the number of visible pairs; {@code (NaN, 0)} and no step
   *     when none is visible
   */
  public Update update(INDArray obs, INDArray actions, INDArray next, INDArray visible) {
    int b = checkBatch(obs, actions, next, visible);
    long pairs = visible.castTo(DataType.DOUBLE).sumNumber().longValue();
    if (pairs == 0) {
      return new Update(Double.NaN, 0);
    }
    try (MemoryWorkspace ws = Tape.scratch("curio-moa-update")) {
      double loss = backward(obs, actions, next, visible, b, pairs);
      params.adamStep(config.learningRate());
      return new Update(loss, pairs);
    }
  }

  /**
   * Writes the gradient of {@link #update}'s loss into the parameter vector without a step (for
   * tests); returns the loss, or NaN with a zero gradient when no pair is visible.
   */
  double gradient(INDArray obs, INDArray actions, INDArray next, INDArray visible) {
    int b = checkBatch(obs, actions, next, visible);
    long pairs = visible.castTo(DataType.DOUBLE).sumNumber().longValue();
    if (pairs == 0) {
      params.gradient().assign(0);
      return Double.NaN;
    }
    return backward(obs, actions, next, visible, b, pairs);
  }

  /** {@code -(1/pairs) sum over visible (b, i) of log softmax(logits[b, i])[next[b, i]]}, back-propagated. */
  private double backward(INDArray obs, INDArray actions, INDArray next, INDArray visible, int b, long pairs) {
    long rows = (long) b * (n - 1);
    // one-hot targets with the rows of invisible pairs zeroed: whatever their action, they add 0
    INDArray targets = oneHot(next.reshape(rows), c).muliColumnVector(
        visible.castTo(params.dataType()).reshape(rows, 1));
    Tape t = Tape.training();
    Var logProbs = net.forward(t, t.constant(input(obs, actions))).reshape(rows, c).logSoftmax();
    Var loss = logProbs.mul(t.constant(targets)).sum().mul(-1.0 / pairs);
    t.backward(loss);
    return loss.scalar();
  }

  /** The flat weight and Adam vector (for tests). */
  Parameters parameters() {
    return params;
  }

  // --- state ------------------------------------------------------------------------------------

  /**
   * The layout (sizes and activation), weights, Adam's moments and step count.
   *
   * @return a snapshot for {@link #restore}
   */
  public Snapshot state() {
    return new Snapshot().putString("module", "moa")
        .putInts("layout", layout())
        .putInts("predicted", new int[] {c})
        .putString("activation", config.activation().name())
        .putChild("params", params.state());
  }

  /**
   * Restores {@link #state()} of a network of the same layout and activation; otherwise a one-line
   * message naming the entry and both values. The learning rate is this network's own.
   *
   * @param s a snapshot from {@link #state()}
   */
  public void restore(Snapshot s) {
    if (s == null) {
      throw new IllegalArgumentException("moa snapshot: must not be null");
    }
    String module = s.has("module") ? s.string("module") : "?";
    if (!module.equals("moa")) {
      throw new IllegalArgumentException("moa snapshot: entry 'module' is '" + module + "', expected 'moa'");
    }
    int[] theirs = s.ints("layout");
    if (!Arrays.equals(theirs, layout())) {
      throw new IllegalArgumentException("moa snapshot: entry 'layout' (obsDim, agents, actions, hidden...) is "
          + Arrays.toString(theirs) + ", this network's is " + Arrays.toString(layout()));
    }
    // written since the input and predicted actions may differ; absent, they were the same
    int predicted = s.has("predicted") ? s.ints("predicted")[0] : theirs.length > 2 ? theirs[2] : -1;
    if (predicted != c) {
      throw new IllegalArgumentException("moa snapshot: entry 'predicted' (the others' actions) is " + predicted
          + ", this network's is " + c);
    }
    String activation = s.string("activation");
    if (!activation.equals(config.activation().name())) {
      throw new IllegalArgumentException("moa snapshot: entry 'activation' is " + activation + ", this network's is "
          + config.activation().name());
    }
    Snapshot p = s.child("params");
    int values = p.floats("values").length;
    if (values != params.size()) {
      throw new IllegalArgumentException("moa snapshot: entry 'params/values' has " + values
          + " parameters, this network has " + params.size());
    }
    int adam = p.floats("adam").length;
    if (adam != 0 && adam != 2 * params.size()) {
      throw new IllegalArgumentException("moa snapshot: entry 'params/adam' has " + adam + " values, this network "
          + "needs 0 or " + 2 * params.size());
    }
    params.restore(p);
  }

  private int[] layout() {
    int[] l = new int[3 + config.hidden().size()];
    l[0] = config.obsDim();
    l[1] = n;
    l[2] = a;
    for (int i = 0; i < config.hidden().size(); i++) {
      l[3 + i] = config.hidden().get(i);
    }
    return l;
  }

  // --- inputs -----------------------------------------------------------------------------------

  /** {@code [B, obsDim + N A]}: the observation and every agent's action one-hot, agent 0 first. */
  private INDArray input(INDArray obs, INDArray actions) {
    long b = obs.size(0);
    return Nd4j.hstack(typed(obs), oneHot(actions.reshape(b * n), a).reshape(b, (long) n * a));
  }

  /** {@code [M, width]} in the parameters' type: row m is 1 at column {@code ids[m]}. */
  private INDArray oneHot(INDArray ids, int width) {
    long m = ids.length();
    INDArray column = ids.castTo(DataType.LONG).reshape(m, 1).repeat(1, width);
    INDArray classes = Nd4j.arange(width).castTo(DataType.LONG).reshape(1, width).repeat(0, m);
    return column.eq(classes).castTo(params.dataType());
  }

  private INDArray typed(INDArray x) {
    return x.dataType() == params.dataType() ? x : x.castTo(params.dataType());
  }

  // --- checks -----------------------------------------------------------------------------------

  private int checkBatch(INDArray obs, INDArray actions, INDArray next, INDArray visible) {
    int b = checkObs(obs);
    checkActions("actions", actions, b, n);
    checkActions("next", next, b, n - 1);
    checkVisible(visible, b);
    return b;
  }

  private int checkObs(INDArray obs) {
    if (obs == null) {
      throw new IllegalArgumentException("obs: must not be null");
    }
    if (obs.rank() != 2 || obs.size(0) < 1 || obs.size(1) != config.obsDim()) {
      throw new IllegalArgumentException("obs: expected shape [B, " + config.obsDim() + "] (B >= 1), got "
          + Arrays.toString(obs.shape()));
    }
    if (obs.dataType() != DataType.FLOAT && obs.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException("obs: must be FLOAT or DOUBLE, got " + obs.dataType() + " of shape "
          + Arrays.toString(obs.shape()));
    }
    return (int) obs.size(0);
  }

  /** {@code x [rows, cols]} of integers in {@code [0, A)}. */
  private void checkActions(String name, INDArray x, int rows, int cols) {
    if (x == null) {
      throw new IllegalArgumentException(name + ": must not be null");
    }
    if (x.rank() != 2 || x.size(0) != rows || x.size(1) != cols) {
      throw new IllegalArgumentException(name + ": expected shape [" + rows + ", " + cols + "] (" + rows
          + " rows as in obs, " + (name.equals("next") ? "N-1 others" : "N agents") + "), got "
          + Arrays.toString(x.shape()));
    }
    int bound = name.equals("next") ? c : a;
    checkIntegers(name, x, bound, "actions must be integers in [0, " + bound + ")");
  }

  private void checkAgents(INDArray agent, int rows) {
    if (agent == null) {
      throw new IllegalArgumentException("agent: must not be null");
    }
    if (agent.rank() != 1 || agent.length() != rows) {
      throw new IllegalArgumentException("agent: expected shape [" + rows + "] (one agent index per row), got "
          + Arrays.toString(agent.shape()));
    }
    checkIntegers("agent", agent, n, "agent indices must be integers in [0, " + n + ")");
  }

  private void checkVisible(INDArray visible, int rows) {
    if (visible == null) {
      throw new IllegalArgumentException("visible: must not be null");
    }
    if (visible.rank() != 2 || visible.size(0) != rows || visible.size(1) != n - 1) {
      throw new IllegalArgumentException("visible: expected shape [" + rows + ", " + (n - 1) + "] (" + rows
          + " rows as in obs, N-1 others), got " + Arrays.toString(visible.shape()));
    }
    INDArray v = visible.castTo(DataType.DOUBLE);
    // v (1 - v) is 0 exactly at 0 and 1; any other value, NaN included, makes the sum non-zero
    if (Transforms.abs(v.mul(v.rsub(1)), false).sumNumber().doubleValue() == 0) {
      return;
    }
    firstBad("visible", visible, "must be 0 or 1", x -> x == 0 || x == 1);
  }

  /** Whole-array check that {@code x} holds integers in {@code [0, bound)}; names the first bad one. */
  private static void checkIntegers(String name, INDArray x, long bound, String rule) {
    INDArray d = x.castTo(DataType.DOUBLE);
    // NaN when any entry is NaN or infinite; > 0 when any entry has a fraction
    double fraction = Transforms.abs(d.sub(Transforms.floor(d, true)), false).sumNumber().doubleValue();
    if (fraction == 0 && d.minNumber().doubleValue() >= 0 && d.maxNumber().doubleValue() < bound) {
      return;
    }
    firstBad(name, x, rule, v -> v >= 0 && v < bound && v == Math.floor(v));
  }

  /** Throws for the first element (row-major) that fails {@code ok}; on the failure path only. */
  private static void firstBad(String name, INDArray x, String rule, java.util.function.DoublePredicate ok) {
    double[] values = x.castTo(DataType.DOUBLE).reshape(x.length()).toDoubleVector();
    for (int i = 0; i < values.length; i++) {
      if (!ok.test(values[i])) {
        String at = x.rank() == 1 ? "row " + i : "[" + i / x.size(1) + ", " + i % x.size(1) + "]";
        throw new IllegalArgumentException(name + ": " + rule + ", got " + values[i] + " at " + at + " of shape "
            + Arrays.toString(x.shape()));
      }
    }
  }
}
