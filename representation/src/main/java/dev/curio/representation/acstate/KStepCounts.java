package dev.curio.representation.acstate;

/**
 * The k-step transition counts of a data set in observation space, for {@code k = 1 .. maxK}:
 * {@code N_k(a, x, x')} is the number of times {@code t} with action {@code a_t = a}, observation
 * {@code x_t = x} and {@code x_{t+k} = x'} inside one episode. A pair never crosses an episode end:
 * an episode of length {@code L} gives {@code max(0, L - k + 1)} pairs at horizon {@code k}, every
 * start {@code t} with {@code t + k <= L}. (The authors' code uses the same start times for every k,
 * {@code t <= L - maxK}, one continuous episode per data set; here each horizon keeps all its pairs,
 * which differs by at most {@code maxK - k} pairs per episode.)
 *
 * <p>Any encoder's counts are sums of these ({@link TabularObjective}), which is what makes the
 * exhaustive search over encoders cheap. Immutable.
 */
public final class KStepCounts {
  private final int maxK;
  private final int numObservations;
  private final int numActions;
  /** {@code [maxK][numActions][numObservations][numObservations]}, row-major. */
  private final int[] counts;
  /** {@code [maxK]}: number of pairs at horizon k (index k - 1). */
  private final int[] totals;

  private KStepCounts(int maxK, int numObservations, int numActions, int[] counts, int[] totals) {
    this.maxK = maxK;
    this.numObservations = numObservations;
    this.numActions = numActions;
    this.counts = counts;
    this.totals = totals;
  }

  /**
   * Counts every within-episode pair of {@code data} at horizons {@code 1 .. maxK}.
   *
   * @throws IllegalArgumentException if {@code maxK < 1} or no episode is long enough for a pair at
   *     horizon {@code maxK}
   */
  public static KStepCounts of(TabularData data, int maxK) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    if (maxK < 1) {
      throw new IllegalArgumentException("maxK must be at least 1, got " + maxK);
    }
    int x = data.numObservations();
    int a = data.numActions();
    int[] counts = new int[maxK * a * x * x];
    int[] totals = new int[maxK];
    for (int e = 0; e < data.episodes(); e++) {
      int len = data.length(e);
      for (int k = 1; k <= maxK; k++) {
        int base = (k - 1) * a;
        for (int t = 0; t + k <= len; t++) {
          counts[((base + data.action(e, t)) * x + data.observation(e, t)) * x + data.observation(e, t + k)]++;
        }
        totals[k - 1] += Math.max(0, len - k + 1);
      }
    }
    if (totals[maxK - 1] == 0) {
      throw new IllegalArgumentException("transitions: no episode has the " + maxK
          + " steps a pair at horizon maxK = " + maxK + " needs");
    }
    return new KStepCounts(maxK, x, a, counts, totals);
  }

  /** The largest horizon counted. */
  public int maxK() {
    return maxK;
  }

  /** Observations are integers in {@code [0, numObservations())}. */
  public int numObservations() {
    return numObservations;
  }

  /** Actions are integers in {@code [0, numActions())}. */
  public int numActions() {
    return numActions;
  }

  /** {@code N_k(action, from, to)}, {@code 1 <= k <= maxK()}. */
  public int count(int k, int action, int from, int to) {
    if (k < 1 || k > maxK) {
      throw new IllegalArgumentException("k must be in [1, " + maxK + "], got " + k);
    }
    return counts[(((k - 1) * numActions + action) * numObservations + from) * numObservations + to];
  }

  /** Number of pairs at horizon {@code k}, the sum of {@code N_k} over all cells. */
  public int total(int k) {
    if (k < 1 || k > maxK) {
      throw new IllegalArgumentException("k must be in [1, " + maxK + "], got " + k);
    }
    return totals[k - 1];
  }

  /** The raw table {@code [maxK][numActions][numObservations][numObservations]}, not copied: do not modify. */
  int[] raw() {
    return counts;
  }
}
