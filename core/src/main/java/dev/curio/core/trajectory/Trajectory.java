package dev.curio.core.trajectory;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * T steps of N columns in lockstep, time-major: what one actor collected, and everything a learner
 * or an intrinsic reward module needs from it. Built once ({@link #builder}) and not changed
 * afterwards (treat the arrays as read-only).
 *
 * <p><b>Columns.</b> A column is one stream of experience: one env of a single-agent world, or one
 * agent of one env of a multi-agent world. Agents are <i>flattened into columns</i>, env-major:
 * column {@code c = env * numAgents + agent}, and {@link #agentOf(int)} says which agent a column
 * is. This layout was chosen over a separate {@code [T, N, M, ...]} axis because every per-step
 * computation (GAE, reward modules, minibatching, V-trace) already works on {@code [T, N]} and stays
 * unchanged; a learner shared by all agents trains on all columns, one learner per agent trains on
 * its agent's columns ({@link #forAgent(int)}). Reward streams are therefore per agent too: one
 * {@code [T, N]} array per stream whose column c is agent {@link #agentOf(int) agentOf(c)}'s reward.
 *
 * <p><b>Actions.</b> {@code [T, N]} with integer values for a {@code Discrete} space; {@code [T, N, D]}
 * for a {@code Box} of D dimensions (the values the policy sampled, before any clipping to the
 * space's bounds, so their log-probabilities are exact) or a {@code MultiDiscrete} of D components.
 *
 * <p><b>Behaviour policy.</b> {@code logProbs [T, N]} of the actions taken and {@code policyParams
 * [T, N, P]}, the full distribution they were drawn from (logits, or mean and log-std), plus the
 * parameter version that acted at each step. Off-policy corrections (V-trace), KL terms and social
 * influence read these; both are optional for trajectories built by hand (reward-module tests).
 *
 * <p>Fields, all time-major:
 * <ul>
 *   <li>{@code observations [T, N, ...obsShape]}: what the actor saw at step t;
 *   <li>{@code nextObservations [T, N, ...obsShape]}: the true successor of step t (at an episode's
 *       end its final observation, never the reset one);
 *   <li>{@code rewards [T, N]}: extrinsic rewards;
 *   <li>{@code terminated [T, N]}: 1 where the MDP ended at step t (bootstrap with 0), else 0;
 *   <li>{@code truncated [T, N]}: 1 where the episode was cut off at step t (bootstrap from
 *       nextObservations), else 0;
 *   <li>{@code values [T, N, K]} (optional): the behaviour policy's value estimates of
 *       {@code observations}, one per value head, as computed when acting;
 *   <li>{@code visibility [T, N, M]} (optional; M = {@link #numAgents()}): element {@code [t, c, j]}
 *       is 1 where agent j of column c's env was visible to column c's agent in
 *       {@code observations[t, c]}, else 0 (the training loop records it for every multi-agent world,
 *       all ones when the world does not report visibility; social influence counts only visible
 *       pairs);
 *   <li>{@code versions [T*N]} (default all 0): the parameter version that chose step t's action in
 *       column i, at index {@code t*N + i};
 *   <li>{@code taskIds [N]} (default all 0): the task of each column (PopArt normalises per task).
 * </ul>
 */
public final class Trajectory {
  private final INDArray observations;
  private final INDArray nextObservations;
  private final INDArray actions;
  private final INDArray rewards;
  private final INDArray terminated;
  private final INDArray truncated;
  private final INDArray logProbs;
  private final INDArray policyParams;
  private final INDArray values;
  private final INDArray visibility;
  private final long[] versions;
  private final int[] taskIds;
  private final int numAgents;
  private final int[] obsShape;
  private final int steps;
  private final int columns;

  private Trajectory(Builder b) {
    this.observations = Objects.requireNonNull(b.observations, "trajectory: observations are required");
    this.nextObservations = Objects.requireNonNull(b.nextObservations, "trajectory: nextObservations are required");
    this.actions = Objects.requireNonNull(b.actions, "trajectory: actions are required");
    this.rewards = Objects.requireNonNull(b.rewards, "trajectory: rewards are required");
    this.terminated = Objects.requireNonNull(b.terminated, "trajectory: terminated is required");
    this.truncated = Objects.requireNonNull(b.truncated, "trajectory: truncated is required");
    this.logProbs = b.logProbs;
    this.policyParams = b.policyParams;
    this.values = b.values;
    this.visibility = b.visibility;
    this.obsShape = b.obsShape.clone();
    if (rewards.rank() != 2) {
      throw new IllegalArgumentException("trajectory: rewards must be [T, N], got " + Arrays.toString(rewards.shape()));
    }
    this.steps = (int) rewards.size(0);
    this.columns = (int) rewards.size(1);
    for (INDArray a : new INDArray[] {terminated, truncated, logProbs}) {
      if (a != null) {
        checkLeading(a, 2, "[T, N]", a == logProbs ? "logProbs" : a == terminated ? "terminated" : "truncated");
      }
    }
    if (actions.rank() != 2 && actions.rank() != 3) {
      throw new IllegalArgumentException("trajectory: actions must be [T, N] or [T, N, D], got "
          + Arrays.toString(actions.shape()));
    }
    checkLeading(actions, actions.rank(), "[T, N(, D)]", "actions");
    if (policyParams != null) {
      checkLeading(policyParams, 3, "[T, N, P]", "policyParams");
    }
    if (values != null) {
      checkLeading(values, 3, "[T, N, K]", "values");
    }
    long[] expectObs = new long[2 + obsShape.length];
    expectObs[0] = steps;
    expectObs[1] = columns;
    for (int i = 0; i < obsShape.length; i++) {
      expectObs[2 + i] = obsShape[i];
    }
    if (!Arrays.equals(observations.shape(), expectObs) || !Arrays.equals(nextObservations.shape(), expectObs)) {
      throw new IllegalArgumentException("trajectory: observations must be [T, N, ...obsShape] = "
          + Arrays.toString(expectObs) + ", got " + Arrays.toString(observations.shape()) + " and next "
          + Arrays.toString(nextObservations.shape()));
    }
    this.versions = b.versions == null ? new long[steps * columns] : b.versions.clone();
    if (versions.length != steps * columns) {
      throw new IllegalArgumentException("trajectory: versions must have T*N = " + steps * columns + " entries, got "
          + versions.length);
    }
    this.taskIds = b.taskIds == null ? new int[columns] : b.taskIds.clone();
    if (taskIds.length != columns) {
      throw new IllegalArgumentException("trajectory: taskIds must have one entry per column (N = " + columns
          + "), got " + taskIds.length);
    }
    this.numAgents = b.numAgents;
    if (numAgents < 1 || columns % numAgents != 0) {
      throw new IllegalArgumentException("trajectory: " + columns + " columns cannot hold " + numAgents
          + " agents per env (columns = envs * agents)");
    }
    if (visibility != null) {
      checkVisibility();
    }
  }

  /** {@code visibility} is {@code [T, N, M]} and holds only 0 and 1; otherwise one line naming the first bad value. */
  private void checkVisibility() {
    long[] expect = {steps, columns, numAgents};
    if (!Arrays.equals(visibility.shape(), expect)) {
      throw new IllegalArgumentException("trajectory: visibility must be [T, N, M] = " + Arrays.toString(expect)
          + ", got " + Arrays.toString(visibility.shape()));
    }
    double[] v = visibility.dup('c').data().asDouble();
    for (int e = 0; e < v.length; e++) {
      if (v[e] != 0 && v[e] != 1) {
        String value = (double) (float) v[e] == v[e] ? Float.toString((float) v[e]) : Double.toString(v[e]);
        throw new IllegalArgumentException("trajectory: visibility must be 0 or 1, got " + value + " at ["
            + e / (columns * numAgents) + ", " + e / numAgents % columns + ", " + e % numAgents + "]");
      }
    }
  }

  private void checkLeading(INDArray a, int rank, String layout, String name) {
    if (a.rank() != rank || a.size(0) != steps || a.size(1) != columns) {
      throw new IllegalArgumentException("trajectory: " + name + " must be " + layout + " with [T, N] = [" + steps
          + ", " + columns + "], got " + Arrays.toString(a.shape()));
    }
  }

  /** A builder for a trajectory of observations shaped {@code obsShape}. */
  public static Builder builder(int... obsShape) {
    return new Builder(obsShape);
  }

  /** {@code [T, N, ...obsShape]} */
  public INDArray observations() {
    return observations;
  }

  /** {@code [T, N, ...obsShape]}, the true successors. */
  public INDArray nextObservations() {
    return nextObservations;
  }

  /** {@code [T, N]} (Discrete) or {@code [T, N, D]} (Box, MultiDiscrete). */
  public INDArray actions() {
    return actions;
  }

  /** {@code [T, N]} extrinsic rewards. */
  public INDArray rewards() {
    return rewards;
  }

  /** {@code [T, N]} 1 where the MDP ended. */
  public INDArray terminated() {
    return terminated;
  }

  /** {@code [T, N]} 1 where the episode was cut off. */
  public INDArray truncated() {
    return truncated;
  }

  /** {@code [T, N]} the behaviour policy's log-probability of each action taken. */
  public INDArray logProbs() {
    if (logProbs == null) {
      throw new IllegalStateException("this trajectory carries no behaviour log-probabilities (built without"
          + " logProbs); a learner needs a trajectory collected by an Actor");
    }
    return logProbs;
  }

  /** Whether the behaviour log-probabilities are present. */
  public boolean hasLogProbs() {
    return logProbs != null;
  }

  /** {@code [T, N, P]} the behaviour policy's distribution parameters, if recorded. */
  public Optional<INDArray> policyParams() {
    return Optional.ofNullable(policyParams);
  }

  /** {@code [T, N, K]} the behaviour policy's value estimates when acting, if recorded. */
  public Optional<INDArray> values() {
    return Optional.ofNullable(values);
  }

  /**
   * {@code [T, N, M]}: element {@code [t, c, j]} is 1 where agent j was visible to column c's agent in
   * {@code observations[t, c]}, else 0, if recorded (multi-agent runs of the training loop record it).
   */
  public Optional<INDArray> visibility() {
    return Optional.ofNullable(visibility);
  }

  /** The parameter version that acted at step t in column i. */
  public long version(int t, int i) {
    return versions[t * columns + i];
  }

  /** The lowest parameter version in this trajectory (how far it may lag a learner). */
  public long oldestVersion() {
    return Arrays.stream(versions).min().orElse(0);
  }

  /** The highest parameter version in this trajectory. */
  public long newestVersion() {
    return Arrays.stream(versions).max().orElse(0);
  }

  /** The task id of column i. */
  public int taskOf(int column) {
    return taskIds[column];
  }

  /** Task ids per column, {@code [N]} (a copy). */
  public int[] taskIds() {
    return taskIds.clone();
  }

  /** Agents per env (1 for single-agent worlds). */
  public int numAgents() {
    return numAgents;
  }

  /** The agent column {@code c} belongs to: {@code c % numAgents}. */
  public int agentOf(int column) {
    return column % numAgents;
  }

  /** The columns of {@code agent}, in env order. */
  public int[] columnsOf(int agent) {
    if (agent < 0 || agent >= numAgents) {
      throw new IllegalArgumentException("agent " + agent + " is outside 0.." + (numAgents - 1));
    }
    int[] c = new int[columns / numAgents];
    for (int e = 0; e < c.length; e++) {
      c[e] = e * numAgents + agent;
    }
    return c;
  }

  /**
   * Agent {@code agent}'s columns ({@link #columnsOf}) as a trajectory of their own, for a learner
   * that trains that agent alone: {@code N / numAgents} columns in env order, {@code numAgents} 1,
   * every per-column array, version and task id selected with them ({@link AgentColumns}, one native
   * copy per array). {@link #visibility()} is left out: its last axis counts the env's agents, which a
   * one-agent view no longer has (reward modules, which read it, see the whole trajectory). A
   * single-agent trajectory is returned as it is.
   */
  public Trajectory forAgent(int agent) {
    int[] own = columnsOf(agent);
    if (numAgents == 1) {
      return this;
    }
    long[] v = new long[steps * own.length];
    for (int t = 0; t < steps; t++) {
      for (int e = 0; e < own.length; e++) {
        v[t * own.length + e] = versions[t * columns + own[e]];
      }
    }
    int[] tasks = new int[own.length];
    for (int e = 0; e < own.length; e++) {
      tasks[e] = taskIds[own[e]];
    }
    return builder(obsShape)
        .observations(AgentColumns.select(observations, 1, agent, numAgents))
        .nextObservations(AgentColumns.select(nextObservations, 1, agent, numAgents))
        .actions(AgentColumns.select(actions, 1, agent, numAgents))
        .rewards(AgentColumns.select(rewards, 1, agent, numAgents))
        .terminated(AgentColumns.select(terminated, 1, agent, numAgents))
        .truncated(AgentColumns.select(truncated, 1, agent, numAgents))
        .logProbs(logProbs == null ? null : AgentColumns.select(logProbs, 1, agent, numAgents))
        .policyParams(policyParams == null ? null : AgentColumns.select(policyParams, 1, agent, numAgents))
        .values(values == null ? null : AgentColumns.select(values, 1, agent, numAgents))
        .versions(v)
        .taskIds(tasks)
        .build();
  }

  /**
   * This trajectory with other observations: every other array, version, task id and the agent axis
   * are kept (shared, not copied). An encoder's view of a rollout: a reward module or a policy that
   * reads an encoder's output instead of the observations gets the same rollout through this.
   *
   * @param shape the shape of one new observation
   * @param observations {@code [T, N, ...shape]}
   * @param nextObservations {@code [T, N, ...shape]}
   */
  public Trajectory withObservations(int[] shape, INDArray observations, INDArray nextObservations) {
    return builder(shape)
        .observations(observations)
        .nextObservations(nextObservations)
        .actions(actions)
        .rewards(rewards)
        .terminated(terminated)
        .truncated(truncated)
        .logProbs(logProbs)
        .policyParams(policyParams)
        .values(values)
        .visibility(visibility)
        .versions(versions)
        .taskIds(taskIds)
        .agents(numAgents)
        .build();
  }

  /** The shape of one observation. */
  public int[] obsShape() {
    return obsShape.clone();
  }

  /** Number of steps T. */
  public int steps() {
    return steps;
  }

  /** Number of columns N (envs times agents). */
  public int envs() {
    return columns;
  }

  /** Values per action: 1 for {@code [T, N]} actions, D for {@code [T, N, D]}. */
  public int actionDim() {
    return actions.rank() == 2 ? 1 : (int) actions.size(2);
  }

  /** Length of one flattened observation. */
  public int obsDim() {
    int d = 1;
    for (int s : obsShape) {
      d *= s;
    }
    return d;
  }

  /** Observations as a batch {@code [T*N, obsDim]}, row {@code t*N + i} (a view where possible). */
  public INDArray flatObservations() {
    return observations.reshape(new long[] {(long) steps * columns, obsDim()});
  }

  /** Successors as a batch {@code [T*N, obsDim]}, row {@code t*N + i}. */
  public INDArray flatNextObservations() {
    return nextObservations.reshape(new long[] {(long) steps * columns, obsDim()});
  }

  /** Actions as {@code [T*N, D]}, row {@code t*N + i}. */
  public INDArray flatActions() {
    return actions.reshape(new long[] {(long) steps * columns, actionDim()});
  }

  /** {@code [T, N]} 1 where step t ended its episode either way. */
  public INDArray done() {
    return terminated.add(truncated).gt(0).castTo(terminated.dataType());
  }

  /** Collects a trajectory's arrays; {@link #build} checks that their shapes agree. */
  public static final class Builder {
    private final int[] obsShape;
    private INDArray observations;
    private INDArray nextObservations;
    private INDArray actions;
    private INDArray rewards;
    private INDArray terminated;
    private INDArray truncated;
    private INDArray logProbs;
    private INDArray policyParams;
    private INDArray values;
    private INDArray visibility;
    private long[] versions;
    private int[] taskIds;
    private int numAgents = 1;

    private Builder(int[] obsShape) {
      this.obsShape = Objects.requireNonNull(obsShape, "obsShape").clone();
    }

    /** {@code [T, N, ...obsShape]} */
    public Builder observations(INDArray a) {
      this.observations = a;
      return this;
    }

    /** {@code [T, N, ...obsShape]} */
    public Builder nextObservations(INDArray a) {
      this.nextObservations = a;
      return this;
    }

    /** {@code [T, N]} or {@code [T, N, D]} */
    public Builder actions(INDArray a) {
      this.actions = a;
      return this;
    }

    /** {@code [T, N]} */
    public Builder rewards(INDArray a) {
      this.rewards = a;
      return this;
    }

    /** {@code [T, N]} */
    public Builder terminated(INDArray a) {
      this.terminated = a;
      return this;
    }

    /** {@code [T, N]} */
    public Builder truncated(INDArray a) {
      this.truncated = a;
      return this;
    }

    /** {@code [T, N]} */
    public Builder logProbs(INDArray a) {
      this.logProbs = a;
      return this;
    }

    /** {@code [T, N, P]} */
    public Builder policyParams(INDArray a) {
      this.policyParams = a;
      return this;
    }

    /** {@code [T, N, K]} */
    public Builder values(INDArray a) {
      this.values = a;
      return this;
    }

    /** {@code [T, N, M]}, M agents per env: 1 where agent j was visible to column c's agent at step t, else 0. */
    public Builder visibility(INDArray a) {
      this.visibility = a;
      return this;
    }

    /** {@code [T*N]}, index {@code t*N + i}. */
    public Builder versions(long[] v) {
      this.versions = v;
      return this;
    }

    /** {@code [N]} */
    public Builder taskIds(int[] ids) {
      this.taskIds = ids;
      return this;
    }

    /** Agents per env; columns are {@code env * numAgents + agent}. */
    public Builder agents(int numAgents) {
      this.numAgents = numAgents;
      return this;
    }

    public Trajectory build() {
      return new Trajectory(this);
    }
  }
}
