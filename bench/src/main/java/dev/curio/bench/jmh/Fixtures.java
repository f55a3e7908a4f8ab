package dev.curio.bench.jmh;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.Env;
import dev.curio.envs.vector.SyncVectorEnv;
import dev.curio.envs.vector.VectorStep;
import dev.curio.bench.SpsStudy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Inputs the microbenchmarks share: vector envs of a built-in world and rollouts stepped in them. */
final class Fixtures {
  private Fixtures() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static SyncVectorEnv<Object, Integer> vectorEnv(String env, int n) {
    List<Env<Object, Integer>> envs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      envs.add((Env<Object, Integer>) (Env) SpsStudy.factory(env).get());
    }
    return new SyncVectorEnv<>(envs);
  }

  static int[] obsShape(SyncVectorEnv<?, Integer> venv) {
    return venv.spec().observationSpace() instanceof Box b ? b.shape()
        : new int[] {venv.spec().observationSpace().flatDim()};
  }

  static int numActions(SyncVectorEnv<?, Integer> venv) {
    return ((Discrete) venv.spec().actionSpace()).n();
  }

  /** {@code t} steps of {@code n} copies of {@code env} under a uniform random policy, as the loop stores them. */
  static Trajectory randomRollout(String env, int t, int n, long seed) {
    try (SyncVectorEnv<Object, Integer> venv = vectorEnv(env, n)) {
      int[] shape = obsShape(venv);
      int obsDim = venv.spec().observationSpace().flatDim();
      int actions = numActions(venv);
      Rng rng = new Rng(seed);
      float[] obs = venv.reset(seed);
      float[] obsBuf = new float[t * n * obsDim];
      float[] nextBuf = new float[t * n * obsDim];
      float[] acts = new float[t * n];
      float[] rewards = new float[t * n];
      float[] terminated = new float[t * n];
      float[] truncated = new float[t * n];
      float[] logProbs = new float[t * n];
      Integer[] a = new Integer[n];
      for (int step = 0; step < t; step++) {
        for (int i = 0; i < n; i++) {
          a[i] = rng.nextInt(actions);
        }
        VectorStep s = venv.step(a);
        int row = step * n;
        System.arraycopy(obs, 0, obsBuf, row * obsDim, n * obsDim);
        System.arraycopy(s.nextObservations(), 0, nextBuf, row * obsDim, n * obsDim);
        for (int i = 0; i < n; i++) {
          acts[row + i] = a[i];
          rewards[row + i] = (float) s.rewards()[i];
          terminated[row + i] = s.terminated()[i] ? 1f : 0f;
          truncated[row + i] = s.truncated()[i] ? 1f : 0f;
          logProbs[row + i] = (float) -Math.log(actions);
        }
        obs = s.observations();
      }
      long[] full = new long[2 + shape.length];
      full[0] = t;
      full[1] = n;
      for (int i = 0; i < shape.length; i++) {
        full[2 + i] = shape[i];
      }
      long[] tn = {t, n};
      return Trajectory.builder(shape).observations(Nd4j.create(obsBuf, full, DataType.FLOAT))
          .nextObservations(Nd4j.create(nextBuf, full, DataType.FLOAT)).actions(Nd4j.create(acts, tn, DataType.FLOAT))
          .rewards(Nd4j.create(rewards, tn, DataType.FLOAT)).terminated(Nd4j.create(terminated, tn, DataType.FLOAT))
          .truncated(Nd4j.create(truncated, tn, DataType.FLOAT)).logProbs(Nd4j.create(logProbs, tn, DataType.FLOAT))
          .build();
    }
  }

  /**
   * {@code t} steps of {@code n} envs with {@code obsDim} standard-normal floats per observation
   * (the next observation is the following step's), uniform actions out of {@code numActions},
   * rewards in [0, 1) and about 1% of the steps terminated: inputs of a given size that no world
   * has to produce, as the reward modules' tests build them.
   */
  static Trajectory gaussianRollout(int t, int n, int obsDim, int numActions, long seed) {
    Rng rng = new Rng(seed);
    float[] obs = new float[(t + 1) * n * obsDim];
    for (int k = 0; k < obs.length; k++) {
      obs[k] = (float) rng.nextGaussian();
    }
    float[] acts = new float[t * n];
    float[] rewards = new float[t * n];
    float[] terminated = new float[t * n];
    float[] logProbs = new float[t * n];
    for (int k = 0; k < t * n; k++) {
      acts[k] = rng.nextInt(numActions);
      rewards[k] = rng.nextFloat();
      terminated[k] = rng.nextBoolean(0.01) ? 1f : 0f;
      logProbs[k] = (float) -Math.log(numActions);
    }
    long[] full = {t, n, obsDim};
    long[] tn = {t, n};
    return Trajectory.builder(new int[] {obsDim})
        .observations(Nd4j.create(Arrays.copyOfRange(obs, 0, t * n * obsDim), full, DataType.FLOAT))
        .nextObservations(Nd4j.create(Arrays.copyOfRange(obs, n * obsDim, obs.length), full, DataType.FLOAT))
        .actions(Nd4j.create(acts, tn, DataType.FLOAT)).rewards(Nd4j.create(rewards, tn, DataType.FLOAT))
        .terminated(Nd4j.create(terminated, tn, DataType.FLOAT)).truncated(Nd4j.zeros(DataType.FLOAT, t, n))
        .logProbs(Nd4j.create(logProbs, tn, DataType.FLOAT)).build();
  }
}
