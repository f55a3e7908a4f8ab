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
 * The mountain car with a continuous throttle, with the constants, dynamics, reward and limits of
 * OpenAI Gym 0.21's {@code MountainCarContinuous-v0}
 * ({@code gym/envs/classic_control/continuous_mountain_car.py}; the task of Moore 1990, as in Sutton
 * and Barto's {@code MountainCar}).
 *
 * <p>A car sits in a valley between two hills, its position in {@code [-1.2, 0.6]}; the flag is at
 * {@code 0.45} on the right-hand hill. Its engine is too weak to climb straight up: it has to rock back
 * and forth to build speed. Reaching the flag pays {@code 100}; every step costs {@code 0.1 a^2} for
 * the throttle {@code a}. So an agent that has never reached the flag does best by not moving, and plain
 * policy-gradient methods tend to learn exactly that: a sparse-reward exploration problem in a
 * continuous action space. Gym counts it solved at a mean return of {@code 90}
 * ({@link #REWARD_THRESHOLD}).
 *
 * <p>Observation: {@code float[2]} = {@code [position, velocity]} in a {@link Box} with low
 * {@code [-1.2, -0.07]} and high {@code [0.6, 0.07]}.
 *
 * <p>Action: {@code float[1]}, the throttle, in {@code Box(-1, 1)} of shape {@code [1]}. As in Gym, the
 * force is the throttle clipped into {@code [-1, 1]}, but the cost is taken on the throttle as given
 * (a throttle of 2 costs 0.4 and pushes as 1 does). An action that cannot be used (null, a length other
 * than 1, NaN or an infinity, whose cost would be infinite) is an {@link IllegalArgumentException}
 * naming the env and the value.
 *
 * <p>One step, in Gym 0.21's order, from the state {@code (x, v)}:
 * <pre>
 * force  = clip(a, -1, 1)
 * v'     = clip(v + 0.0015 force - 0.0025 cos(3 x), -0.07, 0.07)
 * x'     = clip(x + v', -1.2, 0.6);  v' = 0 if x' = -1.2 and v' &lt; 0   (the left wall stops the car)
 * done   = x' &gt;= 0.45 and v' &gt;= 0
 * reward = (done ? 100 : 0) - 0.1 a^2
 * </pre>
 * The arithmetic is double precision and the new state is then stored in float precision, as Gym
 * stores it in a float32 array; the start state stays in double precision until the first step, as
 * Gym's {@code reset} leaves a float64 array. So from the same state and throttles this class gives
 * Gym's observations and rewards bit for bit (the tests check it against values printed by gym 0.21
 * under NumPy 1.22).
 *
 * <p>An episode <b>terminates</b> at the flag and is <b>truncated</b> after 999 steps, Gym's limit for
 * this id. Start state: position uniform in {@code [-0.6, -0.4)}, velocity 0, drawn from the episode's
 * {@link dev.curio.core.Rng}, so the numbers differ from Gym's for the same seed.
 */
public final class MountainCarContinuous extends AbstractEnv<float[], float[]> {
  /** Left end of the track. */
  public static final double MIN_POSITION = -1.2;
  /** Right end of the track. */
  public static final double MAX_POSITION = 0.6;
  /** Largest speed either way; the new speed is clipped to {@code [-0.07, 0.07]}. */
  public static final double MAX_SPEED = 0.07;
  /** The flag: an episode ends when the car reaches it moving right (or standing). */
  public static final double GOAL_POSITION = 0.45;
  /** The force of a full throttle. */
  public static final double POWER = 0.0015;
  /** The pull of the hill, {@code 0.0025 cos(3 x)}. */
  public static final double GRAVITY = 0.0025;
  /** Reward for reaching the flag. */
  public static final double GOAL_REWARD = 100.0;
  /** Weight of {@code a^2} in the cost of a step. */
  public static final double ACTION_COST = 0.1;
  /** Step limit of {@code MountainCarContinuous-v0}. */
  public static final int MAX_STEPS = 999;
  /** The mean return at which Gym counts the task solved. */
  public static final double REWARD_THRESHOLD = 90.0;

  private static final String ID = "MountainCarContinuous-v0";

  private final EnvSpec<float[], float[]> spec;
  private double position;
  private double velocity;
  private int steps;

  /** {@code MountainCarContinuous-v0}: Gym 0.21's constants and its 999-step limit. */
  public MountainCarContinuous() {
    Box obs = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
        new float[] {(float) MAX_POSITION, (float) MAX_SPEED}, 2);
    this.spec = new EnvSpec<>(ID, obs, new Box(-1f, 1f, 1), MAX_STEPS);
  }

  @Override
  public EnvSpec<float[], float[]> spec() {
    return spec;
  }

  @Override
  protected Reset<float[]> onReset() {
    position = -0.6 + 0.2 * rng.nextDouble();
    velocity = 0.0;
    steps = 0;
    return new Reset<>(observation(), Info.empty());
  }

  /** Refuses what has no finite cost: null, a length other than 1, NaN, infinities. Other values are clipped for the force. */
  @Override
  protected void validateAction(float[] action) {
    String hint = "; pass a float[1] throttle (the force clips it to [-1.0, 1.0], the cost is 0.1 a^2)";
    if (action == null) {
      throw new IllegalArgumentException("env " + ID + ": action is null" + hint);
    }
    if (action.length != 1) {
      String shown = action.length <= 8 ? Arrays.toString(action) : "float[" + action.length + "]";
      throw new IllegalArgumentException("env " + ID + ": action " + shown + " has " + action.length
          + " elements" + hint);
    }
    if (!Float.isFinite(action[0])) {
      throw new IllegalArgumentException("env " + ID + ": action " + Arrays.toString(action) + " is not finite"
          + hint);
    }
  }

  @Override
  protected Step<float[]> onStep(float[] action) {
    double a = action[0];
    double force = Math.min(Math.max(a, -1.0), 1.0);
    double v = velocity + (force * POWER - GRAVITY * Math.cos(3 * position)); // Gym's grouping
    v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
    double x = position + v;
    x = Math.min(Math.max(x, MIN_POSITION), MAX_POSITION);
    if (x == MIN_POSITION && v < 0) {
      v = 0.0;
    }
    boolean done = x >= GOAL_POSITION && v >= 0;
    double reward = (done ? GOAL_REWARD : 0.0) - a * a * ACTION_COST;
    // Gym keeps the state in a float32 array
    position = (float) x;
    velocity = (float) v;
    steps++;
    return new Step<>(observation(), reward, done, !done && steps >= MAX_STEPS, Info.empty());
  }

  private float[] observation() {
    return new float[] {(float) position, (float) velocity};
  }

  /**
   * Overwrites the state of the running episode (for tests and analysis), in double precision as
   * Gym's {@code reset} leaves it; the step count is kept.
   *
   * @throws IllegalStateException if no episode is under way
   * @throws IllegalArgumentException if the position is outside {@code [-1.2, 0.6]} or the velocity
   *     outside {@code [-0.07, 0.07]} (the observation would leave its box)
   */
  public void setState(double position, double velocity) {
    if (!running()) {
      throw new IllegalStateException("env " + ID + ": setState() needs a running episode; call reset(seed) first");
    }
    if (!(position >= MIN_POSITION && position <= MAX_POSITION) || !(Math.abs(velocity) <= MAX_SPEED)) {
      throw new IllegalArgumentException("env " + ID + ": setState needs a position in [-1.2, 0.6] and a velocity in"
          + " [-0.07, 0.07], got position " + position + ", velocity " + velocity);
    }
    this.position = position;
    this.velocity = velocity;
  }

  /** The state {@code [position, velocity]}, a copy. */
  public double[] state() {
    return new double[] {position, velocity};
  }

  /** Steps taken in this episode. */
  public int elapsedSteps() {
    return steps;
  }

  /** One line: position, velocity and step. */
  @Override
  public String render() {
    return String.format(Locale.ROOT, "position=%+.4f (flag at 0.45) velocity=%+.5f step=%d", position, velocity,
        steps);
  }
}
