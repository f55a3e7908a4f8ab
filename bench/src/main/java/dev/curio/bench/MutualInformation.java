package dev.curio.bench;

/**
 * The plug-in (maximum-likelihood) estimate of the mutual information of two discrete variables from a table of
 * joint counts: {@code I(X; Y) = sum_xy p(x, y) log2(p(x, y) / (p(x) p(y)))} in bits, with the empirical
 * frequencies for p. Its bias is positive and about {@code (|X| - 1)(|Y| - 1) / (2 n ln 2)} bits for n samples
 * (Miller 1955), which {@link #bias} gives so that a report can state it.
 */
public final class MutualInformation {
  private MutualInformation() {}

  /**
   * @param counts {@code counts[x][y]}, each {@code >= 0}, rows of one length, at least one positive
   * @return the estimate in bits, {@code >= 0} up to rounding
   */
  public static double bits(long[][] counts) {
    if (counts == null || counts.length == 0 || counts[0] == null || counts[0].length == 0) {
      throw new IllegalArgumentException("mutual information: counts must be a non-empty table");
    }
    int cols = counts[0].length;
    double[] rowSum = new double[counts.length];
    double[] colSum = new double[cols];
    double n = 0;
    for (int x = 0; x < counts.length; x++) {
      if (counts[x] == null || counts[x].length != cols) {
        throw new IllegalArgumentException("mutual information: row " + x + " has "
            + (counts[x] == null ? "no" : String.valueOf(counts[x].length)) + " entries, row 0 has " + cols);
      }
      for (int y = 0; y < cols; y++) {
        long c = counts[x][y];
        if (c < 0) {
          throw new IllegalArgumentException("mutual information: count at [" + x + ", " + y + "] is " + c
              + "; counts must be >= 0");
        }
        rowSum[x] += c;
        colSum[y] += c;
        n += c;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("mutual information: every count is 0");
    }
    double sum = 0;
    for (int x = 0; x < counts.length; x++) {
      for (int y = 0; y < cols; y++) {
        long c = counts[x][y];
        if (c > 0) {
          sum += c / n * Math.log(c * n / (rowSum[x] * colSum[y]));
        }
      }
    }
    return sum / Math.log(2);
  }

  /** Miller's first-order bias of {@link #bits} for n samples of variables with the given numbers of values. */
  public static double bias(int xValues, int yValues, long n) {
    return (xValues - 1.0) * (yValues - 1.0) / (2.0 * n * Math.log(2));
  }
}
