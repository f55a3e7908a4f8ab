package dev.curio.envs.worlds.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.wrappers.StickyActions;
import org.junit.jupiter.api.Test;

/**
 * Golden values come from gym 0.21's own {@code PendulumEnv.step} (the {@code pendulum.py} inside the
 * Maven jar {@code org.bytedeco:gym:0.21.0-1.5.7}), run under python3 with NumPy from a set
 * {@code env.state}, with each torque passed as a float64 array holding the float32 value (so every
 * product is float64, as under the NumPy 1.x that gym 0.21 ran with).
 */
class PendulumTest {
  @Test
  void passesTheContractSuite() {
    EnvChecker.check(Pendulum::new).assertPassed();
  }

  @Test
  void isRegisteredAsPendulumV1() {
    assertInstanceOf(Pendulum.class, EnvRegistry.make("Pendulum-v1"));
    assertTrue(EnvRegistry.find("Pendulum-v1").orElseThrow().description().contains("200-step limit"));
  }

  @Test
  void constantsAreGyms() {
    assertEquals(10.0, Pendulum.GRAVITY);
    assertEquals(1.0, Pendulum.MASS);
    assertEquals(1.0, Pendulum.LENGTH);
    assertEquals(0.05, Pendulum.DT);
    assertEquals(8.0, Pendulum.MAX_SPEED);
    assertEquals(2.0, Pendulum.MAX_TORQUE);
    assertEquals(200, Pendulum.MAX_STEPS);
    // pi^2 + 0.1 * 64 + 0.001 * 4, as python3 prints it
    assertEquals(-16.27360440108936, Pendulum.MIN_REWARD, 1e-14);
  }

  @Test
  void spacesHaveGymsBounds() {
    Pendulum env = new Pendulum();
    assertEquals("Pendulum-v1", env.spec().id());
    assertEquals(200, env.spec().maxEpisodeSteps());
    Box obs = (Box) env.spec().observationSpace();
    assertArrayEquals(new int[] {3}, obs.shape());
    assertArrayEquals(new float[] {-1f, -1f, -8f}, obs.low());
    assertArrayEquals(new float[] {1f, 1f, 8f}, obs.high());
    Box act = (Box) env.spec().actionSpace();
    assertArrayEquals(new int[] {1}, act.shape());
    assertArrayEquals(new float[] {-2f}, act.low());
    assertArrayEquals(new float[] {2f}, act.high());
  }

  /**
   * From (theta, thetaDot) = (0.3, -0.4) with torques 0.7f, -1.25 and 5 (clipped to 2). Step 1 by hand,
   * with u = 0.7f = 0.699999988079071:
   * <pre>
   * cost       = 0.3^2 + 0.1 (-0.4)^2 + 0.001 u^2        = 0.09 + 0.016 + 0.00049 = 0.10649
   * thetaDot'  = -0.4 + (15 sin 0.3 + 3 u) 0.05           = -0.0733598467921347
   * theta'     = 0.3 + 0.05 thetaDot'                     = 0.29633200766039325
   * </pre>
   * Steps 2 and 3 apply the same formulas; all values are gym 0.21's output.
   */
  @Test
  void threeStepsMatchGym021() {
    Pendulum env = new Pendulum();
    env.reset(0);
    env.setState(0.3, -0.4);
    float[][] actions = {{0.7f}, {-1.25f}, {5f}};
    double[][] state = {
        {0.29633200766039325, -0.0733598467921347},
        {0.29423954255608975, -0.041849302086069406},
        {0.3180225334073683, 0.4756598170255715}};
    double[] reward = {-0.1064899999833106, -0.0899133254761759, -0.09075204481212619};
    float[][] obs = {
        {0.95641404f, 0.29201406f, -0.07335985f},
        {0.95702296f, 0.29001215f, -0.0418493f},
        {0.9498556f, 0.31268886f, 0.47565982f}};
    for (int t = 0; t < 3; t++) {
      Step<float[]> s = env.step(actions[t]);
      assertArrayEquals(state[t], env.state(), 1e-14, "state after step " + (t + 1));
      assertEquals(reward[t], s.reward(), 1e-14, "reward of step " + (t + 1));
      assertArrayEquals(obs[t], s.observation(), 1e-7f, "observation after step " + (t + 1));
      assertFalse(s.done());
    }
  }

