package dev.curio.envs.worlds.classic;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import java.util.Arrays;
import java.util.Locale;

/**
 * The inverted-pendulum swing-up task with the constants, dynamics, cost and limits of OpenAI Gym
 * 0.21's {@code Pendulum-v1} ({@code gym/envs/classic_control/pendulum.py}).
 *
 * <p>A rigid rod of mass {@code m = 1} and length {@code l = 1} turns about a fixed pivot. {@code theta}
 * is its angle from upright (so {@code 0} is balanced on top and {@code pi} hangs down); the agent
 * applies a torque {@code u} at the pivot, limited to {@code [-2, 2]}, which is too weak to lift the rod
 * straight up from hanging: it has to swing up. The episode never <b>terminates</b>; it is
 * <b>truncated</b> after 200 steps, Gym's time limit for {@code Pendulum-v1}.
 *
 * <p>Observation: {@code float[3]} = {@code [cos theta, sin theta, thetaDot]} in a {@link Box} of shape
 * {@code [3]} with low {@code [-1, -1, -8]} and high {@code [1, 1, 8]}. The state itself is
 * {@code (theta, thetaDot)}; {@code theta} is never wrapped, only the cost normalises it.
 *
 * <p>Action: {@code float[1]}, the torque, in {@code Box(-2, 2)} of shape {@code [1]}. As in Gym, a
 * torque outside {@code [-2, 2]} (infinities included) is clipped into it, not refused; an action that
 * cannot be clipped (null, a length other than 1, NaN) is an {@link IllegalArgumentException} naming the
 * env and the value.
 *
 * <p>One step, in Gym 0.21's order, with {@code g = 10}, {@code dt = 0.05} and the state
 * {@code (theta, thetaDot)} from before the step:
 * <pre>
 * u            = clip(action, -2, 2)
 * cost         = angleNormalize(theta)^2 + 0.1 thetaDot^2 + 0.001 u^2
 * thetaDot'    = clip(thetaDot + (3 g / (2 l) sin(theta) + 3 / (m l^2) u) dt, -8, 8)
 * theta'       = theta + thetaDot' dt
 * reward       = -cost
 * angleNormalize(x) = ((x + pi) mod 2 pi) - pi, with a floored mod, in [-pi, pi)
 * </pre>
 * The angle advances with the <i>clipped</i> new speed, as 0.21 does. Gym's older
 * {@code Pendulum-v0} code advanced it with the unclipped speed and clipped afterwards (openai/gym issue
 * #2156); that order is not offered. The cost is taken on the state before the step.
 *
 * <p>Reward per step lies in {@code [-(pi^2 + 0.1 * 8^2 + 0.001 * 2^2), 0] = [-16.2736, 0]}: {@code 0}
 * exactly when the rod rests upright with no torque, {@code -pi^2} when it hangs down at rest with no
 * torque. Gym registers no reward threshold for {@code Pendulum-v1}, so "solved" is not defined. For
 * scale, rl-baselines3-zoo's benchmark table lists its tuned PPO (100k training steps, deterministic
 * evaluation, one run) at a mean return of -172 (std 104) over 750 episodes.
 *
 * <p>Start state: {@code theta} uniform in {@code [-pi, pi)} and {@code thetaDot} uniform in
 * {@code [-1, 1)}, drawn from the episode's {@link dev.curio.core.Rng}, so the numbers differ from Gym's
 * for the same seed. The dynamics run in double precision; observations are rounded to float.
 */
public final class Pendulum extends AbstractEnv<float[], float[]> {
  /** Gravity, m/s^2 (Gym's default {@code g}). */
  public static final double GRAVITY = 10.0;
  /** Mass of the rod, kg. */
  public static final double MASS = 1.0;
  /** Length of the rod, m. */
  public static final double LENGTH = 1.0;
  /** Seconds between state updates. */
  public static final double DT = 0.05;
  /** Largest angular speed, rad/s; the new speed is clipped to {@code [-8, 8]}. */
  public static final double MAX_SPEED = 8.0;
  /** Largest torque; actions are clipped to {@code [-2, 2]}. */
  public static final double MAX_TORQUE = 2.0;
  /** Weight of {@code thetaDot^2} in the cost. */
  public static final double SPEED_COST = 0.1;
  /** Weight of {@code u^2} in the cost. */
  public static final double TORQUE_COST = 0.001;
  /** Step limit of {@code Pendulum-v1}. */
  public static final int MAX_STEPS = 200;
  /** The lowest reward of one step, {@code -(pi^2 + 0.1 * 8^2 + 0.001 * 2^2)}, about -16.2736. */
  public static final double MIN_REWARD =
      -(Math.PI * Math.PI + SPEED_COST * (MAX_SPEED * MAX_SPEED) + TORQUE_COST * (MAX_TORQUE * MAX_TORQUE));

  private static final String ID = "Pendulum-v1";

  private final EnvSpec<float[], float[]> spec;
  private double theta;
  private double thetaDot;
  private int steps;

