package dev.curio.core.rollout;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * T steps of N envs in lockstep, time-major. Built once per iteration and not changed afterwards
 * (treat the arrays as read-only).
 *
 * @param observations {@code [T, N, ...obsShape]} what the actor saw at step t
 * @param nextObservations {@code [T, N, ...obsShape]} the true successor of step t (at an episode's
 *     end: its final observation, never the reset one)
 * @param actions {@code [T, N]} the actions taken (integer-valued)
 * @param rewards {@code [T, N]} extrinsic rewards
 * @param terminated {@code [T, N]} 1 where the MDP ended at step t (bootstrap with 0), else 0
 * @param truncated {@code [T, N]} 1 where the episode was cut off at step t (bootstrap from
 *     nextObservations), else 0
 * @param logProbs {@code [T, N]} log-probability of each action under the acting policy
 * @param obsShape the shape of one observation
 */
public record Rollout(INDArray observations, INDArray nextObservations, INDArray actions, INDArray rewards,
                      INDArray terminated, INDArray truncated, INDArray logProbs, int[] obsShape) {
  public Rollout {
    Objects.requireNonNull(observations, "observations");
    long t = actions.size(0);
    long n = actions.size(1);
    for (INDArray a : new INDArray[] {rewards, terminated, truncated, logProbs}) {
      if (a.rank() != 2 || a.size(0) != t || a.size(1) != n) {
        throw new IllegalArgumentException("rollout arrays must be [T, N] = [" + t + ", " + n + "], got "
            + Arrays.toString(a.shape()));
      }
    }
    if (observations.size(0) != t || observations.size(1) != n
        || !Arrays.equals(observations.shape(), nextObservations.shape())) {
      throw new IllegalArgumentException("observations must be [T, N, ...] matching actions, got "
          + Arrays.toString(observations.shape()) + " and next " + Arrays.toString(nextObservations.shape()));
    }
    obsShape = obsShape.clone();
  }

  /** Number of steps T. */
  public int steps() {
    return (int) actions.size(0);
  }

  /** Number of envs N. */
  public int envs() {
    return (int) actions.size(1);
  }

  /** Length of one flattened observation. */
  public int obsDim() {
    int d = 1;
    for (int s : obsShape) {
      d *= s;
    }
    return d;
  }

  /** Observations as a batch {@code [T*N, obsDim]}, row {@code t*N + i} (a view where possible). */
  public INDArray flatObservations() {
    return observations.reshape(new long[] {(long) steps() * envs(), obsDim()});
  }

  /** Successors as a batch {@code [T*N, obsDim]}, row {@code t*N + i}. */
  public INDArray flatNextObservations() {
    return nextObservations.reshape(new long[] {(long) steps() * envs(), obsDim()});
  }

  /** {@code [T, N]} 1 where step t ended its episode either way. */
  public INDArray done() {
    return terminated.add(truncated).gt(0).castTo(terminated.dataType());
  }
}
