package dev.curio.envs;

import dev.curio.core.Info;
import java.util.Objects;

/**
 * The result of one step.
 *
 * @param observation the true successor observation (at an episode's end: the final one, never a reset)
 * @param reward the extrinsic reward for the transition
 * @param terminated the MDP reached a terminal state: bootstrap with 0
 * @param truncated the episode was cut off from outside (a time limit): bootstrap with V(observation)
 * @param info side information
 */
public record Step<O>(O observation, double reward, boolean terminated, boolean truncated, Info info) {
  public Step {
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(info, "info");
  }

  /** The episode is over, either way. */
  public boolean done() {
    return terminated || truncated;
  }

  public Step<O> withReward(double r) {
    return new Step<>(observation, r, terminated, truncated, info);
  }

  public Step<O> withInfo(Info i) {
    return new Step<>(observation, reward, terminated, truncated, i);
  }

  public <O2> Step<O2> withObservation(O2 o) {
    return new Step<>(o, reward, terminated, truncated, info);
  }

  /** This step, cut off from outside (terminated stays as it was). */
  public Step<O> truncate() {
    return new Step<>(observation, reward, terminated, true, info);
  }
}
