package dev.curio.rewards.social;

import dev.curio.core.config.ConfigException;
import java.util.Arrays;

/**
 * A piecewise-linear weight for the social-influence reward over training steps: a list of steps
 * and a list of weights of the same length; between two listed steps the weight is interpolated
 * linearly, before the first step it is the first weight and from the last step on it is the last.
 *
 * <p>This is how the reference implementation of Jaques et al. (2019),
 * eugenevinitsky/sequential_social_dilemma_games, weights its influence reward:
 * {@code InfluenceScheduleMixIn.compute_influence_reward_weight} in
 * {@code algorithms/common_funcs_moa.py} evaluates {@code np.interp(timestep,
 * influence_reward_schedule_steps, influence_reward_schedule_weights)}, where {@code timestep} is
 * RLlib's global timestep and the steps are, in the words of its {@code config/default_args.py},
 * amounts of environment steps. {@code np.interp} holds the end values outside the listed range,
 * which this class reproduces. The reference then multiplies that value by
 * {@code influence_reward_weight} (default 0.001); this class gives only the interpolated factor, and
 * any further constant factor is the caller's. Its run scripts for Harvest and Cleanup use steps
 * {@code 0, 1e7, 1e8, 3e8} with weights {@code 0, 0, 1, 0.5}. Unlike {@code np.interp}, which
 * assumes increasing steps without checking, this class rejects steps that are not strictly
 * increasing.
 *
 * <p>Immutable; {@link #weightAt} is cheap (a binary search) and safe from any thread.
 */
public final class InfluenceSchedule {
  private final long[] steps;
  private final double[] weights;

  private InfluenceSchedule(long[] steps, double[] weights) {
    this.steps = steps;
    this.weights = weights;
  }

  /**
   * A schedule from parallel lists; both arrays are copied.
   *
   * @param steps training steps, {@code >= 0} and strictly increasing, at least one
   * @param weights finite weights, one per step
   * @return the schedule
   * @throws IllegalArgumentException with a one-line message naming the list and the bad entry
   */
  public static InfluenceSchedule of(long[] steps, double[] weights) {
    return validated(steps, weights, "influence schedule steps", "influence schedule weights", false);
  }

  /**
   * As {@link #of(long[], double[])}, for values read from a config file: a failure is a
   * {@link ConfigException} naming the key of the list at fault, e.g.
   * {@code rewards.influence.scheduleSteps: must be strictly increasing, got 100 then 50 at index 2}.
   *
   * @param steps training steps, {@code >= 0} and strictly increasing, at least one
   * @param weights finite weights, one per step
   * @param stepsKey the dotted config key the steps came from
   * @param weightsKey the dotted config key the weights came from
   * @return the schedule
   * @throws ConfigException naming {@code stepsKey} or {@code weightsKey} when a list is bad
   */
  public static InfluenceSchedule of(long[] steps, double[] weights, String stepsKey, String weightsKey) {
    if (stepsKey == null || stepsKey.isBlank() || weightsKey == null || weightsKey.isBlank()) {
      throw new IllegalArgumentException("influence schedule: config keys must not be empty, got '"
          + stepsKey + "' and '" + weightsKey + "'");
    }
    return validated(steps, weights, stepsKey, weightsKey, true);
  }

  /**
   * A schedule that is {@code weight} at every step (one entry at step 0).
   *
   * @param weight a finite weight
   * @return the schedule
   */
  public static InfluenceSchedule constant(double weight) {
    return of(new long[] {0}, new double[] {weight});
  }

  private static InfluenceSchedule validated(long[] steps, double[] weights, String stepsName,
                                             String weightsName, boolean config) {
    if (steps == null || steps.length == 0) {
      throw fail(config, stepsName, "must list at least one step, got " + Arrays.toString(steps));
    }
    if (weights == null || weights.length == 0) {
      throw fail(config, weightsName, "must list at least one weight, got " + Arrays.toString(weights));
    }
    if (steps.length != weights.length) {
      throw fail(config, weightsName, "must list as many weights as steps (" + steps.length + "), got "
          + weights.length);
    }
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] < 0) {
        throw fail(config, stepsName, "must be >= 0, got " + steps[i] + " at index " + i);
      }
      if (i > 0 && steps[i] <= steps[i - 1]) {
        throw fail(config, stepsName, "must be strictly increasing, got " + steps[i - 1] + " then "
            + steps[i] + " at index " + i);
      }
      if (!Double.isFinite(weights[i])) {
        throw fail(config, weightsName, "must be finite, got " + weights[i] + " at index " + i);
      }
    }
    return new InfluenceSchedule(steps.clone(), weights.clone());
  }

  private static IllegalArgumentException fail(boolean config, String name, String message) {
    return config ? new ConfigException(name, message) : new IllegalArgumentException(name + ": " + message);
  }

  /**
   * The weight at training step {@code step}: the first weight up to the first listed step, the
   * last weight from the last listed step on, linear interpolation in between.
   *
   * @param step a training step, {@code >= 0}
   * @return the weight, finite
   * @throws IllegalArgumentException if {@code step} is negative
   */
  public double weightAt(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("influence schedule: step must be >= 0, got " + step);
    }
    int last = steps.length - 1;
    if (step <= steps[0]) {
      return weights[0];
    }
    if (step >= steps[last]) {
      return weights[last];
    }
    int hi = Arrays.binarySearch(steps, step);
    if (hi >= 0) {
      return weights[hi];
    }
    hi = -hi - 1; // first listed step above `step`; 1 <= hi <= last here
    int lo = hi - 1;
    double fraction = (double) (step - steps[lo]) / (double) (steps[hi] - steps[lo]);
    return weights[lo] + fraction * (weights[hi] - weights[lo]);
  }

  /**
   * The listed steps.
   *
   * @return a copy, strictly increasing
   */
  public long[] steps() {
    return steps.clone();
  }

  /**
   * The listed weights.
   *
   * @return a copy, one per step
   */
  public double[] weights() {
    return weights.clone();
  }

  /** E.g. {@code InfluenceSchedule[steps=[0, 100], weights=[0.0, 1.0]]}. */
  @Override
  public String toString() {
    return "InfluenceSchedule[steps=" + Arrays.toString(steps) + ", weights=" + Arrays.toString(weights) + "]";
  }
}
