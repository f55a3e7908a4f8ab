package dev.curio.envs.worlds.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.space.Box;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;

/**
 * Golden values are gym 0.21's own output: {@code gym.make("MountainCarContinuous-v0").unwrapped}
 * from the Maven jar {@code org.bytedeco:gym:0.21.0-1.5.7}, under the jar's CPython 3.10 and NumPy
 * 1.22.2 ({@code org.bytedeco:numpy:1.22.2-1.5.7}), with {@code env.state} set to a float64 array
 * (as {@code reset} leaves it) and each throttle passed as a float32 array. Observations and rewards
 * are compared exactly.
 */
class MountainCarContinuousTest {
  @Test
  void passesTheContractSuite() {
    EnvChecker.check(MountainCarContinuous::new).assertPassed();
  }

  @Test
  void isRegisteredWithGymsLimits() {
    MountainCarContinuous env = assertInstanceOf(MountainCarContinuous.class,
        EnvRegistry.make("MountainCarContinuous-v0"));
    assertEquals("MountainCarContinuous-v0", env.spec().id());
    assertEquals(999, env.spec().maxEpisodeSteps());
    Box obs = (Box) env.spec().observationSpace();
    assertArrayEquals(new float[] {-1.2f, -0.07f}, obs.low());
    assertArrayEquals(new float[] {0.6f, 0.07f}, obs.high());
    Box act = (Box) env.spec().actionSpace();
    assertArrayEquals(new int[] {1}, act.shape());
    assertArrayEquals(new float[] {-1f}, act.low());
    assertArrayEquals(new float[] {1f}, act.high());
    assertEquals(90.0, MountainCarContinuous.REWARD_THRESHOLD);
    assertTrue(EnvRegistry.find("MountainCarContinuous-v0").orElseThrow().description().contains("999-step limit"));
  }

  /** Throttles in and out of [-1, 1]: the force is clipped, the cost is not. */
  @Test
  void eightStepsMatchGym021() {
    float[] throttle = {1.0f, 0.3f, -0.7f, 2.5f, -3.0f, 0.0f, 1.0f, 1.0f};
    float[][] obs = {
        {-0.5219577550888062f, 0.0014989344635978341f},
        {-0.5200211405754089f, 0.0019366268534213305f},
        {-0.5191613435745239f, 0.0008597951382398605f},
        {-0.5168348550796509f, 0.002326515270397067f},
        {-0.5160590410232544f, 0.0007757893763482571f},
        {-0.5153397917747498f, 0.0007192461634986103f},
        {-0.5131824612617493f, 0.0021573100239038467f},
        {-0.5096032619476318f, 0.00357920047827065f}};
    double[] reward = {-0.1, -0.009000000715255752, -0.048999998331069966, -0.625, -0.9, 0.0, -0.1, -0.1};
    MountainCarContinuous env = at(-0.5234567, 0.0);
    for (int t = 0; t < throttle.length; t++) {
      Step<float[]> s = env.step(new float[] {throttle[t]});
      assertArrayEquals(obs[t], s.observation(), "observation after step " + (t + 1));
      assertEquals(reward[t], s.reward(), "reward of step " + (t + 1));
      assertFalse(s.done());
    }
  }

  /** At the left wall the position is held at -1.2 and a leftward speed is set to 0. */
  @Test
  void theLeftWallStopsTheCar() {
    MountainCarContinuous env = at(-1.19, -0.05);
    float[][] obs = {
        {-1.2000000476837158f, 0f}, {-1.1992582082748413f, 0.0007418958703055978f},
        {-1.1955219507217407f, 0.0037362482398748398f}};
    double[] reward = {-0.1, -0.1, -0.025};
    float[] throttle = {-1f, -1f, 0.5f};
    for (int t = 0; t < 3; t++) {
      Step<float[]> s = env.step(new float[] {throttle[t]});
      assertArrayEquals(obs[t], s.observation(), "observation after step " + (t + 1));
      assertEquals(reward[t], s.reward());
    }
  }

