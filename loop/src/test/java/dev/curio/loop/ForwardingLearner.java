package dev.curio.loop;

import dev.curio.agents.Learner;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyParameters;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;

/** A learner that hands every call to another; tests override {@link #learn} to watch or break it. */
class ForwardingLearner implements Learner {
  final Learner inner;

  ForwardingLearner(Learner inner) {
    this.inner = inner;
  }

  @Override
  public Policy policy() {
    return inner.policy();
  }

  @Override
  public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
    return inner.learn(trajectory, streams);
  }

  @Override
  public PolicyParameters publish() {
    return inner.publish();
  }

  @Override
  public Snapshot save() {
    return inner.save();
  }

  @Override
  public void restore(Snapshot snapshot) {
    inner.restore(snapshot);
  }

  @Override
  public long networkNanos() {
    return inner.networkNanos();
  }
}
