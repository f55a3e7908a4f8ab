package dev.curio.representation.acstate;

import java.util.Arrays;

/**
 * The empirical multi-step inverse and forward objectives of an encoder, computed exactly from
 * counts: the models are fitted by maximum likelihood on one data set ({@code fit}) and their
 * cross-entropy is measured on another ({@code score}), as in the numerical experiment of Levine,
 * Stone and Zhang 2024 ("Multistep Inverse Is Not All You Need", arXiv 2403.11940; the authors'
 * {@code compute_rep_loss} in github.com/midi-lab/acdf, {@code numerical_experiments.py}).
 *
 * <p>An encoder {@code phi} is a partition of the observations into {@code n} codes (labels
 * {@code [X]}, values in {@code [0, n)}). With {@code N_k(a, z, z')} the number of within-episode
 * pairs with action {@code a_t = a}, {@code phi(x_t) = z} and {@code phi(x_{t+k}) = z'}:
 *
 * <ul>
 *   <li><b>inverse model</b>, one per horizon: {@code q_k(a | z, z') = N^fit_k(a, z, z') / sum_b
 *       N^fit_k(b, z, z')}, uniform {@code 1/A} where the fit data never saw {@code (z, z')} at
 *       horizon k;
 *   <li><b>per-horizon loss</b> {@code l_k = -(1 / P_k) sum N^score_k(a, z, z') log q_k(a | z, z')},
 *       {@code P_k} the number of scored pairs at horizon k (nats per pair);
 *   <li><b>multi-step inverse objective</b> for horizon K: {@code L_inv(K) = (1/K) sum_{k=1..K} l_k}
 *       (every horizon weighs the same, the discrete version of drawing k uniformly);
 *   <li><b>forward model</b> {@code f(z' | z, a) = N^fit_1(a, z, z') / sum_y N^fit_1(a, z, y)},
 *       uniform {@code 1/n} where {@code (z, a)} was never seen, and its loss {@code L_fwd} the same
 *       cross-entropy on the score data's one-step pairs;
 *   <li><b>ACDF objective</b>: {@code L_inv(K) + L_fwd}.
 * </ul>
 *
 * A probability the fit data estimates as 0 is replaced by {@link #PAPER_FLOOR} (as the authors do,
 * without renormalising), so an action or successor the fit data never showed costs
 * {@code -log(1e-7) ~ 16.1} nats instead of infinity. Scoring on held-out data is what makes the
 * comparison meaningful: on the fit data itself, splitting a code can never lower the likelihood, so
 * the identity encoder would always win.
 *
 * <p>Every logarithm is {@link StrictMath#log} of an integer count, read from a table, and sums run in
 * a fixed order, so a loss is the same double on every machine. Not thread-safe (scratch buffers).
 */
public final class TabularObjective {
  /** The probability that replaces an estimated 0, the authors' {@code 0.0000001}. */
  public static final double PAPER_FLOOR = 1e-7;

  private final KStepCounts fit;
  private final KStepCounts score;
  private final int maxK;
  private final int numObs;
  private final int numActions;
  /** {@code log[c] = ln c} for every count the fit data can produce; {@code log[0]} unused. */
  private final double[] log;
  private final double minusLogFloor;
  private final double logActions;
  private final double[] logCodes;
  /**
   * The current encoder's tables {@code N_k(a, z, z')}, {@code [maxK][A][X][X]} (codes below
   * {@code n} used), kept from one call to the next and updated only where labels changed.
   */
  private final int[] fitReduced;
  private final int[] scoreReduced;
  /** The labels the tables hold, {@code [X]}; null before the first call. */
  private int[] current;

