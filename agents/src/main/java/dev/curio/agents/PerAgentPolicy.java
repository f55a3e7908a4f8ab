package dev.curio.agents;

import dev.curio.agents.dist.ActionDistribution;
import dev.curio.core.trajectory.AgentColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * M policies, one per agent, seen as one: the policy of a multi-agent run with independent
 * (unshared) parameters. Rows are agents of envs, env-major (row {@code env * M + agent}, as the
 * columns of a {@code Trajectory}); {@link #forward} hands each agent's rows to its own policy in one
 * batched pass per agent ({@link AgentColumns#select}) and puts the outputs back in row order
 * ({@link AgentColumns#interleave}), so an actor samples for all rows at once as with one policy.
 *
 * <p><b>Parameters.</b> {@link #parameters()} is the agents' flat vectors one after another, agent 0
 * first ({@code [1, sum of numParams]}); its value scale, when the agents' learners normalise values
 * (PopArt), is their {@code [2, W]} scales side by side ({@code [2, M * W]}), null when none has one.
 * {@link #load} splits both the same way.
 *
 * <p><b>Version.</b> Its own: the number of {@link PerAgentLearner#learn} calls (each of which trains
 * every agent once), set by that learner. Not thread-safe, like the policies it holds.
 */
public final class PerAgentPolicy implements Policy {
  private final List<Policy> policies;
  private long version;

  /**
   * @param policies one per agent, in agent order; at least one, all with the same distribution
   *     (kind, parameters per row, values per action), the same value heads and one task
   */
  public PerAgentPolicy(List<? extends Policy> policies) {
    this.policies = List.copyOf(policies);
    if (this.policies.isEmpty()) {
      throw new IllegalArgumentException("a policy per agent needs at least one agent's policy");
    }
    Policy first = this.policies.get(0);
    ActionDistribution d = first.distribution();
    for (int m = 0; m < this.policies.size(); m++) {
      Policy p = this.policies.get(m);
      ActionDistribution dm = p.distribution();
      if (dm.getClass() != d.getClass() || dm.paramCount() != d.paramCount() || dm.actionDim() != d.actionDim()) {
        throw new IllegalArgumentException("agent " + m + "'s policy acts with " + dm + ", agent 0's with " + d
            + "; the agents of one run need one action distribution");
      }
      if (p.valueHeads() != first.valueHeads()) {
        throw new IllegalArgumentException("agent " + m + "'s policy has " + p.valueHeads() + " value heads, agent 0's "
            + first.valueHeads() + "; the agents of one run share the reward streams");
      }
      if (p.tasks() != 1) {
        throw new IllegalArgumentException("agent " + m + "'s policy has value heads for " + p.tasks() + " tasks; a"
            + " policy per agent takes single-task policies");
      }
    }
  }

  /** Agents M. */
  public int agents() {
    return policies.size();
  }

  /** Agent {@code agent}'s own policy. */
  public Policy policy(int agent) {
    return policies.get(agent);
  }

  @Override
  public ActionDistribution distribution() {
    return policies.get(0).distribution();
  }

  @Override
  public int valueHeads() {
    return policies.get(0).valueHeads();
  }

  /**
   * @param observations {@code [B, ...obsShape]}, row {@code env * M + agent}; B a multiple of M
   * @return {@code [B, P]} parameters and {@code [B, K]} values, row r from agent {@code r % M}'s policy
   */
  @Override
  public Output forward(INDArray observations) {
    int m = policies.size();
    if (observations.rank() < 1 || observations.size(0) % m != 0) {
      throw new IllegalArgumentException("a policy per agent takes rows env * " + m + " + agent, so a multiple of " + m
          + " rows; got " + java.util.Arrays.toString(observations.shape()));
    }
    List<INDArray> params = new ArrayList<>(m);
    List<INDArray> values = new ArrayList<>(m);
    for (int a = 0; a < m; a++) {
      Output o = policies.get(a).forward(AgentColumns.select(observations, 0, a, m));
      params.add(o.params());
      values.add(o.values());
    }
    return new Output(AgentColumns.interleave(params, 0), AgentColumns.interleave(values, 0));
  }

  @Override
  public long version() {
    return version;
  }

  /** Called by {@link PerAgentLearner} after each update and on restore. */
  void setVersion(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("a policy version is >= 0, got " + v);
    }
    this.version = v;
  }

  @Override
  public long numParams() {
    long n = 0;
    for (Policy p : policies) {
      n += p.numParams();
    }
    return n;
  }

  /** The agents' parameters concatenated, agent 0 first, and their value scales side by side (see the class). */
  @Override
  public PolicyParameters parameters() {
    List<INDArray> flats = new ArrayList<>(policies.size());
    List<INDArray> scales = new ArrayList<>(policies.size());
    for (Policy p : policies) {
      PolicyParameters own = p.parameters();
      flats.add(own.flat().reshape(1, own.flat().length()));
      if (own.valueScale() != null) {
        scales.add(own.valueScale());
      }
    }
    if (!scales.isEmpty() && scales.size() != policies.size()) {
      throw new IllegalStateException(scales.size() + " of " + policies.size() + " agents' policies have a value scale;"
          + " the agents of one run normalise their values alike");
    }
    INDArray scale = scales.isEmpty() ? null : Nd4j.hstack(scales.toArray(INDArray[]::new));
    return new PolicyParameters(version, Nd4j.hstack(flats.toArray(INDArray[]::new)), scale);
  }

  /**
   * Splits published parameters as {@link #parameters()} joins them and loads each agent's share
   * (stamped with the version), then takes the version.
   */
  @Override
  public void load(PolicyParameters p) {
    Objects.requireNonNull(p, "parameters");
    int m = policies.size();
    INDArray flat = p.flat().reshape(1, p.flat().length());
    if (flat.length() != numParams()) {
      throw new IllegalArgumentException("published parameters have " + flat.length() + " values, this policy per agent"
          + " has " + numParams() + " (" + m + " agents)");
    }
    INDArray scale = p.valueScale();
    if (scale != null && (scale.rank() != 2 || scale.columns() % m != 0)) {
      throw new IllegalArgumentException("a value scale of " + m + " agents is [2, " + m + " * W], got "
          + java.util.Arrays.toString(scale.shape()));
    }
    long width = scale == null ? 0 : scale.columns() / m;
    long at = 0;
    for (int a = 0; a < m; a++) {
      long n = policies.get(a).numParams();
      INDArray own = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(at, at + n)).reshape(1, n).dup();
      INDArray ownScale = scale == null ? null
          : scale.get(NDArrayIndex.all(), NDArrayIndex.interval(a * width, (a + 1) * width)).dup();
      policies.get(a).load(new PolicyParameters(p.version(), own, ownScale));
      at += n;
    }
    this.version = p.version();
  }
}
