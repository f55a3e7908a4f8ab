package dev.curio.agents;

import dev.curio.agents.dist.ActionDistribution;
import dev.curio.core.Rng;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The actor of a {@link Policy}: one forward pass per batch, then a draw from the distribution with
 * its own {@link Rng} (or its mode, for greedy evaluation). In the synchronous loop the actor holds
 * the learner's own policy (the phases never overlap, so the policy is read-only while acting);
 * an actor on another thread or machine holds a copy and {@link #load}s published parameters.
 */
public final class PolicyActor implements Actor {
  private final Policy policy;
  private final Rng rng;

  private PolicyActor(Policy policy, Rng rng) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.rng = rng;
  }

  /** Samples actions, drawing from {@code rng}. */
  public static PolicyActor sampling(Policy policy, Rng rng) {
    return new PolicyActor(policy, Objects.requireNonNull(rng, "rng"));
  }

  /** Takes each distribution's most probable action (for evaluation); draws nothing. */
  public static PolicyActor greedy(Policy policy) {
    return new PolicyActor(policy, null);
  }

  @Override
  public ActionBatch act(INDArray observations) {
    return sample(policy.forward(observations));
  }

  @Override
  public ActionBatch act(INDArray observations, int[] taskIds) {
    return sample(policy.forward(observations, taskIds));
  }

  private ActionBatch sample(Policy.Output out) {
    ActionDistribution d = policy.distribution();
    ActionDistribution.Sample s = rng == null ? d.mode(out.params()) : d.sample(out.params(), rng);
    return new ActionBatch(s.actions(), d.actionDim(), s.logProbs(), out.params(), out.values(), policy.version());
  }

  @Override
  public long version() {
    return policy.version();
  }

  @Override
  public void load(PolicyParameters parameters) {
    policy.load(parameters);
  }

  public Policy policy() {
    return policy;
  }
}
