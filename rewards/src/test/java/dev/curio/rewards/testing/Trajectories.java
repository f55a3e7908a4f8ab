package dev.curio.rewards.testing;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Synthetic rollouts and snapshot helpers for reward-module tests. */
public final class Trajectories {
  private Trajectories() {}

  private static long[] withTN(int t, int n, int[] obsShape) {
    long[] shape = new long[obsShape.length + 2];
    shape[0] = t;
    shape[1] = n;
    for (int j = 0; j < obsShape.length; j++) {
      shape[j + 2] = obsShape[j];
    }
    return shape;
  }

  private static int dim(int[] obsShape) {
    int d = 1;
    for (int s : obsShape) {
      d *= s;
    }
    return d;
  }

  /**
   * A random rollout: Gaussian observations {@code [T, N, ...obsShape]}, uniform actions, successors
   * that are the observations shifted by one step (plus a fresh one at the end), extrinsic rewards
   * in {@code [0, 1)}, about {@code doneRate} of the steps terminated.
   */
  public static Trajectory random(Rng rng, int t, int n, int[] obsShape, int numActions, double doneRate) {
    int d = dim(obsShape);
    float[] obs = new float[(t + 1) * n * d];
    for (int k = 0; k < obs.length; k++) {
      obs[k] = (float) rng.nextGaussian();
    }
    float[] cur = java.util.Arrays.copyOfRange(obs, 0, t * n * d);
    float[] next = java.util.Arrays.copyOfRange(obs, n * d, (t + 1) * n * d);
    float[] actions = new float[t * n];
    float[] rewards = new float[t * n];
    float[] terminated = new float[t * n];
    for (int k = 0; k < t * n; k++) {
      actions[k] = rng.nextInt(numActions);
      rewards[k] = rng.nextFloat();
      terminated[k] = rng.nextBoolean(doneRate) ? 1f : 0f;
    }
    return of(cur, next, actions, rewards, terminated, t, n, obsShape);
  }

  /** A rollout from flat host arrays ({@code [T*N*obsDim]} observations, {@code [T*N]} the rest). */
  public static Trajectory of(float[] obs, float[] next, float[] actions, float[] rewards, float[] terminated, int t,
      int n, int[] obsShape) {
    long[] shape = withTN(t, n, obsShape);
    INDArray zeros = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, t, n);
    return Trajectory.builder(obsShape).observations(Nd4j.create(obs, shape, 'c'))
        .nextObservations(Nd4j.create(next, shape, 'c')).actions(Nd4j.create(actions, new long[] {t, n}, 'c'))
        .rewards(Nd4j.create(rewards, new long[] {t, n}, 'c')).terminated(Nd4j.create(terminated, new long[] {t, n}, 'c'))
        .truncated(zeros).logProbs(zeros.dup()).build();
  }

  /** The bytes {@link Snapshot#write} produces: equal bytes, equal state. */
  public static byte[] bytes(Snapshot s) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      s.write(new DataOutputStream(out));
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A snapshot through its binary form and back, as a checkpoint would carry it. */
  public static Snapshot roundTrip(Snapshot s) {
    try {
      return Snapshot.read(new DataInputStream(new java.io.ByteArrayInputStream(bytes(s))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
