package dev.curio.testkit;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What one seed of one agent did.
 *
 * @param agent the agent's name
 * @param status whether the seed reached the target, missed it, was stopped or never started because
 *     the claim was already decided
 * @param reachedAt the env step at which the target was first reached, or -1
 * @param steps env steps the run took
 * @param measure the target's rolling value at the end (success rate or mean return; NaN before the
 *     window filled), and its best
 * @param reportDir where the run's {@code metrics.csv} and {@code curve.png} are, or null if not run
 */
public record SeedResult(String agent, long seed, Status status, long reachedAt, long steps, Measure measure,
                         Path reportDir) {
  /** How a seed ended. */
  public enum Status { REACHED, MISSED, STOPPED, NOT_RUN }

  /**
   * @param last the target's rolling value when the run ended
   * @param best its best value over the run
   * @param meanReturn the rolling mean extrinsic return when the run ended
   */
  public record Measure(double last, double best, double meanReturn) {}

  public boolean reached() {
    return status == Status.REACHED;
  }

  /** One line for the failure report. */
  String describe() {
    String head = String.format(Locale.ROOT, "  %s seed %d: ", agent, seed);
    String where = reportDir == null ? "" : "  " + reportDir.resolve("metrics.csv") + ", curve.png";
    return head + switch (status) {
      case REACHED -> String.format(Locale.ROOT, "reached at step %s (%s)", Format.steps(reachedAt), values());
      case MISSED -> String.format(Locale.ROOT, "missed after %s steps (%s)", Format.steps(steps), values());
      case STOPPED -> String.format(Locale.ROOT, "stopped after %s steps, the claim being decided (%s)",
          Format.steps(steps), values());
      case NOT_RUN -> "not run, the claim being decided";
    } + where;
  }

  private String values() {
    return String.format(Locale.ROOT, "final %s, best %s; mean return %s", Format.number(measure.last()),
        Format.number(measure.best()), Format.number(measure.meanReturn()));
  }
}
