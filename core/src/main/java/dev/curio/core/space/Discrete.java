package dev.curio.core.space;

import dev.curio.core.Rng;

/** The integers {@code 0 .. n-1}. Flattens to a one-hot vector of length {@code n}. */
public record Discrete(int n) implements Space<Integer> {
  public Discrete {
    if (n <= 0) {
      throw new IllegalArgumentException("Discrete needs n >= 1, got " + n);
    }
  }

  @Override
  public boolean contains(Integer value) {
    return value != null && value >= 0 && value < n;
  }

  /** Primitive form of {@link #contains(Integer)}. */
  public boolean contains(int value) {
    return value >= 0 && value < n;
  }

  @Override
  public Integer sample(Rng rng) {
    return rng.nextInt(n);
  }

  @Override
  public int[] shape() {
    return new int[0];
  }

  @Override
  public int flatDim() {
    return n;
  }

  @Override
  public void flatten(Integer value, float[] dst, int offset) {
    java.util.Arrays.fill(dst, offset, offset + n, 0f);
    dst[offset + value] = 1f;
  }

  @Override
  public String toString() {
    return "Discrete(" + n + ")";
  }
}
