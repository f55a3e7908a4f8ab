package dev.curio.core.space;

import dev.curio.core.Rng;

/**
 * A set of observations or actions of type {@code T}.
 *
 * <p>Every space can be flattened into a float vector of {@link #flatDim()} values; the vector env
 * uses that to write N observations into one batched array {@code [N, flatDim]} without boxing.
 */
public interface Space<T> {
  /** Whether {@code value} is an element of this space (false for null). */
  boolean contains(T value);

  /** An element drawn from {@code rng}; the same stream gives the same element. */
  T sample(Rng rng);

  /** Shape of one element as an array (e.g. {@code [7, 7, 3]}); {@code []} for a scalar. */
  int[] shape();

  /** Length of the float vector {@link #flatten} writes. */
  int flatDim();

  /** Writes {@code value} as {@link #flatDim()} floats into {@code dst} from {@code offset}. */
  void flatten(T value, float[] dst, int offset);

  /** Convenience: a fresh flat vector of {@code value}. */
  default float[] flatten(T value) {
    float[] out = new float[flatDim()];
    flatten(value, out, 0);
    return out;
  }

  /** A short description used in error messages, e.g. {@code Discrete(4)}. */
  @Override
  String toString();
}
