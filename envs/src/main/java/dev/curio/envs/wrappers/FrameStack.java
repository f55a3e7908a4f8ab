package dev.curio.envs.wrappers;

import dev.curio.core.space.Box;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;

/**
 * Stacks the last {@code k} observations of a {@code Box} env: shape {@code S} becomes
 * {@code [k, ...S]}, oldest frame first. After a reset every slot holds the first observation.
 */
public final class FrameStack<A> extends ObservationWrapper<float[], A, float[]> {
  private final int k;
  private final int frame;
  private float[] stacked;

  public FrameStack(Env<float[], A> env, int k) {
    super(env);
    if (k < 1) {
      throw new IllegalArgumentException("FrameStack on " + env.spec().id() + ": k must be >= 1, got " + k);
    }
    if (!(env.spec().observationSpace() instanceof Box b)) {
      throw new IllegalArgumentException("FrameStack on " + env.spec().id() + " needs a Box observation space, got "
          + env.spec().observationSpace());
    }
    this.k = k;
    this.frame = b.size();
  }

  @Override
  protected Space<float[]> observationSpace(Space<float[]> inner) {
    Box b = (Box) inner;
    int[] shape = b.shape();
    int[] out = new int[shape.length + 1];
    out[0] = k;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return new Box(repeat(b.low()), repeat(b.high()), out);
  }

  @Override
  protected float[] resetObservation(float[] first) {
    stacked = repeat(first);
    return stacked.clone();
  }

  @Override
  protected float[] observation(float[] latest) {
    if (stacked == null) {
      throw new IllegalStateException("env " + spec().id() + ": step() before reset(); call reset(seed) first");
    }
    float[] next = new float[k * frame];
    System.arraycopy(stacked, frame, next, 0, (k - 1) * frame);
    System.arraycopy(latest, 0, next, (k - 1) * frame, frame);
    stacked = next;
    return next.clone();
  }

  /** {@code k} copies of one frame-sized array, back to back. */
  private float[] repeat(float[] one) {
    float[] out = new float[k * frame];
    for (int i = 0; i < k; i++) {
      System.arraycopy(one, 0, out, i * frame, frame);
    }
    return out;
  }
}
