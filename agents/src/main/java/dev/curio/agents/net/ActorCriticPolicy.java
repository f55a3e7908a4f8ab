package dev.curio.agents.net;

import dev.curio.agents.Policy;
import dev.curio.agents.PolicyParameters;
import dev.curio.agents.dist.ActionDistribution;
import dev.curio.core.trajectory.Host;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The {@link ActorCritic} network as a {@link Policy}: its policy head gives the distribution's
 * parameters (a categorical's logits, or a diagonal Gaussian's means with the network's
 * state-independent log-stds), its value head one value per reward stream (per task, for a
 * multi-task network: a row's values are its task's). When its learner normalises the critic's
 * targets (PopArt), the head predicts normalised values and the policy returns them unnormalised,
 * {@code sigma * n + mu} with the learner's current statistics ({@link #setValueScale}). The
 * version is set by the learner that trains the network.
 */
public final class ActorCriticPolicy implements Policy {
  private final ActorCritic net;
  private final ActionDistribution distribution;
  private long version;
  /** {@code [2, tasks * K]}: row 0 sigma, row 1 mu of each value output; null: values as the head gives them. */
  private INDArray valueScale;

  public ActorCriticPolicy(ActorCritic net) {
    this.net = Objects.requireNonNull(net, "net");
    this.distribution = net.distribution();
  }

  /** The network itself (for its learner). */
  public ActorCritic network() {
    return net;
  }

  @Override
  public ActionDistribution distribution() {
    return distribution;
  }

  @Override
  public int valueHeads() {
    return net.numHeads();
  }

  @Override
  public int tasks() {
    return net.tasks();
  }

  @Override
  public Output forward(INDArray observations) {
    if (net.tasks() > 1) {
      throw new IllegalArgumentException("this policy has value heads for " + net.tasks() + " tasks; say each row's"
          + " task: forward(observations, taskIds)");
    }
    ActorCritic.Output o = net.forward(observations);
    return new Output(o.logits(), valueScale == null ? o.values() : unnormalize(o.values(), null));
  }

  @Override
  public Output forward(INDArray observations, int[] taskIds) {
    if (taskIds.length != observations.size(0)) {
      throw new IllegalArgumentException("got " + taskIds.length + " task ids for " + observations.size(0) + " rows");
    }
    if (net.tasks() == 1) {
      dev.curio.agents.Policy.requireSingleTask(taskIds, "policy");
      return forward(observations);
    }
    ActorCritic.Output o = net.forward(observations);
    int k = net.numHeads();
    int tasks = net.tasks();
    // each row's own task's K columns, gathered: [B, tasks * K] read as [B * tasks, K], row i * tasks + task_i
    int[] rows = new int[taskIds.length];
    for (int i = 0; i < rows.length; i++) {
      if (taskIds[i] < 0 || taskIds[i] >= tasks) {
        throw new IllegalArgumentException("row " + i + " is of task " + taskIds[i] + "; the policy has " + tasks);
      }
      rows[i] = i * tasks + taskIds[i];
    }
    INDArray own = Host.rows(o.values().reshape('c', (long) taskIds.length * tasks, k), rows);
    return new Output(o.logits(), valueScale == null ? own : unnormalize(own, taskIds));
  }

  /** {@code sigma * n + mu} per row, with the statistics of the row's task (task 0 when {@code taskIds} is null). */
  private INDArray unnormalize(INDArray normalized, int[] taskIds) {
    int k = net.numHeads();
    long rows = normalized.size(0);
    INDArray sigma;
    INDArray mu;
    if (taskIds == null) {
      sigma = valueScale.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, k)).reshape(1, k);
      mu = valueScale.get(NDArrayIndex.point(1), NDArrayIndex.interval(0, k)).reshape(1, k);
      return normalized.mulRowVector(sigma).addiRowVector(mu);
    }
    // [tasks, K] tables, one row per task, gathered per row
    INDArray sigmas = valueScale.getRow(0).reshape(net.tasks(), k);
    INDArray mus = valueScale.getRow(1).reshape(net.tasks(), k);
    sigma = Host.rows(sigmas, taskIds);
    mu = Host.rows(mus, taskIds);
    return normalized.mul(sigma).addi(mu).reshape(rows, k);
  }

  /**
   * The statistics to unnormalise values with from now on: {@code [2, tasks * K]}, row 0 sigma and
   * row 1 mu of each value output (task-major, as the head's columns); null to return the head's
   * outputs as they are.
   */
  public void setValueScale(INDArray scale) {
    if (scale != null && (scale.rank() != 2 || scale.rows() != 2
        || scale.columns() != (long) net.tasks() * net.numHeads())) {
      throw new IllegalArgumentException("a value scale is [2, tasks * K] = [2, " + net.tasks() * net.numHeads()
          + "], got " + java.util.Arrays.toString(scale.shape()));
    }
    this.valueScale = scale == null ? null : scale.castTo(DataType.FLOAT).dup();
  }

  @Override
  public long version() {
    return version;
  }

  /** Called by the learner after each update and on restore. */
  public void setVersion(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("a policy version is >= 0, got " + v);
    }
    this.version = v;
  }

  @Override
  public long numParams() {
    return net.numParams();
  }

  @Override
  public PolicyParameters parameters() {
    return new PolicyParameters(version, net.parameterVector(), valueScale == null ? null : valueScale.dup());
  }

  @Override
  /** Loads the parameters, and their value scale when they carry one (otherwise the current scale stays). */
  public void load(PolicyParameters p) {
    net.setParameters(p.flat());
    if (p.valueScale() != null) {
      setValueScale(p.valueScale());
    }
    this.version = p.version();
  }
}
