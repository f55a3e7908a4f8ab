package dev.curio.bench;

import java.util.ArrayDeque;

/**
 * Env steps and finished episodes of one training run, from any number of threads: the rolling
 * mean return over the last {@code window} episodes, and the step count at which it first reached
 * {@code target} (the sample-efficiency figure), with the wall time at that point; and the step count
 * at which {@value #SUCCESS_SHARE} of the last {@code window} episodes first had a positive return
 * (MiniGrid's success rate: its reward is paid only at the goal, less a step penalty).
 */
final class StepTally {
  /** Share of the window's episodes with a positive return that counts as solved. */
  static final double SUCCESS_SHARE = 0.9;
  private final int window;
  private final double target;
  private final ArrayDeque<Double> recent = new ArrayDeque<>();
  private final long startNanos = System.nanoTime();
  private long steps;
  private long episodes;
  private double sum;
  private long stepsToTarget = -1;
  private int successes;
  private long stepsToSuccess = -1;
  private double secondsToTarget = Double.NaN;

  StepTally(int window, double target) {
    this.window = window;
    this.target = target;
  }

  synchronized void step() {
    steps++;
  }

  /** Counts {@code n} steps at once (a vector env's step). */
  synchronized void steps(long n) {
    steps += n;
  }

  synchronized void episode(double episodeReturn) {
    episodes++;
    recent.addLast(episodeReturn);
    successes += episodeReturn > 0 ? 1 : 0;
    if (recent.size() > window) {
      successes -= recent.removeFirst() > 0 ? 1 : 0;
    }
    // summed afresh: a running sum that adds and subtracts drifts (a window of zeros read -0.000)
    sum = 0;
    for (double r : recent) {
      sum += r;
    }
    if (stepsToSuccess < 0 && recent.size() == window && successes >= SUCCESS_SHARE * window - 1e-9) {
      stepsToSuccess = steps;
    }
    if (stepsToTarget < 0 && recent.size() == window && sum / window >= target) {
      stepsToTarget = steps;
      secondsToTarget = (System.nanoTime() - startNanos) / 1e9;
    }
  }

  synchronized long steps() {
    return steps;
  }

  synchronized long episodes() {
    return episodes;
  }

  /** Rolling mean over the last {@code window} episodes (fewer before that many ended; NaN before any). */
  synchronized double meanReturn() {
    return recent.isEmpty() ? Double.NaN : sum / recent.size();
  }

  synchronized boolean reached() {
    return stepsToTarget >= 0;
  }

  /** Steps when the rolling mean first reached the target, or -1. */
  synchronized long stepsToTarget() {
    return stepsToTarget;
  }

  /** Steps when {@value #SUCCESS_SHARE} of the last {@code window} episodes first had a positive return, or -1. */
  synchronized long stepsToSuccess() {
    return stepsToSuccess;
  }

  synchronized double secondsToTarget() {
    return secondsToTarget;
  }
}
