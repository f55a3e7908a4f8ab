package dev.curio.agents.math;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PopArt (van Hasselt et al. 2016, "Learning values across many orders of magnitude"; multi-task
 * form in Hessel et al. 2019, "Multi-task deep reinforcement learning with PopArt") as small pure
 * functions over explicit {@link State}, in the style of rlax's {@code pop_art.py}.
 *
 * <p>A state holds one set of statistics per output of a value head (in Curio one per (task, reward
 * stream)): the running mean {@code mu}, the running second moment {@code nu} and the scale
 * {@code sigma = sqrt(clip(nu - mu^2, sigmaMin^2, sigmaMax^2))}. The network predicts the
 * <i>normalised</i> value {@code n}; the value is {@code sigma * n + mu}.
 *
 * <p>One update, in this order (rlax issue 111 was the order getting lost):
 * <ol>
 *   <li>{@link #art}: move the statistics towards the batch of unnormalised targets;
 *   <li>{@link #pop}: rescale the value head's last layer, column by column, so that every
 *       unnormalised output is what it was before (Preserving Outputs Precisely);
 *   <li>{@link #normalize} the targets with the <b>new</b> statistics, and train on them.
 * </ol>
 *
 * <p>ART's step. rlax adds {@code beta * (target - mu)} once per target, which moves a statistic
 * seen by m targets by {@code m * beta} of the way and overshoots once {@code m * beta > 1}. Here
 * a statistic seen by m targets of mean {@code a} moves to {@code mu + (1 - (1 - beta)^m) (a - mu)}:
 * what m exponential-average steps of size beta would do if every target were {@code a}. It is
 * rlax's step to first order for small {@code m * beta}, and never overshoots.
 */
public final class PopArt {
  private PopArt() {}

  /**
   * The statistics of {@code size} outputs. Arrays are not copied: treat them as read-only; every
   * function here returns a new state.
   *
   * @param mu running mean of the targets
   * @param nu running second moment of the targets
   * @param sigma the scale derived from them, clipped to the bounds in force when it was computed
   */
  public record State(double[] mu, double[] nu, double[] sigma) {
    public State {
      if (mu.length != nu.length || mu.length != sigma.length) {
        throw new IllegalArgumentException("PopArt state: mu, nu and sigma need one entry per output, got "
            + mu.length + ", " + nu.length + ", " + sigma.length);
      }
    }

    /** Outputs, each with its own statistics. */
    public int size() {
      return mu.length;
    }
  }

  /** rlax's initial state: {@code mu = 0}, {@code nu = 1}, so {@code sigma = 1} (targets pass unchanged). */
  public static State initial(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("PopArt needs at least one output, got " + size);
    }
    double[] ones = new double[size];
    Arrays.fill(ones, 1.0);
    return new State(new double[size], ones, ones.clone());
  }

  /**
   * Adaptively Rescaling Targets: the statistics after a batch of {@code targets}, target i being of
   * output {@code indices[i]}. Outputs no target is of keep their statistics.
   *
   * @param beta step size per target, in (0, 1]
   * @param sigmaMin lower bound of sigma, positive
   * @param sigmaMax upper bound of sigma, above {@code sigmaMin}
   */
  public static State art(State s, float[] targets, int[] indices, double beta, double sigmaMin, double sigmaMax) {
    if (targets.length != indices.length) {
      throw new IllegalArgumentException("PopArt: " + targets.length + " targets but " + indices.length + " indices");
    }
    if (!(beta > 0 && beta <= 1)) {
      throw new IllegalArgumentException("PopArt: beta must be in (0, 1], got " + beta);
    }
    if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin)) {
      throw new IllegalArgumentException("PopArt: need 0 < sigmaMin < sigmaMax, got " + sigmaMin + " and " + sigmaMax);
    }
    int k = s.size();
    double[] sum = new double[k];
    double[] sumSq = new double[k];
    int[] count = new int[k];
    for (int i = 0; i < targets.length; i++) {
      int j = indices[i];
      if (j < 0 || j >= k) {
        throw new IllegalArgumentException("PopArt: target " + i + " is of output " + j + ", the state has " + k);
      }
      double y = targets[i];
      sum[j] += y;
      sumSq[j] += y * y;
      count[j]++;
    }
    double[] mu = s.mu().clone();
    double[] nu = s.nu().clone();
    double[] sigma = s.sigma().clone();
    for (int j = 0; j < k; j++) {
      if (count[j] == 0) {
        continue;
      }
      double step = -Math.expm1(count[j] * Math.log1p(-beta)); // 1 - (1 - beta)^m, exact for small beta
      mu[j] += step * (sum[j] / count[j] - mu[j]);
      nu[j] += step * (sumSq[j] / count[j] - nu[j]);
      sigma[j] = scale(mu[j], nu[j], sigmaMin, sigmaMax);
    }
    return new State(mu, nu, sigma);
  }

  /** {@code sqrt(clip(nu - mu^2, lo^2, hi^2))}. */
  static double scale(double mu, double nu, double lo, double hi) {
    double variance = nu - mu * mu;
    return Math.sqrt(Math.min(Math.max(variance, lo * lo), hi * hi));
  }

  /**
   * Preserving Outputs Precisely: rescales a linear layer's columns in place so that
   * {@code sigma' * (h W' + b') + mu' == sigma * (h W + b) + mu} for every input h, column j with
   * output {@code outputs[j]}'s statistics: {@code W'_j = W_j sigma/sigma'},
   * {@code b'_j = (sigma b_j + mu - mu') / sigma'}.
   *
   * @param w {@code [H, O]} weights
   * @param b {@code [1, O]} (or {@code [O]}) bias
   * @param outputs the statistic of each of the O columns
   */
  public static void pop(INDArray w, INDArray b, State old, State next, int[] outputs) {
    long cols = w.size(1);
    if (b.length() != cols || outputs.length != cols) {
      throw new IllegalArgumentException("PopArt pop: weights have " + cols + " columns, bias " + b.length()
          + ", statistics named for " + outputs.length);
    }
    double[] ratio = new double[(int) cols];
    double[] shift = new double[(int) cols];
    for (int c = 0; c < cols; c++) {
      int j = checked(outputs[c], old, "column " + c);
      ratio[c] = old.sigma()[j] / next.sigma()[j];
      shift[c] = (old.mu()[j] - next.mu()[j]) / next.sigma()[j];
    }
    INDArray r = Nd4j.createFromArray(ratio).castTo(w.dataType()).reshape(1, cols);
    INDArray sh = Nd4j.createFromArray(shift).castTo(b.dataType()).reshape(b.shape());
    w.muliRowVector(r);
    b.muli(r.reshape(b.shape())).addi(sh);
  }

  /** {@code (y - mu) / sigma} of each value, value i of output {@code indices[i]}. */
  public static float[] normalize(State s, float[] values, int[] indices) {
    sameLength(values.length, indices.length);
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      int j = checked(indices[i], s, "value " + i);
      out[i] = (float) ((values[i] - s.mu()[j]) / s.sigma()[j]);
    }
    return out;
  }

  /** {@code sigma * n + mu} of each normalised value, value i of output {@code indices[i]}. */
  public static float[] unnormalize(State s, float[] normalized, int[] indices) {
    sameLength(normalized.length, indices.length);
    float[] out = new float[normalized.length];
    for (int i = 0; i < normalized.length; i++) {
      int j = checked(indices[i], s, "value " + i);
      out[i] = (float) (s.sigma()[j] * normalized[i] + s.mu()[j]);
    }
    return out;
  }

  private static int checked(int output, State s, String what) {
    if (output < 0 || output >= s.size()) {
      throw new IllegalArgumentException("PopArt: " + what + " is of output " + output + ", the state has " + s.size());
    }
    return output;
  }

  private static void sameLength(int values, int indices) {
    if (values != indices) {
      throw new IllegalArgumentException("PopArt: " + values + " values but " + indices + " indices");
    }
  }
}
