package dev.curio.rewards;

import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Decorator that divides a module's rewards by a running standard deviation of their discounted
 * return, as RND does (Burda et al. 2018): per env {@code R_i <- gamma R_i + r_t,i} with the inner
 * stream's gamma (reset to 0 after a step that ended the episode, when the stream is episodic), the
 * returns of all {@code T*N} steps merged into {@link RunningMeanStd} statistics, and
 * {@code r / sqrt(var + 1e-8)}; the mean is not subtracted. Optionally clipped to
 * {@code [-clip, clip]}.
 *
 * <p>{@link #compute} divides by the statistics that include this rollout's returns (as RND updates
 * them before normalising) without keeping them; {@link #update} commits them, then updates the inner
 * module. The inner module's rewards from {@code compute} are reused by {@code update} for the same
 * rollout (a cache that is not part of the state; {@code compute} of the inner module is pure, so a
 * recomputation would give the same numbers).
 */
public final class NormalizedReward extends ForwardingReward {
  private static final double EPSILON = 1e-8;
  private final double clip;
  private double[] returns = new double[0];
  private RunningMeanStd stats = RunningMeanStd.empty(1);
  private Trajectory cachedRollout;
  private INDArray cachedRaw;

  /**
   * @param clip clip normalised rewards to {@code [-clip, clip]}; 0 for no clipping
   */
  public NormalizedReward(IntrinsicReward inner, double clip) {
    super(inner);
    if (!(clip >= 0)) {
      throw new IllegalArgumentException("clip must be >= 0 (0: none), got " + clip);
    }
    this.clip = clip;
  }

  private INDArray raw(Trajectory rollout) {
    if (rollout != cachedRollout) {
      cachedRaw = inner.compute(rollout);
      cachedRollout = rollout;
    }
    return cachedRaw;
  }

  /** The discounted returns of every step {@code [T*N]} and the per-env returns after the last step. */
  private double[][] discountedReturns(Trajectory rollout, INDArray raw) {
    int t = rollout.steps();
    int n = rollout.envs();
    float[] r = Host.floats(raw);
    float[] done = stream().episodic() ? Host.floats(rollout.done()) : new float[t * n];
    double gamma = stream().gamma();
    double[] running = returns.length == n ? returns.clone() : new double[n];
    double[] all = new double[t * n];
    for (int s = 0; s < t; s++) {
      for (int i = 0; i < n; i++) {
        int k = s * n + i;
        running[i] = gamma * running[i] + r[k];
        all[k] = running[i];
        if (done[k] != 0) {
          running[i] = 0;
        }
      }
    }
    return new double[][] {all, running};
  }

  private static RunningMeanStd merged(RunningMeanStd stats, double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= x.length;
    return stats.merge(new double[] {mean}, new double[] {var}, x.length);
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    INDArray raw = raw(rollout);
    RunningMeanStd withRollout = merged(stats, discountedReturns(rollout, raw)[0]);
    INDArray out = raw.div(Math.sqrt(withRollout.var()[0] + EPSILON));
    return clip > 0 ? Transforms.max(Transforms.min(out, clip, false), -clip, false) : out;
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    INDArray raw = raw(rollout);
    double[][] r = discountedReturns(rollout, raw);
    stats = merged(stats, r[0]);
    returns = r[1];
    cachedRollout = null;
    cachedRaw = null;
    return inner.update(rollout).plus(UpdateStats.of("return_std", Math.sqrt(stats.var()[0])));
  }

  /** The running return statistics (count, mean, variance of the discounted return). */
  public RunningMeanStd returnStats() {
    return stats;
  }

  @Override
  public Snapshot state() {
    return new Snapshot().putString("decorator", "normalized").putDoubles("returns", returns)
        .putChild("return_stats", stats.state()).putChild("inner", inner.state());
  }

  @Override
  public void restore(Snapshot state) {
    inner.restore(state.child("inner"));
    stats = RunningMeanStd.fromState(state.child("return_stats"));
    returns = state.doubles("returns");
    cachedRollout = null;
    cachedRaw = null;
  }
}
