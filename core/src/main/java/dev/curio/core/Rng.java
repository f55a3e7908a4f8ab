package dev.curio.core;

import java.util.Arrays;

/**
 * A small, seedable and checkpointable pseudo-random generator (xoshiro256** seeded through SplitMix64).
 *
 * <p>Every stochastic component in Curio takes one of these, or a seed to make one. Unlike
 * {@link java.util.Random} its whole state is four longs that {@link #state()} returns and
 * {@link #fromState(long[])} restores, so checkpoints can carry it. Not thread-safe: give each thread
 * its own stream with {@link #split()}.
 */
public final class Rng {
  private long s0, s1, s2, s3;
  private double spareGaussian;
  private boolean hasSpare;

  /** A generator whose whole stream is fixed by {@code seed}. */
  public Rng(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L; s0 = mix(x);
    x += 0x9E3779B97F4A7C15L; s1 = mix(x);
    x += 0x9E3779B97F4A7C15L; s2 = mix(x);
    x += 0x9E3779B97F4A7C15L; s3 = mix(x);
  }

  private Rng(long[] state, boolean copy) {
    s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3];
    hasSpare = state.length > 4 && state[4] != 0;
    spareGaussian = state.length > 5 ? Double.longBitsToDouble(state[5]) : 0.0;
  }

  /**
   * A seed for one named part of a run ({@code "learner"}, {@code "actor"}, ...), independent of the
   * other parts' seeds and of {@code new Rng(seed)}'s own stream: the name's FNV-1a hash mixed into
   * {@code seed} by SplitMix64's finaliser.
   */
  public static long derive(long seed, String purpose) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < purpose.length(); i++) {
      h ^= purpose.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(seed ^ h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform in {@code [0, bound)}; {@code bound} must be positive. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    // Lemire's nearly divisionless method on the top 32 bits.
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Uniform in {@code [lo, hi)}. */
  public int nextInt(int lo, int hi) {
    return lo + nextInt(hi - lo);
  }

  /** Uniform in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in {@code [0, 1)} with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** True with probability {@code p}. */
  public boolean nextBoolean(double p) {
    return nextDouble() < p;
  }

  /** Standard normal (polar Box-Muller; the spare value is part of the state). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u, v, s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * f;
    hasSpare = true;
    return u * f;
  }

  /** A new, statistically independent generator; advances this one. */
  public Rng split() {
    return new Rng(nextLong() ^ 0x5DEECE66DL);
  }

  /** Fisher-Yates shuffle of {@code a} in place. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i]; a[i] = a[j]; a[j] = t;
    }
  }

  /** An independent copy with the same state: both produce the same stream from here. */
  public Rng copy() {
    return new Rng(state(), true);
  }

  /** The complete state, for checkpoints; {@link #fromState(long[])} restores it. */
  public long[] state() {
    return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
  }

  /** A generator that continues exactly where the one that gave {@code state} was. */
  public static Rng fromState(long[] state) {
    if (state == null || state.length != 6) {
      throw new IllegalArgumentException("an Rng state has 6 longs, got "
          + (state == null ? "null" : Arrays.toString(state)));
    }
    if ((state[0] | state[1] | state[2] | state[3]) == 0) {
      throw new IllegalArgumentException("an Rng state cannot be all zeros");
    }
    return new Rng(state, true);
  }
}
