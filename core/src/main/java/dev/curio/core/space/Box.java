package dev.curio.core.space;

import dev.curio.core.Rng;
import java.util.Arrays;

/**
 * Float arrays of a fixed shape, stored flat in row-major order, with per-element bounds
 * {@code low[i] <= x[i] <= high[i]} (infinite bounds allowed, NaN never contained).
 */
public final class Box implements Space<float[]> {
  private final int[] shape;
  private final float[] low;
  private final float[] high;
  private final int size;

  /** Every element in {@code [low, high]}. */
  public Box(float low, float high, int... shape) {
    this(filled(checkShape(shape), low), filled(shape, high), shape);
  }

  /** Per-element bounds; {@code low} and {@code high} have {@code product(shape)} elements. */
  public Box(float[] low, float[] high, int... shape) {
    this.shape = checkShape(shape).clone();
    this.size = product(shape);
    if (low.length != size || high.length != size) {
      throw new IllegalArgumentException("Box bounds need " + size + " elements for shape "
          + Arrays.toString(shape) + ", got low " + low.length + " and high " + high.length);
    }
    for (int i = 0; i < size; i++) {
      if (Float.isNaN(low[i]) || Float.isNaN(high[i]) || low[i] > high[i]) {
        throw new IllegalArgumentException("Box bound " + i + " is invalid: low " + low[i] + ", high " + high[i]);
      }
    }
    this.low = low.clone();
    this.high = high.clone();
  }

  private static int[] checkShape(int[] shape) {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException("Box needs a shape with at least one dimension");
    }
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("Box shape dimensions must be >= 1, got " + Arrays.toString(shape));
      }
    }
    return shape;
  }

  private static int product(int[] shape) {
    long p = 1;
    for (int d : shape) {
      p *= d;
    }
    if (p > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Box shape " + Arrays.toString(shape) + " is too large");
    }
    return (int) p;
  }

  private static float[] filled(int[] shape, float v) {
    float[] a = new float[product(shape)];
    Arrays.fill(a, v);
    return a;
  }

  /** Number of elements, the product of the shape. */
  public int size() {
    return size;
  }

  public float low(int i) {
    return low[i];
  }

  public float high(int i) {
    return high[i];
  }

  public float[] low() {
    return low.clone();
  }

  public float[] high() {
    return high.clone();
  }

  @Override
  public boolean contains(float[] value) {
    if (value == null || value.length != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      float v = value[i];
      // written so that NaN fails
      if (!(v >= low[i] && v <= high[i])) {
        return false;
      }
    }
    return true;
  }

  /** Uniform where bounded, exponential where half-bounded, normal where unbounded. */
  @Override
  public float[] sample(Rng rng) {
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      boolean lo = Float.isFinite(low[i]);
      boolean hi = Float.isFinite(high[i]);
      double v;
      if (lo && hi) {
        v = low[i] + (double) (high[i] - low[i]) * rng.nextDouble();
      } else if (lo) {
        v = low[i] - Math.log(1 - rng.nextDouble());
      } else if (hi) {
        v = high[i] + Math.log(1 - rng.nextDouble());
      } else {
        v = rng.nextGaussian();
      }
      float f = (float) v;
      out[i] = Math.min(high[i], Math.max(low[i], f));
    }
    return out;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public int flatDim() {
    return size;
  }

  @Override
  public void flatten(float[] value, float[] dst, int offset) {
    System.arraycopy(value, 0, dst, offset, size);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Box b && Arrays.equals(shape, b.shape) && Arrays.equals(low, b.low)
        && Arrays.equals(high, b.high);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(low);
  }

  @Override
  public String toString() {
    float lo = low[0];
    float hi = high[0];
    boolean uniform = true;
    for (int i = 1; i < size && uniform; i++) {
      uniform = low[i] == lo && high[i] == hi;
    }
    String bounds = uniform ? lo + ", " + hi : "per-element bounds";
    return "Box(" + bounds + ", shape=" + Arrays.toString(shape) + ")";
  }
}
