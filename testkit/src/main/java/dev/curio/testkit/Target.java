package dev.curio.testkit;

import dev.curio.loop.EpisodeEnd;
import java.util.Locale;

/**
 * What "solves" means in a claim: a rolling mean over the last {@code window} finished episodes that
 * reaches a threshold. {@link #successRate} counts an episode as a success when it terminated (not
 * truncated by a time limit) with a positive extrinsic return, which is reaching the goal in Curio's
 * mazes and MiniGrid worlds; {@link #meanReturn} averages the extrinsic returns.
 */
public final class Target {
  private final boolean success;
  private final double threshold;

  private Target(boolean success, double threshold) {
    this.success = success;
    this.threshold = threshold;
  }

  static Target successRate(double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("successRate must be in (0, 1], got " + rate);
    }
    return new Target(true, rate);
  }

  static Target meanReturn(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("meanReturn must be a finite number, got " + value);
    }
    return new Target(false, value);
  }

  /** The quantity, e.g. {@code success rate}. */
  String measure() {
    return success ? "success rate" : "mean return";
  }

  /** E.g. {@code a success rate of 0.90}. */
  String describe() {
    return String.format(Locale.ROOT, success ? "a success rate of %.2f" : "a mean return of %s", success ? threshold
        : Format.number(threshold));
  }

  double threshold() {
    return threshold;
  }

  /** This episode's contribution to the rolling mean. */
  double valueOf(EpisodeEnd e) {
    return success ? (e.terminated() && e.episodeReturn() > 0 ? 1 : 0) : e.episodeReturn();
  }

  @Override
  public String toString() {
    return describe();
  }
}
