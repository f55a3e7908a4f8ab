package dev.curio.envs.wrappers;

import dev.curio.core.space.Box;
import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import java.util.Objects;

/**
 * Stacks the last {@code k} observations of a {@code Box} env: shape {@code S} becomes
 * {@code [k, ...S]}, oldest frame first. After a reset every slot holds the first observation.
 */
public final class FrameStack<A> implements Env<float[], A>, Wrapping {
  private final Env<float[], A> env;
  private final int k;
  private final int frame;
  private final EnvSpec<float[], A> spec;
  private float[] stacked;

  public FrameStack(Env<float[], A> env, int k) {
    this.env = Objects.requireNonNull(env, "env");
    if (k < 1) {
      throw new IllegalArgumentException("FrameStack on " + env.spec().id() + ": k must be >= 1, got " + k);
    }
    if (!(env.spec().observationSpace() instanceof Box b)) {
      throw new IllegalArgumentException("FrameStack on " + env.spec().id() + " needs a Box observation space, got "
          + env.spec().observationSpace());
    }
    this.k = k;
    this.frame = b.size();
    int[] shape = b.shape();
    int[] out = new int[shape.length + 1];
    out[0] = k;
    System.arraycopy(shape, 0, out, 1, shape.length);
    float[] lo = new float[k * frame];
    float[] hi = new float[k * frame];
    for (int i = 0; i < k; i++) {
      System.arraycopy(b.low(), 0, lo, i * frame, frame);
      System.arraycopy(b.high(), 0, hi, i * frame, frame);
    }
    this.spec = env.spec().withObservationSpace(new Box(lo, hi, out));
  }

  @Override
  public Env<float[], A> inner() {
    return env;
  }

  @Override
  public EnvSpec<float[], A> spec() {
    return spec;
  }

  @Override
  public Reset<float[]> reset(long seed) {
    Reset<float[]> r = env.reset(seed);
    stacked = new float[k * frame];
    for (int i = 0; i < k; i++) {
      System.arraycopy(r.observation(), 0, stacked, i * frame, frame);
    }
    return new Reset<>(stacked.clone(), r.info());
  }

  @Override
  public Step<float[]> step(A action) {
    if (stacked == null) {
      throw new IllegalStateException("env " + spec.id() + ": step() before reset(); call reset(seed) first");
    }
    Step<float[]> s = env.step(action);
    float[] next = new float[k * frame];
    System.arraycopy(stacked, frame, next, 0, (k - 1) * frame);
    System.arraycopy(s.observation(), 0, next, (k - 1) * frame, frame);
    stacked = next;
    return s.withObservation(next.clone());
  }

  @Override
  public String render() {
    return env.render();
  }

  @Override
  public void close() {
    env.close();
  }
}
