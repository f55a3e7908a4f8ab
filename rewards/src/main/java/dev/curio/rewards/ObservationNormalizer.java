package dev.curio.rewards;

import dev.curio.core.state.Snapshot;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-feature observation normalisation with running statistics, clipped: {@code clip((x - mu) /
 * sigma, -c, c)} (Burda et al. 2018 normalise the inputs of RND and of the curiosity models this
 * way). Why it matters: with one-hot or sparse observations, a feature never seen before has a tiny
 * running std, so a novel state stands out at the network's input instead of mapping to near-zero
 * activations that look alike for every novel state.
 *
 * <p>{@link #normalize} is pure; {@link #commit} merges a batch into the statistics (call it from a
 * module's {@code update}). Before the first commit the batch's own statistics are used.
 */
final class ObservationNormalizer {
  private static final double EPSILON = 1e-8;

  private final int dim;
  private final double clip;
  private RunningMeanStd stats;

  ObservationNormalizer(int dim, double clip) {
    this.dim = dim;
    this.clip = clip;
    this.stats = RunningMeanStd.empty(dim);
  }

  /** {@code x} {@code [B, dim]} normalised and clipped; a new array, nothing kept. */
  INDArray normalize(INDArray x) {
    RunningMeanStd s = stats.count() > 0 ? stats : RunningMeanStd.empty(dim).merge(x);
    DataType t = x.dataType();
    INDArray z = x.subRowVector(s.meanRow(t)).diviRowVector(s.stdRow(EPSILON, t));
    return Transforms.max(Transforms.min(z, clip, false), -clip, false);
  }

  /** Merges {@code x} {@code [B, dim]} into the running statistics. */
  void commit(INDArray x) {
    stats = stats.merge(x);
  }

  Snapshot state() {
    return stats.state();
  }

  void restore(Snapshot s, String module) {
    RunningMeanStd r = RunningMeanStd.fromState(s);
    if (r.mean().length != dim) {
      throw new IllegalArgumentException("snapshot normalises " + r.mean().length + " features, this " + module
          + " has " + dim);
    }
    stats = r;
  }
}
