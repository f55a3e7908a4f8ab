package com.example.agents;

import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.UpdateStats;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A user's own intrinsic reward: {@code 1 / sqrt(n)} for an observation seen {@code n} times before,
 * counted over the whole run. {@code compute} only reads the counts; {@code update} adds the
 * trajectory's observations to them, as Curio's module contract asks (docs/rewards.md).
 */
final class VisitCountBonus implements IntrinsicReward {
  private final RewardStream stream = new RewardStream("visits", 0.99, false, 0.1);
  private final Map<Integer, Long> counts = new HashMap<>();

  @Override
  public RewardStream stream() {
    return stream;
  }

  @Override
  public INDArray compute(Trajectory t) {
    float[][] next = rows(t);
    float[] bonus = new float[next.length];
    for (int i = 0; i < next.length; i++) {
      bonus[i] = (float) (1.0 / Math.sqrt(1 + counts.getOrDefault(Arrays.hashCode(next[i]), 0L)));
    }
    return Nd4j.createFromArray(bonus).reshape(t.steps(), t.envs());
  }

  @Override
  public UpdateStats update(Trajectory t) {
    for (float[] row : rows(t)) {
      counts.merge(Arrays.hashCode(row), 1L, Long::sum);
    }
    return UpdateStats.of("distinct", (double) counts.size());
  }

  /** The true next observations, one flat row per step and env, time-major. */
  private static float[][] rows(Trajectory t) {
    return t.nextObservations().reshape(t.steps() * t.envs(), t.obsDim()).toFloatMatrix();
  }

  @Override
  public Snapshot state() {
    long[] keys = new long[counts.size()];
    long[] values = new long[counts.size()];
    int i = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      keys[i] = e.getKey();
      values[i++] = e.getValue();
    }
    return new Snapshot().putLongs("keys", keys).putLongs("counts", values);
  }

  @Override
  public void restore(Snapshot s) {
    counts.clear();
    long[] keys = s.longs("keys");
    long[] values = s.longs("counts");
    for (int i = 0; i < keys.length; i++) {
      counts.put((int) keys[i], values[i]);
    }
  }
}
