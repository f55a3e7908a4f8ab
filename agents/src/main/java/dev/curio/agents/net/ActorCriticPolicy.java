package dev.curio.agents.net;

import dev.curio.agents.Policy;
import dev.curio.agents.PolicyParameters;
import dev.curio.agents.dist.ActionDistribution;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link ActorCritic} network as a {@link Policy}: its policy head gives the distribution's
 * parameters (a categorical's logits, or a diagonal Gaussian's means with the network's
 * state-independent log-stds), its value head one value per reward stream. The
 * version is set by the learner that trains the network.
 */
public final class ActorCriticPolicy implements Policy {
  private final ActorCritic net;
  private final ActionDistribution distribution;
  private long version;

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
  public Output forward(INDArray observations) {
    ActorCritic.Output o = net.forward(observations);
    return new Output(o.logits(), o.values());
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
    return new PolicyParameters(version, net.parameterVector());
  }

  @Override
  public void load(PolicyParameters p) {
    net.setParameters(p.flat());
    this.version = p.version();
  }
}
