package dev.curio.rewards.social;

import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.UpdateStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The social-influence reward of Jaques et al. (ICML 2019), the model-of-other-agents variant: agent k is rewarded
 * for actions that change what the other agents do next, as a {@link ModelOfOtherAgents} (MOA) predicts it.
 *
 * <p>For every column (env e, agent k) at step t of a rollout: the MOA's counterfactual predictions of each other
 * agent j's next action, one per action a' k could have taken ({@link ModelOfOtherAgents#counterfactuals}); k's
 * policy {@code pi_k(. | s_t)} from the trajectory's behaviour logits; the marginal
 * {@code sum_a' pi_k(a') p_j(. | a')}; and the influence
 * {@code c_k = clip(sum over visible j of D(p_j(. | a_k actual) || marginal), -clip, clip)}, D the KL divergence or
 * Jensen-Shannon ({@link Influence#perAgent}). All counterfactuals of all agents of all envs of all steps go
 * through the MOA in one forward pass.
 *
 * <p><b>When it is paid.</b> With {@code delay} 1 (the default, as in the reference implementation, whose MOA sees
 * the previous step's actions) the influence of k's action at t is k's reward at step t+1 of the same episode; the
 * influence of an episode's last action is lost, and that of a rollout's last step is carried into the next
 * rollout's first step (kept in the state). With {@code delay} 0 it is the reward of step t, and 0 at an episode's
 * last step (no one acts after it).
 *
 * <p><b>Training.</b> {@link #update} trains the MOA on every (t, k, j) of the rollout whose t+1 is in the rollout and
 * the same episode and, with {@code visibleOnly}, where j was visible to k (the trajectory's
 * {@link Trajectory#visibility()}; all visible when the world reports none): {@code gradientSteps} full-batch Adam
 * steps on the masked cross-entropy. {@link #compute} uses the MOA as the previous updates left it.
 *
 * <p><b>Inputs.</b> A multi-agent trajectory of this module's number of agents, Discrete actions {@code [T, N]}
 * (or, when the agents send messages, {@code [T, N, 2]}: the world action, then the message) and the behaviour
 * logits ({@code policyParams}, {@code [T, N, A]}, or {@code [T, N, A + V]} with messages, the message's V last);
 * anything else is refused in one line. Non-finite predictions or policies give 0 for their rows, counted in the
 * update's {@code nonfinite_rows}.
 *
 * <p><b>Influential communication</b> ({@code head: message}, the paper's communication experiment): the cause is k's
 * cheap-talk message instead of its world action. {@code pi_k} is the softmax of the message logits, the
 * counterfactuals run over k's V messages, and the effect is still the others' next world action: the MOA reads
 * every agent's message at t (instead of its world action) and predicts the others' world actions at t+1; the
 * centralised variant rewrites the heard message in the other's next observation (the vector env's message
 * channels). With {@code head: action} and messages, the world action (component 0) and its logits are used as
 * without messages.
 *
 * <p><b>Centralised</b> ({@code counterfactuals: centralised}, the paper's first experiment): where the world says how
 * k's action reaches j's next observation (a {@link Channel}: a one-hot block of j's observation at t+1, such as the
 * speaker's word in the listener's ear), j's own policy gives the counterfactuals: j's observation at t+1 with the
 * block rewritten for every a', all rewritten observations of a rollout seen by one agent in one forward pass of that
 * agent's policy (shared or its own), which the training loop binds ({@link #bindCentralised}). No MOA is built or trained; influence counts over the channels
 * whose actor is k, where the episode goes on after t (j acts at t+1).
 *
 * <p>The weight schedule of the reference ({@code scheduleSteps}, {@code scheduleWeights}) is not applied here but
 * by {@link StepScheduledReward} around the module (after any return normalisation), so that normalising the stream
 * does not undo the schedule; the training loop adds it.
 */
public final class SocialInfluence implements IntrinsicReward {
  private final InfluenceConfig config;
  private final RewardStream stream;
  /** Null when the counterfactuals are centralised. */
  private final ModelOfOtherAgents moa;
  /** Centralised: the world's channels and the policy's action probabilities, bound by the loop. */
  private List<Channel> channels;
  private AgentPolicy probabilities;
  private final int obsDim;
  private final int agents;
  /** A, the world actions: what the others' next actions are counted in. */
  private final int actions;
  /** V, the vocabulary of the agents' messages; 0 when they send none. */
  private final int messages;
  /** The counterfactuals of k: V on the message head, else A. */
  private final int heads;
  /** The first of the head's logits in {@code policyParams}: A on the message head, else 0. */
  private final int logitFrom;
  /** {@code [1, N]}: 1 for an agent that receives the reward ({@code influencers}), 0 for one that does not. */
  private final INDArray paidAgents;
  /** Per column: the influence of the last step of the previous rollout, paid at step 0 of the next (delay 1). */
  private float[] carry;
  /**
   * The rollout {@link #compute} saw last, its influence {@code [T, C]} before any delay and how many rows it zeroed:
   * {@link #update} of the same rollout reuses them, so the carried last step is what compute saw. Not state: without
   * it (an update with no compute before it) update computes them again, with the MOA before its training and, for
   * centralised counterfactuals, with the policy as it is then (after the learner's update, in the loop's order).
   */
  private Trajectory lastComputed;
  private INDArray lastRaw;
  private int lastNonFinite;

  /**
   * A module for agents without messages (Discrete actions).
   *
   * @param config settings ({@code rewards.influence.*})
   * @param obsShape shape of one column's observation (as the policy sees it, agent one-hot included)
   * @param numActions every agent's number of discrete actions
   * @param agents agents per env, {@code >= 2}
   * @param seed seeds the MOA's initial weights
   */
  public SocialInfluence(InfluenceConfig config, int[] obsShape, int numActions, int agents, long seed) {
    this(config, obsShape, numActions, 0, agents, seed);
  }

  /**
   * A module for agents that may also send messages ({@code agents.messages}).
   *
   * @param config settings ({@code rewards.influence.*})
   * @param obsShape shape of one column's observation (as the policy sees it, agent one-hot included)
   * @param numActions every agent's number of world actions A
   * @param messages the vocabulary V of the agents' messages: 0 when they send none (then {@code head: message} is
   *     refused), else at least 2
   * @param agents agents per env, {@code >= 2}
   * @param seed seeds the MOA's initial weights
   */
  public SocialInfluence(InfluenceConfig config, int[] obsShape, int numActions, int messages, int agents, long seed) {
    if (config == null) {
      throw new IllegalArgumentException("influence: config must not be null");
    }
    if (agents < 2) {
      throw new IllegalArgumentException("influence: needs a world of at least 2 agents (a model of the others), got "
          + agents);
    }
    if (numActions < 2) {
      throw new IllegalArgumentException("influence: needs a Discrete action space of at least 2 actions, got "
          + numActions);
    }
    if (messages < 0 || messages == 1) {
      throw new IllegalArgumentException("influence: messages must be 0 (none) or a vocabulary of at least 2, got "
          + messages);
    }
    if (config.messageHead() && messages == 0) {
      throw new ConfigException("rewards.influence.head", "is message, but the agents send no messages; set"
          + " agents.messages to a vocabulary of at least 2, or the head to action");
    }
    if (obsShape == null || obsShape.length == 0) {
      throw new IllegalArgumentException("influence: needs an observation shape, got "
          + Arrays.toString(obsShape));
    }
    int dim = 1;
    for (int d : obsShape) {
      if (d < 1) {
        throw new IllegalArgumentException("influence: observation shape " + Arrays.toString(obsShape)
            + " has a dimension < 1");
      }
      dim = Math.multiplyExact(dim, d);
    }
    this.config = config;
    this.obsDim = dim;
    this.agents = agents;
    this.actions = numActions;
    this.messages = messages;
    this.heads = config.messageHead() ? messages : numActions;
    this.logitFrom = config.messageHead() ? numActions : 0;
    float[] paid = new float[agents];
    if (config.influencers().isEmpty()) {
      Arrays.fill(paid, 1f);
    }
    for (int a : config.influencers()) {
      if (a >= agents) {
        throw new ConfigException("rewards.influence.influencers", "lists agent " + a + ", but the world has "
            + agents + " agents (0 to " + (agents - 1) + ")");
      }
      paid[a] = 1f;
    }
    this.paidAgents = Nd4j.createFromArray(paid).reshape(1, agents);
    // the MOA reads every agent's head (its world action or its message) at t and predicts the others' world actions
    ModelOfOtherAgents.Config mc = ModelOfOtherAgents.Config.of(dim, agents, heads).withPredicted(numActions)
        .withHidden(config.hidden().toArray(new Integer[0])).withLearningRate(config.learningRate());
    this.moa = config.centralised() ? null : new ModelOfOtherAgents(mc, new Rng(seed));
    this.stream = new RewardStream("influence", config.gamma(), config.episodic(), config.coefficient());
  }

  /** The settings this module was built with. */
  public InfluenceConfig config() {
    return config;
  }

  /** The model of other agents this module trains (read it, do not train it from outside); null when centralised. */
  public ModelOfOtherAgents moa() {
    return moa;
  }

  /**
   * A known path from agent {@code actor}'s action at t to agent {@code observer}'s observation at t+1: the one-hot
   * of the action's component {@code component} (taken modulo {@code width}) at elements {@code [offset, offset +
   * width)} of the observer's column observation, and nothing else there depends on it.
   *
   * @param actor the influencing agent
   * @param observer the influenced agent, not the actor
   * @param offset first element of the block
   * @param width length of the block
   * @param component the action component carried: 0 the world action, 1 the message
   */
  public record Channel(int actor, int observer, int offset, int width, int component) {
    /**
     * A channel of the world action (component 0).
     *
     * @param actor the influencing agent
     * @param observer the influenced agent, not the actor
     * @param offset first element of the block
     * @param width length of the block
     */
    public Channel(int actor, int observer, int offset, int width) {
      this(actor, observer, offset, width, 0);
    }
  }

  /**
   * An agent's world-action probabilities: {@code [B, obsDim]} column observations of that agent to {@code [B, A]},
   * pure. With messages, the distribution of the world action (component 0) alone.
   */
  @FunctionalInterface
  public interface AgentPolicy {
    /**
     * @param agent the agent whose policy acts on these observations
     * @param observations {@code [B, obsDim]} observations of that agent's column
     * @return {@code [B, A]} world-action probabilities
     */
    INDArray probabilities(int agent, INDArray observations);
  }

  /**
   * Gives a centralised module what it reads: the world's channels and each agent's action probabilities under the
   * acting policy (shared or one per agent). The training loop calls it. Only the channels of this module's head
   * count (component 1 on the message head, else 0); the others are ignored.
   *
   * @param worldChannels at least one of this module's head, each within this module's agents and observation
   * @param policy the world-action probabilities of the acting policy, per agent
   */
  public void bindCentralised(List<Channel> worldChannels, AgentPolicy policy) {
    if (!config.centralised()) {
      throw new IllegalStateException("influence: bindCentralised is for counterfactuals: centralised, this module's"
          + " are " + config.counterfactuals());
    }
    int component = config.messageHead() ? 1 : 0;
    List<Channel> mine = worldChannels == null ? List.of()
        : worldChannels.stream().filter(c -> c.component() == component).toList();
    if (mine.isEmpty()) {
      throw new ConfigException("rewards.influence.counterfactuals", "centralised needs a world that declares how one"
          + " agent's " + (component == 1 ? "message" : "action") + " reaches another's observation (an action"
          + " channel, as social:speaker-listener does); this world declares none");
    }
    for (Channel c : mine) {
      if (c.actor() < 0 || c.actor() >= agents || c.observer() < 0 || c.observer() >= agents
          || c.actor() == c.observer() || c.offset() < 0 || c.width() < 1 || c.offset() + c.width() > obsDim) {
        throw new IllegalArgumentException("influence: channel " + c + " does not fit " + agents + " agents and "
            + obsDim + "-value observations");
      }
    }
    if (policy == null) {
      throw new IllegalArgumentException("influence: the policy's action probabilities must not be null");
    }
    this.channels = List.copyOf(mine);
    this.probabilities = policy;
  }

  @Override
  public RewardStream stream() {
    return stream;
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    check(rollout);
    int t = rollout.steps();
    int c = rollout.envs();
    Influence.Result r = influence(rollout, 0, t);
    INDArray raw = paid(r.rewards(), t, c);
    lastComputed = rollout;
    lastRaw = raw;
    lastNonFinite = r.nonFiniteRows();
    if (config.delay() == 0) {
      // no one acts after an episode's last step, so its action influenced nothing
      return raw.mul(continues(rollout));
    }
    INDArray out = Nd4j.zeros(DataType.FLOAT, t, c);
    if (carry != null) {
      out.putRow(0, Nd4j.createFromArray(carry).reshape(1, c));
    }
    if (t > 1) {
      INDArray paid = raw.get(NDArrayIndex.interval(0, t - 1), NDArrayIndex.all())
          .mul(continues(rollout).get(NDArrayIndex.interval(0, t - 1), NDArrayIndex.all()));
      out.get(NDArrayIndex.interval(1, t), NDArrayIndex.all()).assign(paid);
    }
    return out;
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    check(rollout);
    int t = rollout.steps();
    int c = rollout.envs();
    if (lastComputed != rollout) {
      Influence.Result r = influence(rollout, 0, t);
      lastRaw = paid(r.rewards(), t, c);
      lastNonFinite = r.nonFiniteRows();
    }
    int nonFinite = lastNonFinite;
    if (config.delay() == 1) {
      // what the next rollout's first step is paid: the last step's influence, before the MOA trains on this rollout
      carry = lastRaw.getRow(t - 1).mul(continues(rollout).getRow(t - 1)).reshape(c).toFloatVector();
    }
    lastComputed = null;
    lastRaw = null;
    double loss = Double.NaN;
    long pairs = 0;
    if (moa != null && t > 1) {
      Rows rows = rows(rollout, 0, t - 1);
      int b = (t - 1) * c;
      INDArray joint = rows.joint();
      // the targets are the others' world actions at t+1, whatever the head
      INDArray nextJoint = jointActions(component(rollout, 0), 1, t);
      INDArray nextOthers = moa.others(nextJoint, rows.agent());
      // a pair trains only where t+1 is the same episode (and, with visibleOnly, j was visible to k at t)
      INDArray valid = continues(rollout).get(NDArrayIndex.interval(0, t - 1), NDArrayIndex.all()).reshape(b, 1);
      INDArray mask = rows.visibleOthers().mulColumnVector(valid);
      for (int s = 0; s < config.gradientSteps(); s++) {
        ModelOfOtherAgents.Update u = moa.update(rows.obs(), joint, nextOthers, mask);
        if (s == 0) {
          loss = u.loss();
          pairs = u.visiblePairs();
        }
      }
    }
    if (moa == null) {
      return UpdateStats.of("nonfinite_rows", (double) nonFinite);
    }
    return UpdateStats.of("loss_moa", loss, "trained_pairs", (double) pairs, "nonfinite_rows", (double) nonFinite);
  }

  @Override
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", "influence").putString("counterfactuals", config.counterfactuals())
        .putString("head", config.head());
    if (moa != null) {
      s.putChild("moa", moa.state());
    }
    if (carry != null) {
      s.putFloats("carry", carry);
    }
    return s;
  }

  @Override
  public void restore(Snapshot state) {
    String module = state.has("module") ? state.string("module") : "?";
    if (!module.equals("influence")) {
      throw new IllegalArgumentException("influence snapshot: entry 'module' is '" + module
          + "', expected 'influence'");
    }
    String theirs = state.has("counterfactuals") ? state.string("counterfactuals") : "moa";
    if (!theirs.equals(config.counterfactuals())) {
      throw new IllegalArgumentException("influence snapshot: entry 'counterfactuals' is '" + theirs + "', this"
          + " module's is '" + config.counterfactuals() + "'");
    }
    String theirHead = state.has("head") ? state.string("head") : "action";
    if (!theirHead.equals(config.head())) {
      throw new IllegalArgumentException("influence snapshot: entry 'head' is '" + theirHead + "', this module's is '"
          + config.head() + "'");
    }
    if (moa != null) {
      moa.restore(state.child("moa"));
    }
    carry = state.has("carry") ? state.floats("carry") : null;
    lastComputed = null;
    lastRaw = null;
  }

  // --- internals --------------------------------------------------------------------------------------------------

  /** MOA rows of steps {@code [from, to)}: row {@code (t - from) C + c}, column c = e N + k. */
  private record Rows(INDArray obs, INDArray joint, INDArray agent, INDArray pi, INDArray visibleOthers) {}

  private Rows rows(Trajectory r, int from, int to) {
    int c = r.envs();
    int steps = to - from;
    long b = (long) steps * c;
    INDArray obs = r.observations().get(NDArrayIndex.interval(from, to)).reshape('c', b, obsDim)
        .castTo(DataType.FLOAT);
    INDArray joint = jointActions(component(r, headComponent()), from, to);
    INDArray agent = Nd4j.tile(Nd4j.arange(agents).castTo(DataType.FLOAT), (int) (b / agents));
    INDArray logits = headLogits(r, from, to, NDArrayIndex.all()).reshape('c', b, heads);
    INDArray pi = Transforms.softmax(logits, true);
    INDArray visibleOthers;
    if (config.visibleOnly() && r.visibility().isPresent()) {
      INDArray vis = r.visibility().get().get(NDArrayIndex.interval(from, to)).reshape('c', b, agents)
          .castTo(DataType.FLOAT);
      visibleOthers = moa.others(vis, agent);
    } else {
      visibleOthers = Nd4j.ones(DataType.FLOAT, b, agents - 1);
    }
    return new Rows(obs, joint, agent, pi, visibleOthers);
  }

  /** The head's component: 1 (the message) on the message head, else 0. */
  private int headComponent() {
    return config.messageHead() ? 1 : 0;
  }

  /**
   * {@code [T, C]} FLOAT: component {@code component} of every action (0 the world action, 1 the message); the
   * actions themselves when they are Discrete.
   */
  private static INDArray component(Trajectory r, int component) {
    INDArray a = r.actions();
    return a.rank() == 2 ? a.castTo(DataType.FLOAT)
        : a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(component)).dup('c').castTo(DataType.FLOAT);
  }

  /**
   * {@code [to-from, |columns|, heads]} FLOAT, c-ordered: the behaviour logits of the head (the message's V, or the
   * world action's A) at steps {@code [from, to)} of the columns {@code columns} selects.
   */
  private INDArray headLogits(Trajectory r, int from, int to, INDArrayIndex columns) {
    return r.policyParams().orElseThrow().get(NDArrayIndex.interval(from, to), columns,
        NDArrayIndex.interval(logitFrom, logitFrom + heads)).dup('c').castTo(DataType.FLOAT);
  }

  /**
   * {@code [(to-from) C, N]}: row {@code (t-from) C + e N + k} holds the actions of env e's N agents at t, from
   * {@code actions [T, C]} (one component).
   */
  private INDArray jointActions(INDArray actions, int from, int to) {
    int c = (int) actions.size(1);
    int steps = to - from;
    int envs = c / agents;
    INDArray a = actions.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.FLOAT)
        .reshape('c', (long) steps * envs, agents);
    // each env's row once per agent k of that env
    return a.repeat(0, agents);
  }

  /** Per-agent rewards {@code [T E, N]} as {@code [T, C]} FLOAT, zero for agents that are not influencers. */
  private INDArray paid(INDArray perAgent, int t, int c) {
    return perAgent.castTo(DataType.FLOAT).mulRowVector(paidAgents).reshape(t, c);
  }

  /** {@code [T, C]}: 1 where column c's episode goes on after step t, 0 where it ended there. */
  private static INDArray continues(Trajectory r) {
    INDArray done = r.terminated().castTo(DataType.FLOAT).add(r.truncated().castTo(DataType.FLOAT));
    return done.lt(0.5).castTo(DataType.FLOAT);
  }

  /** Each column's influence at steps {@code [from, to)}, as {@code [(to-from) E, N]} rows, and the zeroed count. */
  private Influence.Result influence(Trajectory r, int from, int to) {
    return moa == null ? centralised(r, from, to) : fromMoa(r, from, to);
  }

  /**
   * Centralised counterfactuals: per channel, the observer's observation at t+1 with the actor's block rewritten for
   * each a', every channel's rows in one policy pass; each actor's divergences summed over its channels and clipped.
   */
  private Influence.Result centralised(Trajectory r, int from, int to) {
    if (channels == null) {
      throw new IllegalStateException("influence: centralised counterfactuals need the world's action channels and"
          + " the policy (bindCentralised; the training loop binds them)");
    }
    int c = r.envs();
    int steps = to - from;
    int envs = c / agents;
    int rows = steps * envs;
    int k = channels.size();
    INDArray next = r.nextObservations().reshape('c', r.steps(), c, obsDim);
    INDArray own = component(r, headComponent());
    INDArray cont = continues(r);
    INDArray[] inputs = new INDArray[k];
    for (int i = 0; i < k; i++) {
      Channel ch = channels.get(i);
      INDArray seen = next.get(NDArrayIndex.interval(from, to), NDArrayIndex.interval(ch.observer(), agents, c),
          NDArrayIndex.all()).dup('c').reshape('c', rows, obsDim).castTo(DataType.FLOAT);
      INDArray x = seen.repeat(0, heads); // row b H + a', H the head's values (A, or V for messages)
      // the block of a' is the one-hot of a' mod width (the world folds extra actions the same way)
      float[] blocks = new float[heads * ch.width()];
      for (int a = 0; a < heads; a++) {
        blocks[a * ch.width() + a % ch.width()] = 1f;
      }
      INDArray oneHot = Nd4j.tile(Nd4j.create(blocks, new long[] {heads, ch.width()}, DataType.FLOAT), rows, 1);
      x.get(NDArrayIndex.all(), NDArrayIndex.interval(ch.offset(), ch.offset() + ch.width())).assign(oneHot);
      inputs[i] = x;
    }
    // one policy pass per observing agent, over all of its channels' rewritten observations
    INDArray[] conds = new INDArray[k];
    for (int j = 0; j < agents; j++) {
      List<Integer> mine = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        if (channels.get(i).observer() == j) {
          mine.add(i);
        }
      }
      if (mine.isEmpty()) {
        continue;
      }
      INDArray x = mine.size() == 1 ? inputs[mine.get(0)]
          : Nd4j.vstack(mine.stream().map(i -> inputs[i]).toArray(INDArray[]::new));
      INDArray probs = probabilities.probabilities(j, x).castTo(DataType.FLOAT);
      if (probs.rank() != 2 || probs.size(0) != x.size(0) || probs.size(1) != actions) {
        throw new IllegalStateException("influence: the policy gave agent " + j + "'s probabilities as "
            + Arrays.toString(probs.shape()) + " for " + x.size(0) + " observations, needs [" + x.size(0) + ", "
            + actions + "] (its world action's)");
      }
      for (int q = 0; q < mine.size(); q++) {
        long first = (long) q * rows * heads;
        conds[mine.get(q)] = probs.get(NDArrayIndex.interval(first, first + (long) rows * heads), NDArrayIndex.all())
            .dup('c').reshape('c', rows, heads, actions);
      }
    }
    INDArray total = Nd4j.zeros(DataType.FLOAT, rows, agents);
    int nonFinite = 0;
    for (int i = 0; i < k; i++) {
      Channel ch = channels.get(i);
      INDArray cond = conds[i];
      INDArray pi = Transforms.softmax(headLogits(r, from, to, NDArrayIndex.interval(ch.actor(), agents, c))
          .reshape('c', rows, heads), false);
      INDArray actual = own.get(NDArrayIndex.interval(from, to), NDArrayIndex.interval(ch.actor(), agents, c))
          .dup('c').reshape(rows);
      // the observer acts at t+1 only where the episode goes on
      INDArray acts = cont.get(NDArrayIndex.interval(from, to), NDArrayIndex.interval(ch.actor(), agents, c))
          .dup('c').reshape(rows);
      Influence.Result one = Influence.perRow(pi, cond, actual, acts, config.divergenceKind());
      nonFinite += one.nonFiniteRows();
      total.getColumn(ch.actor()).addi(one.rewards().reshape(rows));
    }
    INDArray clipped = Transforms.min(Transforms.max(total, -config.clip(), false), config.clip(), false);
    return new Influence.Result(clipped, nonFinite);
  }

  private Influence.Result fromMoa(Trajectory r, int from, int to) {
    Rows rows = rows(r, from, to);
    INDArray cond = moa.counterfactuals(rows.obs(), rows.joint(), rows.agent());
    ModelOfOtherAgents.InfluenceRows ir = moa.influenceRows(cond, rows.pi(), rows.joint(), rows.agent(),
        rows.visibleOthers());
    int envs = r.envs() / agents;
    return Influence.perAgent(ir.pi(), ir.cond(), ir.actual(), ir.visible(), config.divergenceKind(),
        (to - from) * envs, agents, agents - 1, config.clip());
  }

  private void check(Trajectory r) {
    if (r.numAgents() != agents) {
      throw new IllegalArgumentException("influence: built for worlds of " + agents + " agents, the trajectory has "
          + r.numAgents() + " agent(s) per env");
    }
    if (messages == 0 && r.actions().rank() != 2) {
      throw new IllegalArgumentException("influence: needs Discrete actions [T, N] (agents.messages 0), got "
          + Arrays.toString(r.actions().shape()));
    }
    if (messages > 0 && (r.actions().rank() != 3 || r.actions().size(2) != 2)) {
      throw new IllegalArgumentException("influence: rewards.influence.head " + config.head() + " with agents.messages "
          + messages + " needs actions [T, N, 2] (the world action, then the message), got "
          + Arrays.toString(r.actions().shape()));
    }
    if (r.policyParams().isEmpty()) {
      throw new IllegalArgumentException("influence: needs the behaviour policy's logits (the trajectory's"
          + " policyParams), which this trajectory does not have");
    }
    long p = r.policyParams().get().size(2);
    if (p != actions + messages) {
      String which = messages == 0 ? ""
          : " (" + actions + " of the world action, then " + messages + " of the message)";
      throw new IllegalArgumentException("influence: needs " + (actions + messages) + " logits per step" + which
          + " (policyParams [T, N, " + (actions + messages) + "]), got "
          + Arrays.toString(r.policyParams().get().shape()));
    }
    long dim = r.observations().length() / Math.max(1, (long) r.steps() * r.envs());
    if (dim != obsDim) {
      throw new IllegalArgumentException("influence: built for observations of " + obsDim + " values, the trajectory's"
          + " have " + dim);
    }
    if (carry != null && carry.length != r.envs()) {
      throw new IllegalArgumentException("influence: the previous rollout had " + carry.length + " columns, this one "
          + r.envs() + "; a run keeps its number of envs");
    }
  }
}