  /**
   * From (-4.0, 7.5) with torque 2: thetaDot' = 7.5 + (15 sin(-4) + 6) 0.05 = 8.3676 is clipped to 8, and
   * theta' = -4 + 0.05 * 8 = -3.6. Advancing with the unclipped speed (the older v0 order) would give
   * -3.581619906425953. The cost uses angleNormalize(-4) = 2.2831853071795862:
   * 2.28318...^2 + 0.1 * 7.5^2 + 0.001 * 2^2 = 10.841935146920742.
   */
  @Test
  void angleAdvancesWithTheClippedSpeed() {
    Pendulum env = new Pendulum();
    env.reset(0);
    env.setState(-4.0, 7.5);
    float[][] actions = {{2f}, {2f}, {-0.3f}};
    double[][] state = {{-3.6, 8.0}, {-3.2, 8.0}, {-2.8000609697108727, 7.998780605782546}};
    double[] reward = {-10.841935146920742, -13.603483392664414, -15.90612163841523};
    float[][] obs = {
        {-0.89675844f, 0.44252044f, 8.0f},
        {-0.9982948f, 0.058374144f, 8.0f},
        {-0.94224274f, -0.3349307f, 7.9987807f}};
    for (int t = 0; t < 3; t++) {
      Step<float[]> s = env.step(actions[t]);
      assertArrayEquals(state[t], env.state(), 1e-14, "state after step " + (t + 1));
      assertEquals(reward[t], s.reward(), 1e-14, "reward of step " + (t + 1));
      assertArrayEquals(obs[t], s.observation(), 1e-7f, "observation after step " + (t + 1));
    }
  }

