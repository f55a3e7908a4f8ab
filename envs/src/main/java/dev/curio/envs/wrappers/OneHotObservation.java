package dev.curio.envs.wrappers;

import dev.curio.core.space.Box;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import java.util.Arrays;

/**
 * Expands a {@code Box} of small integer codes whose last axis has {@code C} channels into one-hot
 * channels: an observation of shape {@code [..., C]} becomes {@code [..., sum(classes)]}, where
 * channel {@code c} with value {@code v} sets position {@code offset(c) + v}. For example MiniGrid's
 * {@code [7, 7, 3]} (object, colour, state) with classes {@code (11, 6, 3)} becomes {@code [7, 7, 20]}.
 * A code outside {@code [0, classes[c])} is an {@link IllegalArgumentException}.
 */
public final class OneHotObservation<A> extends ObservationWrapper<float[], A, float[]> {
  private final int[] classes;
  private final int[] offsets;
  private final int width;
  private int cells;

  public OneHotObservation(Env<float[], A> env, int... classesPerChannel) {
    super(env);
    if (classesPerChannel.length == 0) {
      throw new IllegalArgumentException("OneHotObservation on " + env.spec().id() + ": give the class count of each channel");
    }
    this.classes = classesPerChannel.clone();
    this.offsets = new int[classes.length];
    int w = 0;
    for (int c = 0; c < classes.length; c++) {
      if (classes[c] < 1) {
        throw new IllegalArgumentException("OneHotObservation on " + env.spec().id() + ": channel " + c + " needs >= 1 class, got " + classes[c]);
      }
      offsets[c] = w;
      w += classes[c];
    }
    this.width = w;
    spec();
  }

  @Override
  protected Space<float[]> observationSpace(Space<float[]> innerSpace) {
    if (!(innerSpace instanceof Box b)) {
      throw new IllegalArgumentException("OneHotObservation on " + env.spec().id() + " needs a Box observation space, got " + innerSpace);
    }
    int[] shape = b.shape();
    if (shape[shape.length - 1] != classes.length) {
      throw new IllegalArgumentException("OneHotObservation on " + env.spec().id() + ": the last axis of " + b + " has "
          + shape[shape.length - 1] + " channels but " + classes.length + " class counts were given");
    }
    cells = b.size() / classes.length;
    int[] out = Arrays.copyOf(shape, shape.length);
    out[out.length - 1] = width;
    return new Box(0f, 1f, out);
  }

  @Override
  protected float[] observation(float[] codes) {
    float[] out = new float[cells * width];
    int ch = classes.length;
    for (int i = 0; i < cells; i++) {
      for (int c = 0; c < ch; c++) {
        int v = (int) codes[i * ch + c];
        if (v < 0 || v >= classes[c] || v != codes[i * ch + c]) {
          throw new IllegalArgumentException("env " + env.spec().id() + ": observation code " + codes[i * ch + c]
              + " in channel " + c + " is outside 0.." + (classes[c] - 1));
        }
        out[i * width + offsets[c] + v] = 1f;
      }
    }
    return out;
  }
}