  /** {@code Pendulum-v1}: Gym 0.21's constants and its 200-step limit. */
  public Pendulum() {
    this.spec = new EnvSpec<>(ID, observationSpace(), new Box((float) -MAX_TORQUE, (float) MAX_TORQUE, 1), MAX_STEPS);
  }

  /** Gym's observation bounds: {@code [cos, sin, thetaDot]} in {@code [-1, 1] x [-1, 1] x [-8, 8]}. */
  static Box observationSpace() {
    float[] high = {1f, 1f, (float) MAX_SPEED};
    return new Box(new float[] {-high[0], -high[1], -high[2]}, high, 3);
  }

  @Override
  public EnvSpec<float[], float[]> spec() {
    return spec;
  }

  @Override
  protected Reset<float[]> onReset() {
    theta = -Math.PI + 2 * Math.PI * rng.nextDouble();
    thetaDot = -1.0 + 2.0 * rng.nextDouble();
    steps = 0;
    return new Reset<>(observation(), Info.empty());
  }

  /** Refuses only what cannot be clipped: null, a length other than 1, NaN. Torques beyond +-2 are clipped in {@link #onStep}. */
  @Override
  protected void validateAction(float[] action) {
    String clipped = "; pass a float[1] torque (values outside [-2.0, 2.0] are clipped to it)";
    if (action == null) {
      throw new IllegalArgumentException("env " + ID + ": action is null" + clipped);
    }
    if (action.length != 1) {
      String shown = action.length <= 8 ? Arrays.toString(action) : "float[" + action.length + "]";
      throw new IllegalArgumentException("env " + ID + ": action " + shown + " has " + action.length
          + " elements" + clipped);
    }
    if (Float.isNaN(action[0])) {
      throw new IllegalArgumentException("env " + ID + ": action " + Arrays.toString(action)
          + " is not a number" + clipped);
    }
  }

  @Override
  protected Step<float[]> onStep(float[] action) {
    double u = clip(action[0], -MAX_TORQUE, MAX_TORQUE);
    double cost = cost(theta, thetaDot, u);
    // Gym 0.21's order: the new speed is clipped before the angle advances with it.
    double newThetaDot = thetaDot
        + (3 * GRAVITY / (2 * LENGTH) * Math.sin(theta) + 3.0 / (MASS * LENGTH * LENGTH) * u) * DT;
    newThetaDot = clip(newThetaDot, -MAX_SPEED, MAX_SPEED);
    theta = theta + newThetaDot * DT;
    thetaDot = newThetaDot;
    steps++;
    boolean truncated = steps >= MAX_STEPS;
    // 0.0 - cost rather than -cost, so resting upright pays +0.0, not -0.0
    return new Step<>(observation(), 0.0 - cost, false, truncated, Info.empty());
  }

  /** Gym's cost of one step: {@code angleNormalize(theta)^2 + 0.1 thetaDot^2 + 0.001 u^2}, {@code u} already clipped. */
  static double cost(double theta, double thetaDot, double u) {
    double a = angleNormalize(theta);
    return a * a + SPEED_COST * (thetaDot * thetaDot) + TORQUE_COST * (u * u);
  }

  /**
   * {@code ((x + pi) mod 2 pi) - pi} with the mod floored as Python's and NumPy's are (the result takes
   * the sign of {@code 2 pi}), so the value is in {@code [-pi, pi)}: {@code pi} maps to {@code -pi}.
   */
  static double angleNormalize(double x) {
    double twoPi = 2 * Math.PI;
    double r = (x + Math.PI) % twoPi;
    if (r < 0) {
      r += twoPi;
    }
    return r - Math.PI;
  }

  private static double clip(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private float[] observation() {
    return new float[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot};
  }

  /**
   * Overwrites the state of the running episode (for tests and analysis); the step count is kept.
   *
   * @throws IllegalStateException if no episode is under way
   * @throws IllegalArgumentException if {@code theta} is not finite or {@code thetaDot} is outside
   *     {@code [-8, 8]} (the observation would leave its box)
   */
  public void setState(double theta, double thetaDot) {
    if (!running()) {
      throw new IllegalStateException("env " + ID + ": setState() needs a running episode; call reset(seed) first");
    }
    if (!Double.isFinite(theta) || !(Math.abs(thetaDot) <= MAX_SPEED)) {
      throw new IllegalArgumentException("env " + ID + ": setState needs a finite theta and thetaDot in [-8, 8], got theta "
          + theta + ", thetaDot " + thetaDot);
    }
    this.theta = theta;
    this.thetaDot = thetaDot;
  }

  /** The exact (double) state {@code [theta, thetaDot]}, a copy; {@code theta} is not wrapped. */
  public double[] state() {
    return new double[] {theta, thetaDot};
  }

  /** Steps taken in this episode. */
  public int elapsedSteps() {
    return steps;
  }

  /** One line: the angle from upright in degrees (in [-180, 180)), the speed and the step. */
  @Override
  public String render() {
    return String.format(Locale.ROOT, "theta=%+.1fdeg from upright thetaDot=%+.3f step=%d",
        Math.toDegrees(angleNormalize(theta)), thetaDot, steps);
  }
}
