package dev.curio.envs.worlds.classic;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;

/**
 * The cart-pole balancing task (Barto, Sutton and Anderson 1983) with gym's CartPole constants and
 * update order: semi-implicit terms from Florian (2007), explicit Euler integration with
 * {@code tau = 0.02}, gravity 9.8, cart mass 1.0, pole mass 0.1, half-pole length 0.5, force 10.
 *
 * <p>Observation {@code [4]}: cart position, cart velocity, pole angle (radians), pole angular
 * velocity; bounds x in +-4.8, angle in +-24 degrees, velocities unbounded. Actions: 0 pushes left,
 * 1 pushes right. Reward 1 for every step, the terminating one included. The episode terminates when
 * |x| > 2.4 or |angle| > 12 degrees and is truncated after {@code maxSteps} (500 for CartPole-v1, 200
 * for v0). The start state is uniform in +-0.05 per component. Dynamics run in double precision.
 */
public final class CartPole extends AbstractEnv<float[], Integer> {
  static final double GRAVITY = 9.8;
  static final double MASS_CART = 1.0;
  static final double MASS_POLE = 0.1;
  static final double TOTAL_MASS = MASS_CART + MASS_POLE;
  static final double HALF_LENGTH = 0.5;
  static final double POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;
  static final double FORCE = 10.0;
  static final double TAU = 0.02;
  static final double THETA_LIMIT = 12 * 2 * Math.PI / 360;
  static final double X_LIMIT = 2.4;

  private final EnvSpec<float[], Integer> spec;
  private final int maxSteps;
  private final double[] state = new double[4];
  private int t;

  /** CartPole-v1: 500 steps. */
  public CartPole() {
    this("CartPole-v1", 500);
  }

  public CartPole(String id, int maxSteps) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("CartPole " + id + ": maxSteps must be >= 1, got " + maxSteps);
    }
    this.maxSteps = maxSteps;
    float inf = Float.POSITIVE_INFINITY;
    float[] high = {(float) (X_LIMIT * 2), inf, (float) (THETA_LIMIT * 2), inf};
    float[] low = {-high[0], -inf, -high[2], -inf};
    this.spec = new EnvSpec<>(id, new Box(low, high, 4), new Discrete(2), maxSteps);
  }

  /** CartPole-v0: the same task with a 200-step limit (solved at a mean of 195). */
  public static CartPole v0() {
    return new CartPole("CartPole-v0", 200);
  }

  @Override
  public EnvSpec<float[], Integer> spec() {
    return spec;
  }

  @Override
  protected Reset<float[]> onReset() {
    for (int i = 0; i < 4; i++) {
      state[i] = rng.nextDouble() * 0.1 - 0.05;
    }
    t = 0;
    return Reset.of(observe());
  }

  @Override
  protected Step<float[]> onStep(Integer action) {
    advance(state, action);
    t++;
    boolean terminated = state[0] < -X_LIMIT || state[0] > X_LIMIT || state[2] < -THETA_LIMIT || state[2] > THETA_LIMIT;
    return new Step<>(observe(), 1.0, terminated, !terminated && t >= maxSteps, Info.empty());
  }

  /** One Euler step of the dynamics, in place on {@code s = (x, x_dot, theta, theta_dot)}. */
  static void advance(double[] s, int action) {
    double force = action == 1 ? FORCE : -FORCE;
    double cos = Math.cos(s[2]);
    double sin = Math.sin(s[2]);
    double temp = (force + POLE_MASS_LENGTH * s[3] * s[3] * sin) / TOTAL_MASS;
    double thetaAcc = (GRAVITY * sin - cos * temp)
        / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
    double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
    s[0] += TAU * s[1];
    s[1] += TAU * xAcc;
    s[2] += TAU * s[3];
    s[3] += TAU * thetaAcc;
  }

  /** Sets the physical state (for tests and demonstrations); the step count is kept. */
  void setState(double x, double xDot, double theta, double thetaDot) {
    state[0] = x;
    state[1] = xDot;
    state[2] = theta;
    state[3] = thetaDot;
  }

  private float[] observe() {
    return new float[] {(float) state[0], (float) state[1], (float) state[2], (float) state[3]};
  }

  @Override
  public String render() {
    int width = 41;
    int cart = (int) Math.round((state[0] + 2.4) / 4.8 * (width - 1));
    cart = Math.max(0, Math.min(width - 1, cart));
    StringBuilder sb = new StringBuilder();
    int tip = cart + (int) Math.round(Math.sin(state[2]) * 6);
    sb.append(" ".repeat(Math.max(0, Math.min(width - 1, tip)))).append("o\n");
    sb.append(" ".repeat(cart)).append("|\n");
    sb.append(" ".repeat(Math.max(0, cart - 1))).append("[=]\n");
    sb.append("-".repeat(width)).append('\n');
    sb.append(String.format("x=%.3f theta=%.1f deg, step %d", state[0], Math.toDegrees(state[2]), t));
    return sb.toString();
  }
}
