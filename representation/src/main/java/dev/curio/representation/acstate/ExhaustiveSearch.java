package dev.curio.representation.acstate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Searches every encoder of a tabular world (every partition of its observations) for the one the
 * multi-step inverse objective, alone or with the forward term, selects, and says whether it is the
 * control-endogenous one. This is the exact check of Levine, Stone and Zhang 2024 ("Multistep Inverse
 * Is Not All You Need", arXiv 2403.11940), whose code ({@code compute_losses}, {@code run_test} and
 * {@code classify_output} in github.com/midi-lab/acdf, {@code numerical_experiments.py}) fixes the
 * selection rule:
 *
 * <ol>
 *   <li>for each number of codes {@code n}, the lowest loss {@code B_n} over the partitions with
 *       {@code n} blocks ({@link TabularObjective}, held-out cross-entropy);
 *   <li>the selected size is the smallest {@code n} with {@code B_n <= (1 + tolerance) min_m B_m}
 *       (the authors' tolerance is {@link #PAPER_TOLERANCE}, 0.1%): of the encoders that explain the
 *       data as well as any, the one with fewest codes;
 *   <li>the selected encoder is the partition achieving {@code B_n} at that size.
 * </ol>
 *
 * The selected encoder is {@link Outcome#CORRECT} when it is the true partition, {@link
 * Outcome#FINER} when it splits a true code but never merges two ("too many states, but not
 * incorrect"), {@link Outcome#WRONG} otherwise. Ties: among partitions of the selected size with
 * exactly the same loss the first in {@link SetPartitions}' order is kept (the authors keep the
 * first of theirs), and {@link Selection#margin()} records how far the runner-up of that size was;
 * {@link Selection#success()} demands a correct encoder that is also the unique minimiser (a margin
 * above {@link #TIE}), so a tie never counts as recovering the true encoder.
 */
public final class ExhaustiveSearch {
  /** The authors' loss tolerance, {@code loss_tolerace = .001}. */
  public static final double PAPER_TOLERANCE = 0.001;
  /** Relative gap below which two losses count as equal (a sum's rounding, not a difference). */
  public static final double TIE = 1e-12;

  private ExhaustiveSearch() {}

  /** What the selected encoder is, relative to the true one. */
  public enum Outcome {
    /** The true partition, up to renaming the codes. */
    CORRECT,
    /** A strict refinement of the true partition: more codes than needed, none merging two states. */
    FINER,
    /** Merges observations of two different true codes. */
    WRONG
  }

  /**
   * The encoder selected for one horizon and one objective.
   *
   * @param horizon K
   * @param withForward whether the objective was {@code L_inv(K) + L_fwd} (ACDF) or {@code L_inv(K)}
   *     (AC-State)
   * @param labels the selected partition, a restricted growth string {@code [X]}
   * @param codes its number of blocks
   * @param loss its objective value
   * @param margin the next-lowest loss among partitions with the same number of blocks minus
   *     {@code loss} ({@code +Infinity} when it is the only one, as for 1 and X blocks)
   * @param bestBySize {@code [X + 1]}: {@code B_n} at index n (index 0 unused, {@code +Infinity})
   * @param outcome the selected encoder against the true one
   */
  public record Selection(
      int horizon, boolean withForward, int[] labels, int codes, double loss, double margin,
      double[] bestBySize, Outcome outcome) {
    /** Copies the arrays. */
    public Selection {
      labels = labels.clone();
      bestBySize = bestBySize.clone();
    }

    /** A copy of the selected labels. */
    @Override
    public int[] labels() {
      return labels.clone();
    }

    /** A copy of {@code B_n} by size. */
    @Override
    public double[] bestBySize() {
      return bestBySize.clone();
    }

    /** Whether the true encoder was selected as the unique minimiser of its size. */
    public boolean success() {
      return outcome == Outcome.CORRECT && margin > TIE * Math.max(1, Math.abs(loss));
    }

    /** Whether the selection never merges two true codes (correct, or finer than needed). */
    public boolean consistent() {
      return outcome != Outcome.WRONG;
    }
  }

  /**
   * The selections of one search.
   *
   * @param inverse per horizon {@code K = 1 .. maxK} (index K - 1), the multi-step inverse objective
   * @param withForward the same with the forward term
   * @param partitions how many partitions were scored (Bell(X))
   */
  public record Result(List<Selection> inverse, List<Selection> withForward, long partitions) {
    /** Copies the lists. */
    public Result {
      inverse = List.copyOf(inverse);
      withForward = List.copyOf(withForward);
    }

    /** The selection for horizon {@code k} with or without the forward term. */
    public Selection at(int k, boolean forward) {
      List<Selection> l = forward ? withForward : inverse;
      if (k < 1 || k > l.size()) {
        throw new IllegalArgumentException("k must be in [1, " + l.size() + "], got " + k);
      }
      return l.get(k - 1);
    }
  }

  /**
   * Scores every partition of the observations at every horizon {@code 1 .. objective.maxK()}, with
   * and without the forward term, and applies the selection rule.
   *
   * @param truth the true encoder's labels, {@code [X]} (any integers)
   * @param tolerance the relative loss tolerance of the size rule, in {@code [0, 1)}
   */
  public static Result run(TabularObjective objective, int[] truth, double tolerance) {
    if (objective == null) {
      throw new IllegalArgumentException("objective must not be null");
    }
    int x = objective.numObservations();
    if (truth == null || truth.length != x) {
      throw new IllegalArgumentException("truth must have one label per observation, " + x);
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
    }
    int maxK = objective.maxK();
    // [variant][K-1][codes]: variant 0 = inverse only, 1 = with the forward term
    double[][][] best = new double[2][maxK][x + 1];
    double[][][] second = new double[2][maxK][x + 1];
    int[][][][] bestLabels = new int[2][maxK][x + 1][];
    for (int v = 0; v < 2; v++) {
      for (int k = 0; k < maxK; k++) {
        Arrays.fill(best[v][k], Double.POSITIVE_INFINITY);
        Arrays.fill(second[v][k], Double.POSITIVE_INFINITY);
      }
    }
    double[] perK = new double[maxK];
    SetPartitions p = new SetPartitions(x);
    long count = 0;
    do {
      int[] labels = p.labels();
      int n = p.blocks();
      double forward = objective.evaluate(labels, n, perK);
      double sum = 0;
      for (int k = 0; k < maxK; k++) {
        sum += perK[k];
        double inverse = sum / (k + 1);
        offer(best[0][k], second[0][k], bestLabels[0][k], n, inverse, labels);
        offer(best[1][k], second[1][k], bestLabels[1][k], n, inverse + forward, labels);
      }
      count++;
    } while (p.next());

    int[] canonicalTruth = SetPartitions.canonical(truth);
    List<List<Selection>> out = List.of(new ArrayList<>(), new ArrayList<>());
    for (int v = 0; v < 2; v++) {
      for (int k = 0; k < maxK; k++) {
        out.get(v).add(select(k + 1, v == 1, best[v][k], second[v][k], bestLabels[v][k], tolerance, canonicalTruth));
      }
    }
    return new Result(out.get(0), out.get(1), count);
  }

  /** Keeps the lowest loss of size n (the first on exact equality) and the next-lowest. */
  private static void offer(double[] best, double[] second, int[][] bestLabels, int n, double loss, int[] labels) {
    if (loss < best[n]) {
      second[n] = best[n];
      best[n] = loss;
      if (bestLabels[n] == null) {
        bestLabels[n] = labels.clone();
      } else {
        System.arraycopy(labels, 0, bestLabels[n], 0, labels.length);
      }
    } else if (loss < second[n]) {
      second[n] = loss;
    }
  }

  /**
   * The size rule on one horizon's per-size results: {@code best}, {@code second} and {@code labels}
   * indexed by the number of codes (index 0 unused); {@code truth} canonical.
   */
  static Selection select(int horizon, boolean forward, double[] best, double[] second, int[][] labels,
      double tolerance, int[] truth) {
    double min = Double.POSITIVE_INFINITY;
    for (int n = 1; n < best.length; n++) {
      min = Math.min(min, best[n]);
    }
    int chosen = 1;
    while (!(best[chosen] <= (1 + tolerance) * min)) {
      chosen++;
    }
    int[] l = labels[chosen];
    Outcome outcome = Arrays.equals(l, truth) ? Outcome.CORRECT
        : SetPartitions.refines(l, truth) ? Outcome.FINER : Outcome.WRONG;
    return new Selection(horizon, forward, l, chosen, best[chosen], second[chosen] - best[chosen], best, outcome);
  }
}
