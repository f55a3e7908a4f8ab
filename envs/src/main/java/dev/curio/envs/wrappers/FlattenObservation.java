package dev.curio.envs.wrappers;

import dev.curio.core.space.Box;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;

/**
 * Turns any observation into a flat float vector {@code [flatDim]} with the space's own flattening:
 * a {@code Box} keeps its values (shape becomes one-dimensional), a {@code Discrete} becomes one-hot,
 * a {@code MultiDiscrete} the concatenated one-hots.
 */
public final class FlattenObservation<O, A> extends ObservationWrapper<float[], A, O> {
  private Space<O> inner;

  public FlattenObservation(Env<O, A> env) {
    super(env);
  }

  @Override
  protected Space<float[]> observationSpace(Space<O> innerSpace) {
    this.inner = innerSpace;
    if (innerSpace instanceof Box b) {
      return new Box(b.low(), b.high(), b.size());
    }
    return new Box(0f, 1f, innerSpace.flatDim());
  }

  @Override
  protected float[] observation(O obs) {
    if (inner == null) {
      spec();
    }
    return inner.flatten(obs);
  }
}
