package dev.curio.envs.wrappers;

import dev.curio.core.space.Box;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;

/**
 * Maps every observation element whose {@link Box} bounds are both finite linearly from
 * {@code [low, high]} onto {@code [-1, 1]}; elements with an unbounded side pass unchanged: an infinite
 * bound, or the float maximum, Gym's way of writing "unbounded" (CartPole's speeds). Stateless: the map comes from the space alone, so the same observation always gives the
 * same output (nothing to save for a resume, unlike running statistics).
 *
 * <p>What it is for: a network's first layer sees inputs of similar size. {@code MountainCarContinuous-v0}
 * reports its velocity in {@code [-0.07, 0.07]} beside a position in {@code [-1.2, 0.6]}; from the raw
 * numbers a freshly initialised policy hardly sees the velocity, which is what decides where to push.
 *
 * <p>The new space is a {@code Box} of the same shape with bounds {@code [-1, 1]} for the mapped
 * elements and the old bounds for the others. The map is {@code y = 2 (x - low) / (high - low) - 1} in
 * double precision, rounded to float (not clamped: a value outside its bounds stays outside, for
 * the space check to report); an element with {@code low == high} maps to 0. Rewards, ends and
 * infos pass through.
 */
public final class ScaleObservation<A> extends ObservationWrapper<float[], A, float[]> {
  private double[] low;
  private double[] width;
  private boolean[] mapped;

  public ScaleObservation(Env<float[], A> env) {
    super(env);
    spec();
  }

  @Override
  protected Space<float[]> observationSpace(Space<float[]> inner) {
    if (!(inner instanceof Box box)) {
      throw new IllegalArgumentException("scaling observations needs a Box observation space; env "
          + env.spec().id() + " has " + inner);
    }
    float[] lo = box.low();
    float[] hi = box.high();
    int n = lo.length;
    low = new double[n];
    width = new double[n];
    mapped = new boolean[n];
    float[] newLo = lo.clone();
    float[] newHi = hi.clone();
    for (int i = 0; i < n; i++) {
      if (bounded(lo[i]) && bounded(hi[i])) {
        mapped[i] = true;
        low[i] = lo[i];
        width[i] = (double) hi[i] - lo[i];
        newLo[i] = -1f;
        newHi[i] = 1f;
      }
    }
    return new Box(newLo, newHi, box.shape());
  }

  @Override
  protected float[] observation(float[] x) {
    float[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      if (mapped[i]) {
        // not clamped: a value outside the inner bounds lands outside [-1, 1], where the space check finds it
        y[i] = width[i] == 0 ? 0f : (float) (2 * (x[i] - low[i]) / width[i] - 1);
      }
    }
    return y;
  }

  private static boolean bounded(float v) {
    return Float.isFinite(v) && Math.abs(v) != Float.MAX_VALUE;
  }

  /** Whether any element has finite bounds on both sides (else the wrapper changes nothing). */
  public boolean scalesAnything() {
    for (boolean m : mapped) {
      if (m) {
        return true;
      }
    }
    return false;
  }
}
