package dev.curio.rewards.testing;

import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.UpdateStats;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fake module whose "intrinsic" reward is the rollout's extrinsic reward, for testing decorators and
 * sets with hand-computed numbers. Counts its updates (its only state) and logs calls to
 * {@code log}, if given, as {@code "<name>.compute"} / {@code "<name>.update"}.
 */
public final class FixedReward implements IntrinsicReward {
  private final RewardStream stream;
  private final List<String> log;
  private long updates;

  public FixedReward(RewardStream stream, List<String> log) {
    this.stream = stream;
    this.log = log;
  }

  @Override
  public RewardStream stream() {
    return stream;
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    if (log != null) {
      log.add(stream.name() + ".compute");
    }
    return rollout.rewards().dup();
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    if (log != null) {
      log.add(stream.name() + ".update");
    }
    updates++;
    return UpdateStats.of("updates", (double) updates);
  }

  @Override
  public Snapshot state() {
    return new Snapshot().putLong("updates", updates);
  }

  @Override
  public void restore(Snapshot state) {
    updates = state.getLong("updates");
  }
}
