package dev.curio.core.space;

import dev.curio.core.Rng;
import java.util.Arrays;

/**
 * Vectors whose element {@code i} lies in {@code 0 .. nvec[i]-1}. Flattens to the concatenated
 * one-hot vectors of its elements.
 */
public final class MultiDiscrete implements Space<int[]> {
  private final int[] nvec;
  private final int flatDim;

  public MultiDiscrete(int... nvec) {
    if (nvec == null || nvec.length == 0) {
      throw new IllegalArgumentException("MultiDiscrete needs at least one dimension");
    }
    int sum = 0;
    for (int i = 0; i < nvec.length; i++) {
      if (nvec[i] <= 0) {
        throw new IllegalArgumentException("MultiDiscrete nvec[" + i + "] must be >= 1, got " + nvec[i]);
      }
      sum += nvec[i];
    }
    this.nvec = nvec.clone();
    this.flatDim = sum;
  }

  public int[] nvec() {
    return nvec.clone();
  }

  @Override
  public boolean contains(int[] value) {
    if (value == null || value.length != nvec.length) {
      return false;
    }
    for (int i = 0; i < nvec.length; i++) {
      if (value[i] < 0 || value[i] >= nvec[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int[] sample(Rng rng) {
    int[] out = new int[nvec.length];
    for (int i = 0; i < nvec.length; i++) {
      out[i] = rng.nextInt(nvec[i]);
    }
    return out;
  }

  @Override
  public int[] shape() {
    return new int[] {nvec.length};
  }

  @Override
  public int flatDim() {
    return flatDim;
  }

  @Override
  public void flatten(int[] value, float[] dst, int offset) {
    Arrays.fill(dst, offset, offset + flatDim, 0f);
    int base = offset;
    for (int i = 0; i < nvec.length; i++) {
      dst[base + value[i]] = 1f;
      base += nvec[i];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultiDiscrete m && Arrays.equals(nvec, m.nvec);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(nvec);
  }

  @Override
  public String toString() {
    return "MultiDiscrete" + Arrays.toString(nvec);
  }
}
