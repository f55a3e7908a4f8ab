package dev.curio.envs.vector;

import dev.curio.core.Info;

/**
 * One lockstep step of N envs. Arrays are fresh each step and belong to the caller.
 *
 * @param observations {@code [N, obsDim]} what to act on next: the successor, or for an env that
 *     just ended, the first observation of its new episode
 * @param nextObservations {@code [N, obsDim]} the true successor of this step for every env (never
 *     a reset observation); the same array as {@code observations} when no env ended
 * @param rewards {@code [N]} extrinsic rewards
 * @param terminated {@code [N]} the MDP ended (bootstrap with 0)
 * @param truncated {@code [N]} cut off from outside (bootstrap with V(nextObservation))
 * @param infos {@code [N]} the step infos (for an env that ended: its last step's info)
 */
public record VectorStep(float[] observations, float[] nextObservations, double[] rewards, boolean[] terminated,
                         boolean[] truncated, Info[] infos) {
  public boolean done(int env) {
    return terminated[env] || truncated[env];
  }

  /** Whether any env ended on this step. */
  public boolean anyDone() {
    for (int i = 0; i < terminated.length; i++) {
      if (terminated[i] || truncated[i]) {
        return true;
      }
    }
    return false;
  }
}