  /**
   * @param fit the counts the models are fitted on
   * @param score the counts their cross-entropy is measured on (the authors' validation set); the
   *     same object scores in-sample
   * @throws IllegalArgumentException if the two disagree on observations, actions or {@code maxK}
   */
  public TabularObjective(KStepCounts fit, KStepCounts score) {
    if (fit == null || score == null) {
      throw new IllegalArgumentException("fit and score counts must not be null");
    }
    if (fit.numObservations() != score.numObservations() || fit.numActions() != score.numActions()
        || fit.maxK() != score.maxK()) {
      throw new IllegalArgumentException("score counts must have the fit counts' observations, actions and maxK");
    }
    this.fit = fit;
    this.score = score;
    this.maxK = fit.maxK();
    this.numObs = fit.numObservations();
    this.numActions = fit.numActions();
    int maxCount = 0;
    for (int k = 1; k <= maxK; k++) {
      maxCount = Math.max(maxCount, fit.total(k));
    }
    this.log = new double[maxCount + 1];
    for (int c = 1; c <= maxCount; c++) {
      log[c] = StrictMath.log(c);
    }
    this.minusLogFloor = -StrictMath.log(PAPER_FLOOR);
    this.logActions = StrictMath.log(numActions);
    this.logCodes = new double[numObs + 1];
    for (int n = 1; n <= numObs; n++) {
      logCodes[n] = StrictMath.log(n);
    }
    this.fitReduced = new int[fit.raw().length];
    this.scoreReduced = new int[fitReduced.length];
  }

  /** The largest horizon K this objective can evaluate. */
  public int maxK() {
    return maxK;
  }

  /** The number of observations an encoder partitions. */
  public int numObservations() {
    return numObs;
  }

  /**
   * Evaluates one encoder at every horizon at once: writes {@code l_1 .. l_maxK} (not yet averaged)
   * into {@code inversePerK[0 .. maxK-1]} and returns {@code L_fwd}. The hot path of the search.
   *
   * @param labels {@code [numObservations]}, each in {@code [0, codes)}; not modified
   * @param codes the number of codes {@code n}
   * @param inversePerK {@code [>= maxK]}, overwritten
   * @return the forward loss
   */
  public double evaluate(int[] labels, int codes, double[] inversePerK) {
    if (labels.length != numObs || codes < 1 || codes > numObs || inversePerK.length < maxK) {
      throw new IllegalArgumentException("labels must be [" + numObs + "] with codes in [1, " + numObs
          + "] and inversePerK at least [" + maxK + "]");
    }
    for (int label : labels) {
      if (label < 0 || label >= codes) {
        throw new IllegalArgumentException("labels must be in [0, " + codes + "), got " + label);
      }
    }
    if (current == null) {
      current = labels.clone();
      reduce();
    } else {
      for (int j = 0; j < numObs; j++) {
        if (current[j] != labels[j]) {
          move(j, labels[j]);
        }
      }
    }
    for (int k = 1; k <= maxK; k++) {
      inversePerK[k - 1] = inverseLoss(k, codes) / score.total(k);
    }
    return forwardLoss(codes) / score.total(1);
  }

  /**
   * {@code L_inv(horizon)} of the encoder {@code labels} (any integers; elements with equal labels
   * share a code).
   */
  public double inverse(int[] labels, int horizon) {
    if (horizon < 1 || horizon > maxK) {
      throw new IllegalArgumentException("horizon must be in [1, " + maxK + "], got " + horizon);
    }
    double[] perK = new double[maxK];
    evaluateCanonical(labels, perK);
    return meanOfFirst(perK, horizon);
  }

  /** {@code L_fwd} of the encoder {@code labels} (any integers, as in {@link #inverse}). */
  public double forward(int[] labels) {
    return evaluateCanonical(labels, new double[maxK]);
  }

  /** {@code (1/K) sum_{k=1..K} perK[k-1]}, summed in order of k. */
  static double meanOfFirst(double[] perK, int horizon) {
    double sum = 0;
    for (int k = 0; k < horizon; k++) {
      sum += perK[k];
    }
    return sum / horizon;
  }

  private double evaluateCanonical(int[] labels, double[] perK) {
    if (labels == null || labels.length != numObs) {
      throw new IllegalArgumentException("labels must have one entry per observation, " + numObs);
    }
    int[] c = SetPartitions.canonical(labels);
    int codes = 0;
    for (int v : c) {
      codes = Math.max(codes, v + 1);
    }
    return evaluate(c, codes, perK);
  }

