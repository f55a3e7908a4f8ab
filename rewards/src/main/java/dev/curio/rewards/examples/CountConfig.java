package dev.curio.rewards.examples;

import dev.curio.core.config.Check;
import dev.curio.rewards.RewardConfig;

/**
 * Config of {@link CountBonus} (keys {@code rewards.count.*}).
 *
 * @param beta bonus scale: {@code r = beta / sqrt(N(s'))}; default 0.1
 * @param episodic count within the current episode (reset at episode ends) instead of over the whole
 *     run; also makes the stream episodic; default false
 * @param gamma discount of the stream; default 0.99
 * @param coefficient weight of the stream in the mixed advantage; default 1
 */
public record CountConfig(double beta, boolean episodic, double gamma, double coefficient) implements RewardConfig {
  public CountConfig {
    Check.positive("rewards.count.beta", beta);
    Check.inRange("rewards.count.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.count.coefficient", "must be finite, got " + coefficient);
  }

  public static CountConfig defaults() {
    return new CountConfig(0.1, false, 0.99, 1.0);
  }
}
