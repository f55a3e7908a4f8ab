package dev.curio.envs.worlds.classic;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;

/**
 * The cart-pole balancing task of Barto, Sutton and Anderson (1983), with the equations of motion as
 * corrected by Florian (2007) and the constants, integration scheme and limits of OpenAI Gym's
 * {@code CartPole-v1} (and {@code CartPole-v0}).
 *
 * <p>A pole is hinged to a cart on a frictionless track. Action {@code 0} pushes the cart left with
 * 10 N, action {@code 1} pushes it right. Every step, including the one that ends the episode, gives
 * reward {@code +1}. The episode <b>terminates</b> when the pole leans more than 12 degrees from upright
 * or the cart leaves {@code [-2.4, 2.4]}; it is <b>truncated</b> after 500 steps ({@code v1}) or 200
 * steps ({@code v0}). Gym counts the task solved at a mean return of 475 ({@code v1}) or 195 ({@code v0}).
 *
 * <p>Observation: {@code float[4]} = {@code [x, xDot, theta, thetaDot]} (metres, m/s, radians from
 * upright, rad/s), in a {@link Box} of shape {@code [4]} with Gym's bounds: {@code x} in
 * {@code [-4.8, 4.8]}, {@code theta} in {@code [-24, 24]} degrees, the velocities in
 * {@code [-Float.MAX_VALUE, Float.MAX_VALUE]}. The dynamics run in double precision; observations are
 * rounded to float. Each component of the start state is uniform in {@code [-0.05, 0.05)}, drawn from the
 * episode's {@link dev.curio.core.Rng} (so the numbers differ from Gym's for the same seed).
 *
 * <p>One Euler step of length {@code tau}, in Gym's order (positions advance with the old velocities):
 * <pre>
 * temp     = (F + m_p l thetaDot^2 sin(theta)) / (m_c + m_p)
 * thetaAcc = (g sin(theta) - cos(theta) temp) / (l (4/3 - m_p cos^2(theta) / (m_c + m_p)))
 * xAcc     = temp - m_p l thetaAcc cos(theta) / (m_c + m_p)
 * x += tau xDot;  xDot += tau xAcc;  theta += tau thetaDot;  thetaDot += tau thetaAcc
 * </pre>
 * with {@code l} the half-length of the pole.
 */
public final class CartPole extends AbstractEnv<float[], Integer> {
  /** Gravity, m/s^2. */
  public static final double GRAVITY = 9.8;
  /** Mass of the cart, kg. */
  public static final double MASS_CART = 1.0;
  /** Mass of the pole, kg. */
  public static final double MASS_POLE = 0.1;
  /** Half the pole's length, m (Gym calls it {@code length}). */
  public static final double HALF_LENGTH = 0.5;
  /** Magnitude of the push, N. */
  public static final double FORCE_MAG = 10.0;
  /** Seconds between state updates. */
  public static final double TAU = 0.02;
  /** The pole falls past this angle from upright: 12 degrees, in radians. */
  public static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
  /** The cart leaves the track past this position, m. */
  public static final double X_THRESHOLD = 2.4;
  /** Step limit of {@code CartPole-v1}. */
  public static final int MAX_STEPS_V1 = 500;
  /** Step limit of {@code CartPole-v0}. */
  public static final int MAX_STEPS_V0 = 200;
  /** Mean return at which Gym counts {@code CartPole-v1} solved. */
  public static final double REWARD_THRESHOLD_V1 = 475.0;
  /** Mean return at which Gym counts {@code CartPole-v0} solved. */
  public static final double REWARD_THRESHOLD_V0 = 195.0;

  private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
  private static final double POLEMASS_LENGTH = MASS_POLE * HALF_LENGTH;

  private final EnvSpec<float[], Integer> spec;
  private double x;
  private double xDot;
  private double theta;
  private double thetaDot;
  private int steps;

  /** {@code CartPole-v1}: 500-step limit. */
  public CartPole() {
    this("CartPole-v1", MAX_STEPS_V1);
  }

  /** {@code CartPole-v0}: the same dynamics with a 200-step limit. */
  public static CartPole v0() {
    return new CartPole("CartPole-v0", MAX_STEPS_V0);
  }