  @Test
  void theFlagPaysAHundredLessTheThrottlesCostAndEnds() {
    Step<float[]> s = at(0.44, 0.02).step(new float[] {0.5f});
    assertArrayEquals(new float[] {0.4601295590400696f, 0.02012956142425537f}, s.observation());
    assertEquals(99.975, s.reward());
    assertTrue(s.terminated());
    assertFalse(s.truncated());
    Step<float[]> fast = at(0.0, 0.0699).step(new float[] {1f});
    assertArrayEquals(new float[] {0.06889999657869339f, 0.06889999657869339f}, fast.observation());
  }

  /** 300 steps of {@code float32(1.5 sin(0.37 t))}: the float32 state keeps step with Gym's throughout. */
  @Test
  void threeHundredStepsMatchGym021() {
    MountainCarContinuous env = at(-0.5234567, 0.0);
    double total = 0;
    float[][] obs = {
        {-0.47238340973854065f, -0.00648699514567852f},
        {-0.5706992745399475f, -0.00010877000022446737f},
        {-0.4686594605445862f, 0.00683526461943984f}};
    double[] totals = {-11.346280300980984, -22.439884211682745, -33.53989210376482};
    for (int t = 0; t < 300; t++) {
      Step<float[]> s = env.step(new float[] {(float) (Math.sin(0.37 * t) * 1.5)});
      total += s.reward();
      assertFalse(s.done(), "step " + (t + 1));
      if ((t + 1) % 100 == 0) {
        assertArrayEquals(obs[t / 100], s.observation(), "observation after step " + (t + 1));
        assertEquals(totals[t / 100], total, 1e-9, "return after step " + (t + 1));
      }
    }
  }

  /** Full throttle in the direction of motion from -0.5 reaches the flag on step 106 with a return of 89.4. */
  @Test
  void rockingReachesTheFlagAsInGym() {
    MountainCarContinuous env = at(-0.5, 0.0);
    double total = 0;
    for (int t = 1; t <= 999; t++) {
      Step<float[]> s = env.step(new float[] {env.state()[1] >= 0 ? 1f : -1f});
      total += s.reward();
      if (s.done()) {
        assertTrue(s.terminated());
        assertEquals(106, t);
        assertArrayEquals(new float[] {0.5020867586135864f, 0.0640476867556572f}, s.observation());
        assertEquals(89.40000000000003, total, 1e-9);
        return;
      }
    }
    throw new AssertionError("never reached the flag");
  }

  @Test
  void standingStillIsTruncatedAfter999Steps() {
    MountainCarContinuous env = new MountainCarContinuous();
    for (long seed = 0; seed < 3; seed++) {
      float[] start = env.reset(seed).observation();
      assertTrue(start[0] >= -0.6f && start[0] < -0.4f, "start " + start[0]);
      assertEquals(0f, start[1]);
      for (int t = 1; t <= 999; t++) {
        Step<float[]> s = env.step(new float[] {0f});
        assertFalse(s.terminated());
        assertEquals(t == 999, s.truncated(), "step " + t);
        assertEquals(0.0, s.reward());
      }
    }
  }

  @Test
  void unusableThrottlesAreOneLineErrors() {
    MountainCarContinuous env = new MountainCarContinuous();
    env.reset(1);
    String hint = "; pass a float[1] throttle (the force clips it to [-1.0, 1.0], the cost is 0.1 a^2)";
    assertEquals("env MountainCarContinuous-v0: action [NaN] is not finite" + hint,
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {Float.NaN})).getMessage());
    assertEquals("env MountainCarContinuous-v0: action [Infinity] is not finite" + hint,
        assertThrows(IllegalArgumentException.class,
            () -> env.step(new float[] {Float.POSITIVE_INFINITY})).getMessage());
    assertEquals("env MountainCarContinuous-v0: action [1.0, 2.0] has 2 elements" + hint,
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {1f, 2f})).getMessage());
    assertEquals("env MountainCarContinuous-v0: action is null" + hint,
        assertThrows(IllegalArgumentException.class, () -> env.step(null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> env.setState(0.7, 0.0));
    assertThrows(IllegalArgumentException.class, () -> env.setState(0.0, 0.08));
    assertThrows(IllegalStateException.class, () -> new MountainCarContinuous().setState(0.0, 0.0));
  }

  private static MountainCarContinuous at(double position, double velocity) {
    MountainCarContinuous env = new MountainCarContinuous();
    env.reset(0);
    env.setState(position, velocity);
    return env;
  }
}
