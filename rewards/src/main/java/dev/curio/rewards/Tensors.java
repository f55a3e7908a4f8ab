package dev.curio.rewards;

import dev.curio.core.trajectory.Trajectory;
import dev.curio.representation.RandomEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Batched helpers shared by the built-in modules (each a handful of ND4J ops). */
final class Tensors {
  private Tensors() {}

  /** {@code a} as FLOAT (itself when it already is). */
  static INDArray floats(INDArray a) {
    return a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
  }

  /** {@code [T*N, obsDim]} FLOAT observations of {@code r}, row {@code t*N + i}. */
  static INDArray observations(Trajectory r) {
    return floats(r.flatObservations());
  }

  /** {@code [T*N, obsDim]} FLOAT true successors of {@code r}, row {@code t*N + i}. */
  static INDArray nextObservations(Trajectory r) {
    return floats(r.flatNextObservations());
  }

  /** One-hot actions {@code [T*N, numActions]} FLOAT, row {@code t*N + i}. */
  static INDArray oneHotActions(Trajectory r, int numActions) {
    INDArray idx = r.actions().reshape(r.actions().length()).castTo(DataType.INT);
    return Nd4j.exec(new OneHot(idx, numActions, -1, 1.0, 0.0, DataType.FLOAT))[0];
  }

  /** Row sums of squares {@code [B]} of {@code d} {@code [B, K]}, times {@code scale}. */
  static INDArray rowSquaredNorm(INDArray d, double scale) {
    return d.mul(d).sum(1).muli(scale);
  }

  /**
   * A forward model's inputs and targets over fixed features {@code phi} (random-feature surprisal's and the
   * ensemble's disagreement's): {@code [B, f + A]} = {@code [phi(obs), onehot(action)]} and {@code [B, f]} =
   * {@code phi(next obs)}, both halves encoded in one pass, after {@code normalizer} when there is one.
   */
  static INDArray[] forwardModelIO(Trajectory rollout, RandomEncoder phi, ObservationNormalizer normalizer,
                                   int numActions) {
    int b = rollout.steps() * rollout.envs();
    INDArray both = Nd4j.vstack(observations(rollout), nextObservations(rollout));
    INDArray f = phi.encode(normalizer == null ? both : normalizer.normalize(both));
    INDArray inputs = Nd4j.hstack(f.get(NDArrayIndex.interval(0, b), NDArrayIndex.all()),
        oneHotActions(rollout, numActions));
    return new INDArray[] {inputs, f.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all())};
  }

  /** A {@code [B]} vector as {@code [T, N]} for the rollout it came from. */
  static INDArray timeMajor(INDArray perRow, Trajectory r) {
    return perRow.reshape(r.steps(), r.envs());
  }
}