  /**
   * A cart-pole under {@code id} truncated after {@code maxEpisodeSteps} steps ({@code 0}: never).
   */
  public CartPole(String id, int maxEpisodeSteps) {
    if (maxEpisodeSteps < 0) {
      throw new IllegalArgumentException("CartPole " + id + ": maxEpisodeSteps must be >= 0, got " + maxEpisodeSteps);
    }
    this.spec = new EnvSpec<>(id, observationSpace(), new Discrete(2), maxEpisodeSteps);
  }

  /** Gym's observation bounds: position +-4.8, angle +-24 degrees, velocities +-Float.MAX_VALUE. */
  static Box observationSpace() {
    float[] high = {
        (float) (X_THRESHOLD * 2), Float.MAX_VALUE, (float) (THETA_THRESHOLD * 2), Float.MAX_VALUE};
    float[] low = new float[4];
    for (int i = 0; i < 4; i++) {
      low[i] = -high[i];
    }
    return new Box(low, high, 4);
  }

  @Override
  public EnvSpec<float[], Integer> spec() {
    return spec;
  }

  @Override
  protected Reset<float[]> onReset() {
    x = uniformStart();
    xDot = uniformStart();
    theta = uniformStart();
    thetaDot = uniformStart();
    steps = 0;
    return new Reset<>(observation(), Info.empty());
  }

  private double uniformStart() {
    return -0.05 + 0.1 * rng.nextDouble();
  }

  @Override
  protected Step<float[]> onStep(Integer action) {
    double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double temp = (force + POLEMASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
    double thetaAcc = (GRAVITY * sin - cos * temp)
        / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
    double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
    x = x + TAU * xDot;
    xDot = xDot + TAU * xAcc;
    theta = theta + TAU * thetaDot;
    thetaDot = thetaDot + TAU * thetaAcc;
    steps++;
    boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
    boolean truncated = spec.maxEpisodeSteps() > 0 && steps >= spec.maxEpisodeSteps();
    return new Step<>(observation(), 1.0, terminated, truncated, Info.empty());
  }

  private float[] observation() {
    return new float[] {(float) x, (float) xDot, (float) theta, (float) thetaDot};
  }

  /**
   * Overwrites the state of the running episode (for tests and analysis); the step count is kept.
   *
   * @throws IllegalStateException if no episode is under way
   */
  public void setState(double x, double xDot, double theta, double thetaDot) {
    if (!running()) {
      throw new IllegalStateException("env " + spec.id() + ": setState() needs a running episode; call reset(seed) first");
    }
    this.x = x;
    this.xDot = xDot;
    this.theta = theta;
    this.thetaDot = thetaDot;
  }

  /** The exact (double) state {@code [x, xDot, theta, thetaDot]}, a copy. */
  public double[] state() {
    return new double[] {x, xDot, theta, thetaDot};
  }

  /** Steps taken in this episode. */
  public int elapsedSteps() {
    return steps;
  }

  /**
   * Three lines: the pole's lean above the cart, the cart on the track (from -2.4 to 2.4 m), and the
   * numbers.
   */
  @Override
  public String render() {
    final int width = 49;
    int col = (int) Math.round((x + X_THRESHOLD) / (2 * X_THRESHOLD) * (width - 1));
    col = Math.max(0, Math.min(width - 1, col));
    char[] pole = new char[width + 2];
    char[] track = new char[width + 2];
    java.util.Arrays.fill(pole, ' ');
    java.util.Arrays.fill(track, '-');
    track[0] = '|';
    track[width + 1] = '|';
    double degrees = Math.toDegrees(theta);
    // theta > 0 leans the pole to the right (towards +x).
    char lean = degrees > 2 ? '/' : degrees < -2 ? '\\' : '|';
    int top = col + 1 + (degrees > 6 ? 1 : degrees < -6 ? -1 : 0);
    pole[Math.max(0, Math.min(width + 1, top))] = lean;
    track[col + 1] = '#';
    return new String(pole).stripTrailing() + "\n" + new String(track) + "\n"
        + String.format(java.util.Locale.ROOT, "x=%+.3f xDot=%+.3f theta=%+.2fdeg thetaDot=%+.3f step=%d",
        x, xDot, degrees, thetaDot, steps);
  }
}