  @Test
  void angleNormalizeIsFlooredLikeNumpy() {
    // ((x + pi) % (2 pi)) - pi in python3
    assertEquals(2.2831853071795862, Pendulum.angleNormalize(-4.0), 1e-15);
    assertEquals(-2.2831853071795862, Pendulum.angleNormalize(4.0), 1e-15);
    assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI));
    assertEquals(0.0, Pendulum.angleNormalize(0.0));
    assertEquals(0.5, Pendulum.angleNormalize(0.5 + 6 * Math.PI), 1e-12);
  }

  @Test
  void uprightAtRestPaysZeroAndHangingDownPaysMinusPiSquared() {
    assertEquals(0.0, stepFrom(0, 0, 0f).reward());
    assertEquals(-Math.PI * Math.PI, stepFrom(Math.PI, 0, 0f).reward());
    assertEquals(-Math.PI * Math.PI, stepFrom(-Math.PI, 0, 0f).reward());
    // the lowest reward: hanging down at full speed with full torque
    assertEquals(Pendulum.MIN_REWARD, stepFrom(Math.PI, 8, 2f).reward());
  }

  @Test
  void torquesBeyondTwoAreClippedLikeGym() {
    for (double[] st : new double[][] {{0.3, -0.4}, {2.5, 6.0}, {-1.0, -7.9}}) {
      Pendulum five = new Pendulum();
      Pendulum two = new Pendulum();
      five.reset(1);
      two.reset(1);
      five.setState(st[0], st[1]);
      two.setState(st[0], st[1]);
      float[][] big = {{5f}, {-5f}, {Float.POSITIVE_INFINITY}, {-1e30f}};
      float[][] clipped = {{2f}, {-2f}, {2f}, {-2f}};
      for (int i = 0; i < big.length; i++) {
        Step<float[]> a = five.step(big[i]);
        Step<float[]> b = two.step(clipped[i]);
        assertArrayEquals(two.state(), five.state(), "torque " + big[i][0]);
        assertEquals(b.reward(), a.reward(), "torque " + big[i][0]);
        assertArrayEquals(b.observation(), a.observation());
      }
    }
  }

  @Test
  void truncatesAtTwoHundredStepsAndNeverTerminates() {
    Pendulum env = new Pendulum();
    Rng rng = new Rng(7);
    for (long seed = 0; seed < 3; seed++) {
      env.reset(seed);
      for (int t = 1; t <= 200; t++) {
        Step<float[]> s = env.step(new float[] {(float) (4 * rng.nextDouble() - 2)});
        assertFalse(s.terminated(), "terminated at step " + t);
        assertEquals(t == 200, s.truncated(), "truncated at step " + t);
      }
      assertEquals(200, env.elapsedSteps());
      assertThrows(IllegalStateException.class, () -> env.step(new float[] {0f}));
    }
  }

  @Test
  void sameSeedSameEpisode() {
    Pendulum a = new Pendulum();
    Pendulum b = new Pendulum();
    assertArrayEquals(a.reset(42).observation(), b.reset(42).observation());
    for (int t = 0; t < 200; t++) {
      float[] u = {(float) Math.sin(t * 0.37) * 3};
      Step<float[]> sa = a.step(u);
      Step<float[]> sb = b.step(u);
      assertArrayEquals(sa.observation(), sb.observation());
      assertEquals(sa.reward(), sb.reward());
    }
    assertFalse(java.util.Arrays.equals(a.reset(42).observation(), a.reset(43).observation()));
  }

  @Test
  void resetIsUniformOverTheCircleWithSpeedWithinOne() {
    Pendulum env = new Pendulum();
    double minTheta = 10;
    double maxTheta = -10;
    for (long seed = 0; seed < 500; seed++) {
      float[] o = env.reset(seed).observation();
      double[] s = env.state();
      assertTrue(s[0] >= -Math.PI && s[0] < Math.PI, "theta " + s[0]);
      assertTrue(s[1] >= -1 && s[1] < 1, "thetaDot " + s[1]);
      assertArrayEquals(new float[] {(float) Math.cos(s[0]), (float) Math.sin(s[0]), (float) s[1]}, o);
      minTheta = Math.min(minTheta, s[0]);
      maxTheta = Math.max(maxTheta, s[0]);
    }
    assertTrue(minTheta < -3 && maxTheta > 3, "theta covers [-pi, pi): " + minTheta + ".." + maxTheta);
  }

  @Test
  void badActionsGetOneLineMessagesNamingTheEnvAndTheValue() {
    Pendulum env = new Pendulum();
    env.reset(0);
    assertBad(env, null, "action is null");
    assertBad(env, new float[0], "action [] has 0 elements");
    assertBad(env, new float[] {1f, 2f}, "action [1.0, 2.0] has 2 elements");
    assertBad(env, new float[20], "action float[20] has 20 elements");
    assertBad(env, new float[] {Float.NaN}, "action [NaN] is not a number");
    // the episode is still usable
    assertFalse(env.step(new float[] {0.5f}).done());
  }

  @Test
  void stickyActionsJudgeARepeatedStepsActionByPendulumsOwnRule() {
    StickyActions<float[], float[]> env = new StickyActions<>(new Pendulum(), 0.9);
    env.reset(3);
    for (int t = 0; t < 50; t++) {
      env.step(new float[] {5f});
    }
    var e = assertThrows(IllegalArgumentException.class, () -> {
      for (int t = 0; t < 50; t++) {
        env.step(new float[] {Float.NaN});
      }
    });
    assertTrue(e.getMessage().contains("is not a number"), e.getMessage());
  }

  private static void assertBad(Pendulum env, float[] action, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(action));
    String m = e.getMessage();
    assertTrue(m.startsWith("env Pendulum-v1: "), m);
    assertTrue(m.contains(expected), m);
    assertFalse(m.contains("\n"), m);
  }

  @Test
  void observationsStayInTheBoxAndRewardsInRange() {
    Pendulum env = new Pendulum();
    Box box = (Box) env.spec().observationSpace();
    Rng rng = new Rng(11);
    for (long seed = 0; seed < 20; seed++) {
      assertTrue(box.contains(env.reset(seed).observation()));
      boolean done = false;
      while (!done) {
        // torques well past the limits, and a constant push on odd seeds to reach the speed limit
        float u = seed % 2 == 1 ? 2f : (float) (rng.nextGaussian() * 4);
        Step<float[]> s = env.step(new float[] {u});
        assertTrue(box.contains(s.observation()), java.util.Arrays.toString(s.observation()));
        assertTrue(s.reward() <= 0 && s.reward() >= Pendulum.MIN_REWARD, "reward " + s.reward());
        done = s.done();
      }
    }
  }

  @Test
  void setStateNeedsARunningEpisodeAndASpeedWithinTheLimit() {
    assertThrows(IllegalStateException.class, () -> new Pendulum().setState(0, 0));
    Pendulum env = new Pendulum();
    env.reset(0);
    var e = assertThrows(IllegalArgumentException.class, () -> env.setState(0, 8.5));
    assertTrue(e.getMessage().contains("thetaDot 8.5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> env.setState(Double.NaN, 0));
  }

  @Test
  void rendersTheAngleFromUpright() {
    Pendulum env = new Pendulum();
    env.reset(0);
    env.setState(Math.PI / 2 + 4 * Math.PI, -1.5);
    assertEquals("theta=+90.0deg from upright thetaDot=-1.500 step=0", env.render());
  }

  private static Step<float[]> stepFrom(double theta, double thetaDot, float torque) {
    Pendulum env = new Pendulum();
    env.reset(0);
    env.setState(theta, thetaDot);
    return env.step(new float[] {torque});
  }
}
