package dev.curio.envs.multi;

import dev.curio.core.Info;
import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.MultiDiscrete;
import dev.curio.core.space.Space;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.vector.VectorEnv;
import dev.curio.envs.vector.VectorEnvState;
import dev.curio.envs.vector.VectorStep;
import dev.curio.envs.wrappers.EpisodeStats;
import dev.curio.envs.wrappers.RecordEpisodeStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * N copies of an M-agent world seen as {@code N * M} single-agent <i>columns</i>, env-major: column
 * {@code c = env * M + agent}. One network with shared parameters can then act for every agent of
 * every copy in one batched pass, and the trajectory's columns are agents (see
 * {@code Trajectory}'s Javadoc for why agents are flattened into columns).
 *
 * <ul>
 *   <li><b>Observations</b>: agent m's flattened observation, zero-padded to the longest agent's
 *       length when the agents' lengths differ, followed (when {@code appendAgentId}) by the one-hot of
 *       m, so a shared network can tell the roles apart. With messages (below) the M message one-hots come
 *       between the two.
 *   <li><b>Actions</b>: every agent's space must be {@code Discrete}; the columns act in
 *       {@code Discrete(A)}, A the largest agent's count. An agent with fewer actions {@code n_m}
 *       takes {@code a mod n_m} for a column action {@code a >= n_m} (so the speaker of a
 *       speaker-listener game with 4 words and a listener with 5 moves share one 5-way head, and the
 *       speaker's fifth action says word 0). Padding observations and action spaces to share one
 *       policy among unlike agents is the homogenisation of Terry et al. 2020 ("Revisiting parameter
 *       sharing in multi-agent deep reinforcement learning"); folding the extra actions is Curio's
 *       choice, so that every action the policy samples is a legal one.
 *   <li><b>Messages</b> (cheap talk, {@code messages = V > 0}; the influential communication of Jaques et al. 2019):
 *       every column then acts in {@code MultiDiscrete([A, V])} and takes an {@code int[] {action, message}}:
 *       component 0 the world action (folded as above), component 1 a message in {@code [0, V)} that the world
 *       never sees. Every column's observation holds, after the padded agent observation and before the agent
 *       id, the M agents' messages of the previous joint step as M one-hots of V, agent order (all zeros after a
 *       reset), so each agent hears everyone's message, its own included, at the next step. Without messages the
 *       columns act in {@code Discrete(A)} and take an {@code Integer}.
 *   <li><b>Steps</b>: the M columns of a copy are stepped together as one joint action. A copy's
 *       episode ends when the world says every agent is done; then each of its columns reports
 *       {@code terminated}/{@code truncated} as its agent's own flag, the true final observation,
 *       and an {@link EpisodeStats} of that agent's return under
 *       {@link RecordEpisodeStatistics#EPISODE}, and the copy is reset within the same call. An
 *       agent that finished before the others keeps its column until the episode ends: its steps
 *       in between carry the world's reward for it (0 in the built-in worlds) and its actions are
 *       ignored by the world.
 *   <li><b>Time limit</b>: {@code maxEpisodeSteps > 0} truncates every agent of a copy after that many
 *       joint steps (on top of the world's own limit).
 *   <li><b>Visibility</b>: {@link #visibility()} says, for the observations the vector env holds now,
 *       which agents each column's agent sees ({@link MultiAgentEnv#VISIBLE} of the info that came
 *       with them: the reset's for a copy that was just reset), all visible for a world that does not
 *       report it.
 *   <li><b>Snapshots</b> replay each copy's joint actions since its reset, like the single-agent
 *       vector env; the state has one entry per column, and the M columns of a copy carry the same
 *       seed and the copy's joint actions, one agent's share each ({@code Integer}, or with messages an
 *       {@code int[] {action, message}}, so that the messages heard after a restore are the same).
 * </ul>
 */
public final class MultiAgentVectorEnv implements VectorEnv<Object> {
  private final List<MultiAgentEnv<Object>> envs;
  private final String id;
  private final int agents;
  /** The longest agent observation (every column's observation part is this long, zero-padded). */
  private final int agentDim;
  /** Each agent's own observation length. */
  private final int[] agentDims;
  /** Each agent's own number of actions (the columns act in the largest). */
  private final int[] agentActions;
  /** The columns' number of actions, the largest agent's. */
  private final int columnActions;
  private final int dim;
  /** The vocabulary of cheap-talk messages V; 0 without messages. */
  private final int messages;
  private final boolean appendAgentId;
  private final int maxEpisodeSteps;
  private final List<Space<Object>> agentSpaces;
  private final EnvSpec<float[], Object> spec;
  private final Rng[] seedStreams;
  private final long[] episodeSeeds;
  private final List<List<int[]>> jointLog;
  /** Per copy, the joint messages since its reset, one {@code int[M]} per step (empty without messages). */
  private final List<List<int[]>> messageLog;
  /** Per copy, the messages its agents hear now ({@code [M]}, the last joint step's), or null after a reset. */
  private final int[][] heard;
  private final double[] returns;
  private final int[] lengths;
  /** {@code [N * M, M]} row-major: row {@code env * M + k}, entry j 1 where agent j is visible to agent k. */
  private final float[] visibility;
  private final boolean reportsVisibility;
  private boolean started;
  private boolean closed;

  /**
   * Without messages: the columns act in {@code Discrete(A)}.
   *
   * @param copies the N copies (one world id, fresh instances)
   * @param appendAgentId append the one-hot agent index to each column's observation
   * @param maxEpisodeSteps truncate every agent after this many joint steps (0: the world's own limit only)
   */
  public MultiAgentVectorEnv(List<? extends MultiAgentEnv<?>> copies, boolean appendAgentId, int maxEpisodeSteps) {
    this(copies, appendAgentId, maxEpisodeSteps, 0);
  }

  /**
   * @param copies the N copies (one world id, fresh instances)
   * @param appendAgentId append the one-hot agent index to each column's observation
   * @param maxEpisodeSteps truncate every agent after this many joint steps (0: the world's own limit only)
   * @param messages the vocabulary V of a cheap-talk message per agent and step (see the class notes): 0 for none,
   *     else at least 2 (a world of one agent would only hear itself; the training loop refuses that)
   */
  @SuppressWarnings("unchecked")
  public MultiAgentVectorEnv(List<? extends MultiAgentEnv<?>> copies, boolean appendAgentId, int maxEpisodeSteps,
                             int messages) {
    if (copies == null || copies.isEmpty()) {
      throw new IllegalArgumentException("a multi-agent vector env needs at least one copy");
    }
    if (maxEpisodeSteps < 0) {
      throw new IllegalArgumentException("maxEpisodeSteps must be >= 0, got " + maxEpisodeSteps);
    }
    if (messages < 0 || messages == 1) {
      throw new IllegalArgumentException("messages must be 0 (none) or a vocabulary of at least 2, got " + messages);
    }
    this.envs = new ArrayList<>();
    for (int i = 0; i < copies.size(); i++) {
      envs.add((MultiAgentEnv<Object>) Objects.requireNonNull(copies.get(i), "multi-agent env copy " + i + " is null"));
    }
    MultiAgentSpec<Object> ms = envs.get(0).spec();
    this.id = ms.id();
    this.agents = ms.numAgents();
    this.agentSpaces = new ArrayList<>(ms.observationSpaces());
    this.agentDims = new int[agents];
    this.agentActions = new int[agents];
    int widest = 0;
    int most = 0;
    for (int m = 0; m < agents; m++) {
      agentDims[m] = agentSpaces.get(m).flatDim();
      agentActions[m] = ms.actionSpace(m).n();
      widest = Math.max(widest, agentDims[m]);
      most = Math.max(most, agentActions[m]);
    }
    this.agentDim = widest;
    this.columnActions = most;
    this.messages = messages;
    Space<?> actions = messages > 0 ? new MultiDiscrete(most, messages) : new Discrete(most);
    for (MultiAgentEnv<Object> e : envs) {
      if (!e.spec().id().equals(id)) {
        throw new IllegalArgumentException("the copies must be one world, got " + id + " and " + e.spec().id());
      }
    }
    this.appendAgentId = appendAgentId;
    this.dim = agentDim + agents * messages + (appendAgentId ? agents : 0);
    this.maxEpisodeSteps = maxEpisodeSteps;
    this.spec = new EnvSpec<>(id, columnSpace(agentSpaces), (Space<Object>) actions,
        maxEpisodeSteps > 0 && (ms.maxEpisodeSteps() == 0 || maxEpisodeSteps < ms.maxEpisodeSteps())
            ? maxEpisodeSteps : ms.maxEpisodeSteps());
    int n = envs.size();
    this.seedStreams = new Rng[n];
    this.episodeSeeds = new long[n];
    this.jointLog = new ArrayList<>();
    this.messageLog = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      jointLog.add(new ArrayList<>());
      messageLog.add(new ArrayList<>());
    }
    this.heard = new int[n][];
    this.returns = new double[n * agents];
    this.lengths = new int[n];
    this.reportsVisibility = envs.get(0).reportsVisibility();
    this.visibility = new float[n * agents * agents];
    Arrays.fill(visibility, 1f);
  }

  /** {@code copies} fresh instances of {@code factory}'s world, without messages. */
  public static MultiAgentVectorEnv of(int copies, Supplier<? extends MultiAgentEnv<?>> factory, boolean appendAgentId,
                                       int maxEpisodeSteps) {
    return of(copies, factory, appendAgentId, maxEpisodeSteps, 0);
  }

  /**
   * {@code copies} fresh instances of {@code factory}'s world, with cheap-talk messages of vocabulary
   * {@code messages} (0: none; see the class notes).
   */
  public static MultiAgentVectorEnv of(int copies, Supplier<? extends MultiAgentEnv<?>> factory, boolean appendAgentId,
                                       int maxEpisodeSteps, int messages) {
    if (copies < 1) {
      throw new IllegalArgumentException("need at least one copy, got " + copies);
    }
    List<MultiAgentEnv<?>> list = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      MultiAgentEnv<?> e = factory.get();
      if (e == null) {
        list.forEach(MultiAgentEnv::close);
        throw new IllegalArgumentException("the multi-agent env factory returned null for copy " + i);
      }
      list.add(e);
    }
    try {
      return new MultiAgentVectorEnv(list, appendAgentId, maxEpisodeSteps, messages);
    } catch (RuntimeException e) {
      list.forEach(MultiAgentEnv::close);
      throw e;
    }
  }

  /**
   * The column's Box: each element's bounds cover every agent's (a padded element includes 0); messages and ids in
   * [0, 1].
   */
  private Space<float[]> columnSpace(List<Space<Object>> spaces) {
    float[] low = new float[dim];
    float[] high = new float[dim];
    for (int k = 0; k < agentDim; k++) {
      boolean first = true;
      for (int m = 0; m < agents; m++) {
        float lo;
        float hi;
        if ((Object) spaces.get(m) instanceof Box b && b.size() == agentDims[m]) {
          lo = k < agentDims[m] ? b.low()[k] : 0f;
          hi = k < agentDims[m] ? b.high()[k] : 0f;
        } else {
          lo = k < agentDims[m] ? -Float.MAX_VALUE : 0f;
          hi = k < agentDims[m] ? Float.MAX_VALUE : 0f;
        }
        low[k] = first ? lo : Math.min(low[k], lo);
        high[k] = first ? hi : Math.max(high[k], hi);
        first = false;
      }
    }
    for (int m = agentDim; m < dim; m++) {
      low[m] = 0;
      high[m] = 1;
    }
    return new Box(low, high, dim);
  }

  /**
   * The world's {@link MultiAgentEnv#actionChannels()} in column terms (a column's observation starts with its
   * agent's flattened observation, so their offsets hold as they are; they carry {@link ActionChannel#WORLD}), then,
   * with messages, one {@link ActionChannel#MESSAGE} channel per ordered pair of agents (k, j), j != k, k-major: k's
   * message at t is the one-hot of width V at {@link #messageOffset(int) messageOffset(k)} of j's column observation
   * at t+1.
   */
  public List<ActionChannel> actionChannels() {
    List<ActionChannel> out = new ArrayList<>(envs.get(0).actionChannels());
    for (ActionChannel c : out) {
      if (c.component() != ActionChannel.WORLD) {
        throw new IllegalStateException(id + ": declares a channel of action component " + c.component()
            + "; a world's channels carry its own action (component 0)");
      }
    }
    for (int k = 0; k < agents && messages > 0; k++) {
      for (int j = 0; j < agents; j++) {
        if (j != k) {
          out.add(new ActionChannel(k, j, messageOffset(k), messages, ActionChannel.MESSAGE));
        }
      }
    }
    return out;
  }

  /** The vocabulary V of the cheap-talk messages; 0 when there are none. */
  public int messages() {
    return messages;
  }

  /**
   * Where agent {@code k}'s message heard is in every column's observation: the one-hot of width {@link #messages()}
   * at {@code [messageOffset(k), messageOffset(k) + V)}.
   *
   * @throws IllegalStateException without messages
   */
  public int messageOffset(int k) {
    if (messages == 0) {
      throw new IllegalStateException("multi-agent vector env of " + id + " has no messages");
    }
    if (k < 0 || k >= agents) {
      throw new IllegalArgumentException("agent " + k + " is not one of the " + agents + " agents of " + id);
    }
    return agentDim + k * messages;
  }

  /** Agents per copy M. */
  public int numAgents() {
    return agents;
  }

  /**
   * Whether the world reports which agents are frozen ({@link MultiAgentEnv#reportsFrozen()}); then
   * every column's step info carries its copy's {@link MultiAgentEnv#FROZEN} flags, {@code [M]}.
   */
  public boolean reportsFrozen() {
    return envs.get(0).reportsFrozen();
  }

  /**
   * Whether the world reports which agents each agent sees ({@link MultiAgentEnv#reportsVisibility()},
   * copy 0's); otherwise {@link #visibility()} is all ones.
   */
  public boolean reportsVisibility() {
    return reportsVisibility;
  }

  /**
   * Which agents each column's agent sees in the observations this vector env holds now (those the
   * last {@link #reset}, {@link #step} or {@link #restore} returned; for a copy reset within a step, its
   * new episode's first observations): {@code [numEnvs() * M]}, row {@code c = env * M + k} (the
   * column layout), entry {@code j} at {@code c * M + j} is 1 where agent j of that copy is visible to
   * agent k, else 0. Each copy's rows are its world's {@link MultiAgentEnv#VISIBLE}; all ones when the
   * world does not report it ({@link #reportsVisibility()}). A copy.
   *
   * @throws IllegalStateException before the first reset
   */
  public float[] visibility() {
    if (!started) {
      throw new IllegalStateException("multi-agent vector env of " + id + ": visibility() before reset(); call reset(seed)"
          + " first");
    }
    return visibility.clone();
  }

  /** Copies N (the columns are {@code N * M}). */
  public int numCopies() {
    return envs.size();
  }

  @Override
  public int numEnvs() {
    return envs.size() * agents;
  }

  /**
   * The spec of one column: the world's id, the column observation and one agent's actions ({@code Discrete(A)}, or
   * {@code MultiDiscrete([A, V])} with messages).
   */
  @Override
  public EnvSpec<float[], Object> spec() {
    return spec;
  }

  @Override
  public int observationDim() {
    return dim;
  }

  @Override
  public float[] reset(long seed) {
    checkOpen();
    Rng master = new Rng(seed);
    for (int i = 0; i < envs.size(); i++) {
      seedStreams[i] = master.split();
    }
    float[] obs = new float[numEnvs() * dim];
    for (int i = 0; i < envs.size(); i++) {
      episodeSeeds[i] = seedStreams[i].nextLong();
      MultiReset<Object> r = envs.get(i).reset(episodeSeeds[i]);
      jointLog.get(i).clear();
      messageLog.get(i).clear();
      heard[i] = null;
      write(r.observations(), obs, i);
      see(r.info(), i, "reset");
      lengths[i] = 0;
    }
    Arrays.fill(returns, 0);
    started = true;
    return obs;
  }

  /**
   * Steps every copy with its columns' actions: {@code Integer}s in {@code [0, A)} without messages, {@code int[]
   * {action, message}} with them; anything else is a one-line {@link IllegalArgumentException}.
   */
  @Override
  public VectorStep step(Object[] actions) {
    checkOpen();
    if (!started) {
      throw new IllegalStateException("multi-agent vector env of " + id + ": step() before reset(); call reset(seed) first");
    }
    int cols = numEnvs();
    if (actions.length != cols) {
      throw new IllegalArgumentException("multi-agent vector env of " + id + ": needs " + cols + " actions (" + envs.size()
          + " copies x " + agents + " agents), got " + actions.length);
    }
    float[] obs = new float[cols * dim];
    float[] next = null;
    double[] rewards = new double[cols];
    boolean[] term = new boolean[cols];
    boolean[] trunc = new boolean[cols];
    Info[] infos = new Info[cols];
    boolean[] ended = new boolean[envs.size()];
    for (int i = 0; i < envs.size(); i++) {
      int[] joint = new int[agents];
      int[] said = messages > 0 ? new int[agents] : null;
      for (int m = 0; m < agents; m++) {
        joint[m] = worldAction(actions[i * agents + m], m, i, said);
      }
      MultiStep<Object> s = envs.get(i).step(joint);
      heard[i] = said;
      lengths[i]++;
      boolean limit = maxEpisodeSteps > 0 && lengths[i] >= maxEpisodeSteps;
      boolean done = s.done() || limit;
      for (int m = 0; m < agents; m++) {
        int c = i * agents + m;
        double r = s.rewards()[m];
        if (!Double.isFinite(r)) {
          throw new IllegalStateException(id + " (copy " + i + ", agent " + m + "): step returned the reward " + r
              + "; rewards must be finite");
        }
        rewards[c] = r;
        returns[c] += r;
        term[c] = done && s.terminated()[m];
        trunc[c] = done && !term[c];
        infos[c] = done
            ? s.info().with(RecordEpisodeStatistics.EPISODE, new EpisodeStats(returns[c], lengths[i], term[c], trunc[c]))
            : s.info();
      }
      if (done) {
        ended[i] = true;
        if (next == null) {
          next = new float[cols * dim];
        }
        write(s.observations(), next, i);
        episodeSeeds[i] = seedStreams[i].nextLong();
        jointLog.get(i).clear();
        lengths[i] = 0;
        for (int m = 0; m < agents; m++) {
          returns[i * agents + m] = 0;
        }
        messageLog.get(i).clear();
        heard[i] = null;
        MultiReset<Object> r = envs.get(i).reset(episodeSeeds[i]);
        write(r.observations(), obs, i);
        see(r.info(), i, "reset");
      } else {
        jointLog.get(i).add(joint);
        if (said != null) {
          messageLog.get(i).add(said);
        }
        write(s.observations(), obs, i);
        see(s.info(), i, "step");
      }
    }
    if (next == null) {
      next = obs;
    } else {
      for (int i = 0; i < envs.size(); i++) {
        if (!ended[i]) {
          System.arraycopy(obs, i * agents * dim, next, i * agents * dim, agents * dim);
        }
      }
    }
    return new VectorStep(obs, next, rewards, term, trunc, infos);
  }

  /**
   * Agent m of copy i's world action from its column action (folded into the agent's own count); with messages,
   * stores its message in {@code said[m]}. One line for a null, a value of the wrong kind, or one out of range.
   */
  private int worldAction(Object action, int m, int i, int[] said) {
    String who = "multi-agent vector env of " + id + ": the action of agent " + m + " of copy " + i;
    if (action == null) {
      throw new IllegalArgumentException(who + " is null");
    }
    int a;
    if (messages == 0) {
      if (!(action instanceof Integer k)) {
        throw new IllegalArgumentException(who + " is " + describe(action) + "; the columns act in Discrete("
            + columnActions + ") and take an Integer");
      }
      a = k;
    } else {
      if (!(action instanceof int[] pair)) {
        throw new IllegalArgumentException(who + " is " + describe(action) + "; with messages the columns act in"
            + " MultiDiscrete[" + columnActions + ", " + messages + "] and take an int[] {action, message}");
      }
      if (pair.length != 2) {
        throw new IllegalArgumentException(who + " has " + pair.length + " values " + Arrays.toString(pair)
            + "; with messages it is an int[] {action, message} of 2");
      }
      if (pair[1] < 0 || pair[1] >= messages) {
        throw new IllegalArgumentException("multi-agent vector env of " + id + ": the message of agent " + m
            + " of copy " + i + " is " + pair[1] + ", outside [0, " + messages + ")");
      }
      said[m] = pair[1];
      a = pair[0];
    }
    if (a < 0 || a >= columnActions) {
      throw new IllegalArgumentException(who + " is " + a + ", outside Discrete(" + columnActions + ")");
    }
    return a % agentActions[m];
  }

  private static String describe(Object action) {
    if (action instanceof int[] v) {
      return "an int[] " + Arrays.toString(v);
    }
    String type = action.getClass().getSimpleName();
    return ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type + " (" + action + ")";
  }

  /** Writes copy i's agents' observations, the messages they hear (with messages) and ids into their columns. */
  private void write(List<Object> agentObs, float[] dst, int i) {
    if (agentObs.size() != agents) {
      throw new IllegalStateException(id + " (copy " + i + "): the world returned " + agentObs.size()
          + " observations for " + agents + " agents");
    }
    for (int m = 0; m < agents; m++) {
      int off = (i * agents + m) * dim;
      Object o = agentObs.get(m);
      if (o instanceof float[] f && f.length != agentDims[m]) {
        throw new IllegalStateException(id + " (copy " + i + ", agent " + m + "): observation of " + f.length
            + " values, the space needs " + agentDims[m]);
      }
      agentSpaces.get(m).flatten(o, dst, off);
      Arrays.fill(dst, off + agentDims[m], off + dim, 0f);
      if (heard[i] != null) {
        for (int k = 0; k < agents; k++) {
          dst[off + agentDim + k * messages + heard[i][k]] = 1f;
        }
      }
      if (appendAgentId) {
        dst[off + agentDim + agents * messages + m] = 1f;
      }
    }
  }

  /**
   * Copies copy i's {@link MultiAgentEnv#VISIBLE} from {@code info} (of a {@code kind}, reset or step)
   * into its rows of {@link #visibility}; nothing for a world that does not report it.
   */
  private void see(Info info, int i, String kind) {
    if (!reportsVisibility) {
      return;
    }
    boolean[] visible = info.get(MultiAgentEnv.VISIBLE).orElseThrow(() -> new IllegalStateException(id + " (copy " + i
        + "): the " + kind + " info has no '" + MultiAgentEnv.VISIBLE.name() + "' entry, but reportsVisibility() is true"));
    int size = agents * agents;
    if (visible.length != size) {
      throw new IllegalStateException(id + " (copy " + i + "): the " + kind + " info's '" + MultiAgentEnv.VISIBLE.name()
          + "' has " + visible.length + " entries, needs " + size + " (" + agents + " x " + agents + " agents)");
    }
    int off = i * size;
    for (int e = 0; e < size; e++) {
      visibility[off + e] = visible[e] ? 1f : 0f;
    }
  }

  /**
   * Each column's share of its copy's joint actions since the reset: {@code Integer}s (the world actions, folded), or
   * with messages {@code int[] {action, message}}.
   */
  @Override
  public VectorEnvState<Object> snapshot() {
    int cols = numEnvs();
    long[] seeds = new long[cols];
    long[][] streams = new long[cols][];
    List<List<Object>> acts = new ArrayList<>();
    for (int i = 0; i < envs.size(); i++) {
      for (int m = 0; m < agents; m++) {
        int c = i * agents + m;
        seeds[c] = episodeSeeds[i];
        streams[c] = seedStreams[i].state();
        List<Object> mine = new ArrayList<>();
        List<int[]> said = messageLog.get(i);
        for (int t = 0; t < jointLog.get(i).size(); t++) {
          int a = jointLog.get(i).get(t)[m];
          mine.add(messages > 0 ? new int[] {a, said.get(t)[m]} : (Object) a);
        }
        acts.add(mine);
      }
    }
    return new VectorEnvState<>(seeds, acts, streams);
  }

  /** Replays a {@link #snapshot()} (its actions of the kind {@link #step} takes), messages included. */
  @Override
  public float[] restore(VectorEnvState<Object> state) {
    checkOpen();
    int cols = numEnvs();
    if (state.episodeSeeds().length != cols) {
      throw new IllegalArgumentException("snapshot has " + state.episodeSeeds().length + " columns, this vector env has "
          + cols + " (" + envs.size() + " copies x " + agents + " agents)");
    }
    float[] obs = new float[cols * dim];
    for (int i = 0; i < envs.size(); i++) {
      int first = i * agents;
      episodeSeeds[i] = state.episodeSeeds()[first];
      seedStreams[i] = Rng.fromState(state.seedStreams()[first]);
      MultiReset<Object> r = envs.get(i).reset(episodeSeeds[i]);
      List<Object> current = r.observations();
      Info currentInfo = r.info();
      String currentKind = "reset";
      jointLog.get(i).clear();
      messageLog.get(i).clear();
      heard[i] = null;
      Arrays.fill(returns, first, first + agents, 0);
      int steps = state.actionsSinceReset().get(first).size();
      for (int t = 0; t < steps; t++) {
        int[] joint = new int[agents];
        int[] said = messages > 0 ? new int[agents] : null;
        for (int m = 0; m < agents; m++) {
          joint[m] = worldAction(state.actionsSinceReset().get(first + m).get(t), m, i, said);
        }
        MultiStep<Object> s = envs.get(i).step(joint);
        heard[i] = said;
        if (said != null) {
          messageLog.get(i).add(said);
        }
        for (int m = 0; m < agents; m++) {
          returns[first + m] += s.rewards()[m];
        }
        jointLog.get(i).add(joint);
        current = s.observations();
        currentInfo = s.info();
        currentKind = "step";
      }
      lengths[i] = steps;
      write(current, obs, i);
      see(currentInfo, i, currentKind);
    }
    started = true;
    return obs;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("multi-agent vector env of " + id + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    envs.forEach(MultiAgentEnv::close);
  }
}
