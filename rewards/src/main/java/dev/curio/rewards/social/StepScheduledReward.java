package dev.curio.rewards.social;

import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.ForwardingReward;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.UpdateStats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Decorator that scales a module's rewards by a weight that follows an {@link InfluenceSchedule} over env steps,
 * the way the reference implementation of social influence weights its reward ({@code np.interp} of the global
 * timestep). The steps are counted from the rollouts the module is updated on: each {@link #update} adds the
 * rollout's env steps, {@code T * envs} (a multi-agent env's joint step counts once, not once per agent), so the
 * weight of a rollout's {@link #compute} is the schedule at the env steps collected before it.
 */
public final class StepScheduledReward extends ForwardingReward {
  private final InfluenceSchedule schedule;
  private long steps;

  /**
   * @param inner the module whose rewards are weighted
   * @param schedule the weight over env steps
   */
  public StepScheduledReward(IntrinsicReward inner, InfluenceSchedule schedule) {
    super(inner);
    if (schedule == null) {
      throw new IllegalArgumentException("step schedule: must not be null");
    }
    this.schedule = schedule;
  }

  /** The weight the next {@link #compute} applies: the schedule at {@link #steps()}. */
  public double weight() {
    return schedule.weightAt(steps);
  }

  /** Env steps counted so far. */
  public long steps() {
    return steps;
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    return inner.compute(rollout).mul(weight());
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    // its own name: a decay schedule around it (rewards.decay) reports "weight"
    UpdateStats s = inner.update(rollout).plus(UpdateStats.of("schedule_weight", weight()));
    steps += (long) rollout.steps() * (rollout.envs() / rollout.numAgents());
    return s;
  }

  @Override
  public Snapshot state() {
    return new Snapshot().putString("decorator", "stepScheduled").putLong("steps", steps)
        .putChild("inner", inner.state());
  }

  @Override
  public void restore(Snapshot state) {
    String d = state.has("decorator") ? state.string("decorator") : "?";
    if (!d.equals("stepScheduled")) {
      throw new IllegalArgumentException("step schedule snapshot: entry 'decorator' is '" + d
          + "', expected 'stepScheduled'");
    }
    inner.restore(state.child("inner"));
    steps = state.getLong("steps");
  }
}
