package dev.curio.representation.acstate;

/**
 * Every partition of {@code {0, .., n-1}} into non-empty blocks, one at a time, as restricted growth
 * strings: {@code labels[0] = 0} and {@code labels[i] <= 1 + max(labels[0..i-1])}, so each partition
 * has exactly one labelling (its blocks numbered in order of their smallest element). There are
 * {@link #bell(int) Bell(n)} of them; Bell(10) = 115,975.
 *
 * <p>An encoder from {@code n} observations to codes is, up to renaming the codes, such a partition,
 * which is why the exact tabular check searches these ({@link ExhaustiveSearch}).
 *
 * <p>Usage, with no allocation per partition:
 *
 * <pre>{@code
 * SetPartitions p = new SetPartitions(10);
 * do {
 *   int[] labels = p.labels();   // a view; valid until next()
 *   int blocks = p.blocks();
 * } while (p.next());
 * }</pre>
 *
 * The order is lexicographic in the labels: first everything in one block, last every element in
 * its own block. Not thread-safe.
 */
public final class SetPartitions {
  /** Largest n whose Bell number fits in a {@code long}. */
  public static final int MAX_BELL = 25;

  private final int n;
  private final int[] labels;
  /** {@code prefixMax[i] = max(labels[0..i])}. */
  private final int[] prefixMax;

  /** Starts at the partition with one block. */
  public SetPartitions(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    this.n = n;
    this.labels = new int[n];
    this.prefixMax = new int[n];
  }

  /** The number of elements. */
  public int size() {
    return n;
  }

  /** The current labels, {@code [n]}: a view that {@link #next()} overwrites; do not modify. */
  public int[] labels() {
    return labels;
  }

  /** The number of blocks of the current partition. */
  public int blocks() {
    return prefixMax[n - 1] + 1;
  }

  /**
   * Moves to the next partition in lexicographic order of the labels.
   *
   * @return false (and changes nothing) when the current one was the last
   */
  public boolean next() {
    for (int i = n - 1; i > 0; i--) {
      if (labels[i] <= prefixMax[i - 1]) {
        labels[i]++;
        int m = Math.max(prefixMax[i - 1], labels[i]);
        prefixMax[i] = m;
        for (int j = i + 1; j < n; j++) {
          labels[j] = 0;
          prefixMax[j] = m;
        }
        return true;
      }
    }
    return false;
  }

  /**
   * The Bell number {@code B(n)}, the number of partitions of an n-element set, from the Bell
   * triangle; {@code 0 <= n <= } {@link #MAX_BELL}.
   */
  public static long bell(int n) {
    if (n < 0 || n > MAX_BELL) {
      throw new IllegalArgumentException("n must be in [0, " + MAX_BELL + "], got " + n);
    }
    long[] row = {1};
    for (int i = 0; i < n; i++) {
      long[] nextRow = new long[row.length + 1];
      nextRow[0] = row[row.length - 1];
      for (int j = 0; j < row.length; j++) {
        nextRow[j + 1] = nextRow[j] + row[j];
      }
      row = nextRow;
    }
    return row[0];
  }

  /**
   * The restricted growth string of the partition that {@code labels} (any integers, one per
   * element) induce: elements share a block exactly when they share a label, and blocks are numbered
   * in order of first appearance. Two labellings describe the same partition (the same encoder up to
   * renaming its codes) exactly when their canonical forms are equal.
   */
  public static int[] canonical(int[] labels) {
    if (labels == null || labels.length == 0) {
      throw new IllegalArgumentException("labels must not be empty");
    }
    int[] out = new int[labels.length];
    int blocks = 0;
    for (int i = 0; i < labels.length; i++) {
      int found = -1;
      for (int j = 0; j < i; j++) {
        if (labels[j] == labels[i]) {
          found = out[j];
          break;
        }
      }
      out[i] = found >= 0 ? found : blocks++;
    }
    return out;
  }

  /** Whether two labellings of the same elements describe the same partition. */
  public static boolean samePartition(int[] a, int[] b) {
    checkSameLength(a, b);
    return java.util.Arrays.equals(canonical(a), canonical(b));
  }

  /**
   * Whether {@code fine} refines {@code coarse}: every block of {@code fine} lies inside one block of
   * {@code coarse} (elements together in {@code fine} are together in {@code coarse}). A partition
   * refines itself.
   */
  public static boolean refines(int[] fine, int[] coarse) {
    checkSameLength(fine, coarse);
    for (int i = 0; i < fine.length; i++) {
      for (int j = i + 1; j < fine.length; j++) {
        if (fine[i] == fine[j] && coarse[i] != coarse[j]) {
          return false;
        }
      }
    }
    return true;
  }

  private static void checkSameLength(int[] a, int[] b) {
    if (a == null || b == null || a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("labels must be two non-empty arrays of the same length");
    }
  }
}