  /** Sums the observation-level tables into the tables of {@link #current}. */
  private void reduce() {
    Arrays.fill(fitReduced, 0);
    Arrays.fill(scoreReduced, 0);
    int[] fitRaw = fit.raw();
    int[] scoreRaw = score.raw();
    int xx = numObs * numObs;
    for (int ka = 0; ka < maxK * numActions; ka++) {
      int base = ka * xx;
      for (int x = 0; x < numObs; x++) {
        int row = base + current[x] * numObs;
        int src = base + x * numObs;
        for (int y = 0; y < numObs; y++) {
          fitReduced[row + current[y]] += fitRaw[src + y];
          scoreReduced[row + current[y]] += scoreRaw[src + y];
        }
      }
    }
  }

  /**
   * Moves observation j to code {@code to}: takes its row and column of the observation-level
   * tables out of its old code's cells and adds them to the new code's, {@code 4X} additions per
   * table instead of the {@code X^2} of a full sum. In the search's order most steps move one
   * observation, so this is most of what an evaluation costs. Exact, being integer arithmetic.
   */
  private void move(int j, int to) {
    int[] fitRaw = fit.raw();
    int[] scoreRaw = score.raw();
    int xx = numObs * numObs;
    for (int pass = 0; pass < 2; pass++) {
      int sign = pass == 0 ? -1 : 1;
      if (pass == 1) {
        current[j] = to;
      }
      int code = current[j];
      for (int ka = 0; ka < maxK * numActions; ka++) {
        int base = ka * xx;
        int row = base + code * numObs;
        int src = base + j * numObs;
        for (int y = 0; y < numObs; y++) {
          fitReduced[row + current[y]] += sign * fitRaw[src + y];
          scoreReduced[row + current[y]] += sign * scoreRaw[src + y];
        }
        for (int y = 0; y < numObs; y++) {
          if (y != j) {
            int cell = base + current[y] * numObs + code;
            fitReduced[cell] += sign * fitRaw[base + y * numObs + j];
            scoreReduced[cell] += sign * scoreRaw[base + y * numObs + j];
          }
        }
      }
    }
  }

  /** {@code P_k l_k}: the summed cross-entropy of the score pairs at horizon k. */
  private double inverseLoss(int k, int codes) {
    int xx = numObs * numObs;
    int base = (k - 1) * numActions * xx;
    double loss = 0;
    for (int z = 0; z < codes; z++) {
      for (int y = 0; y < codes; y++) {
        int c = base + z * numObs + y;
        int fitSum = 0;
        int scoreSum = 0;
        for (int a = 0; a < numActions; a++) {
          fitSum += fitReduced[c + a * xx];
          scoreSum += scoreReduced[c + a * xx];
        }
        if (scoreSum == 0) {
          continue;
        }
        if (fitSum == 0) {
          loss += scoreSum * logActions;
          continue;
        }
        double logFitSum = log[fitSum];
        for (int a = 0; a < numActions; a++) {
          int s = scoreReduced[c + a * xx];
          if (s != 0) {
            int f = fitReduced[c + a * xx];
            loss += s * (f == 0 ? minusLogFloor : logFitSum - log[f]);
          }
        }
      }
    }
    return loss;
  }

  /** {@code P_1 L_fwd}: the summed cross-entropy of the one-step successors' codes. */
  private double forwardLoss(int codes) {
    int xx = numObs * numObs;
    double loss = 0;
    for (int a = 0; a < numActions; a++) {
      for (int z = 0; z < codes; z++) {
        int row = a * xx + z * numObs;
        int fitSum = 0;
        int scoreSum = 0;
        for (int y = 0; y < codes; y++) {
          fitSum += fitReduced[row + y];
          scoreSum += scoreReduced[row + y];
        }
        if (scoreSum == 0) {
          continue;
        }
        if (fitSum == 0) {
          loss += scoreSum * logCodes[codes];
          continue;
        }
        double logFitSum = log[fitSum];
        for (int y = 0; y < codes; y++) {
          int s = scoreReduced[row + y];
          if (s != 0) {
            int f = fitReduced[row + y];
            loss += s * (f == 0 ? minusLogFloor : logFitSum - log[f]);
          }
        }
      }
    }
    return loss;
  }
}
