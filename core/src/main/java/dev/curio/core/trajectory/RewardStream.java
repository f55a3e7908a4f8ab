package dev.curio.core.trajectory;

import dev.curio.core.config.Check;

/**
 * A named reward stream with its own value head: discount {@code gamma}, whether returns are cut at
 * episode ends ({@code episodic}; intrinsic novelty streams such as RND's are not), and its weight
 * {@code coefficient} in the mixed advantage.
 */
public record RewardStream(String name, double gamma, boolean episodic, double coefficient) {
  public static final String EXTRINSIC = "extrinsic";

  public RewardStream {
    Check.notBlank("stream.name", name);
    Check.inRange("streams." + name + ".gamma", gamma, 0.0, 1.0);
    if (!Double.isFinite(coefficient)) {
      throw new dev.curio.core.config.ConfigException("streams." + name + ".coefficient", "must be finite, got " + coefficient);
    }
  }

  /** The environment's own reward: episodic, weight 1. */
  public static RewardStream extrinsic(double gamma) {
    return new RewardStream(EXTRINSIC, gamma, true, 1.0);
  }
}
