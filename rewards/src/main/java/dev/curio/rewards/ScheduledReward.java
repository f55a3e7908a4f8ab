package dev.curio.rewards;

import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Decorator that scales a module's rewards by a decaying weight {@code beta (1 - kappa)^u}, where
 * {@code u} counts the {@link #update} calls made so far (one per training iteration; not env
 * steps). The stream's own coefficient is left alone: this decays the reward itself, so the value
 * head sees the decay as part of the reward (as RLeXplore's weight schedule does).
 */
public final class ScheduledReward extends ForwardingReward {
  private final double beta;
  private final double kappa;
  private long updates;

  /**
   * @param beta initial weight, finite and {@code >= 0}
   * @param kappa decay per update, in {@code [0, 1)}
   */
  public ScheduledReward(IntrinsicReward inner, double beta, double kappa) {
    super(inner);
    if (!(beta >= 0) || Double.isInfinite(beta) || !(kappa >= 0 && kappa < 1)) {
      throw new IllegalArgumentException("schedule needs beta >= 0 and kappa in [0, 1), got beta " + beta
          + " and kappa " + kappa);
    }
    this.beta = beta;
    this.kappa = kappa;
  }

  /** The weight applied by the next {@link #compute}: {@code beta (1 - kappa)^updates}. */
  public double weight() {
    return beta * Math.pow(1 - kappa, updates);
  }

  /** Updates made so far (the schedule's time index). */
  public long updates() {
    return updates;
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    return inner.compute(rollout).mul(weight());
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    UpdateStats s = inner.update(rollout).plus(UpdateStats.of("weight", weight()));
    updates++;
    return s;
  }

  @Override
  public Snapshot state() {
    return new Snapshot().putString("decorator", "scheduled").putLong("updates", updates)
        .putChild("inner", inner.state());
  }

  @Override
  public void restore(Snapshot state) {
    inner.restore(state.child("inner"));
    updates = state.getLong("updates");
  }
}
