package dev.curio.envs.worlds.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.space.Box;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.WorldEntry;
import org.junit.jupiter.api.Test;

class CartPoleTest {
  private static final double EPS = 1e-9;

  @Test
  void passesTheContractSuite() {
    EnvChecker.check(CartPole::new).assertPassed();
    EnvChecker.check(CartPole::v0).assertPassed();
  }

  @Test
  void constantsAreGyms() {
    assertEquals(9.8, CartPole.GRAVITY);
    assertEquals(1.0, CartPole.MASS_CART);
    assertEquals(0.1, CartPole.MASS_POLE);
    assertEquals(0.5, CartPole.HALF_LENGTH);
    assertEquals(10.0, CartPole.FORCE_MAG);
    assertEquals(0.02, CartPole.TAU);
    assertEquals(0.20943951023931953, CartPole.THETA_THRESHOLD, 1e-15);
    assertEquals(2.4, CartPole.X_THRESHOLD);
  }

  @Test
  void observationSpaceHasGymsBounds() {
    Box box = (Box) new CartPole().spec().observationSpace();
    assertArrayEquals(new int[] {4}, box.shape());
    assertArrayEquals(new float[] {-4.8f, -Float.MAX_VALUE, -0.41887903f, -Float.MAX_VALUE}, box.low());
    assertArrayEquals(new float[] {4.8f, Float.MAX_VALUE, 0.41887903f, Float.MAX_VALUE}, box.high());
    assertEquals(2, ((dev.curio.core.space.Discrete) new CartPole().spec().actionSpace()).n());
  }

  @Test
  void resetStateIsUniformWithinFiveHundredths() {
    CartPole env = new CartPole();
    for (long seed = 0; seed < 200; seed++) {
      float[] o = env.reset(seed).observation();
      for (float v : o) {
        assertTrue(v >= -0.05f && v <= 0.05f, "start component " + v + " for seed " + seed);
      }
      assertArrayEquals(env.state(), toDouble(o), 1e-7);
    }
  }

  /**
   * From rest, pushing right (F = +10 N). With M = m_c + m_p = 1.1 and m_p l = 0.05:
   * temp = 10 / 1.1 = 100/11;
   * thetaAcc = (9.8 * 0 - 1 * 100/11) / (0.5 * (4/3 - 0.1/1.1)) = -(100/11) / (41/66) = -600/41;
   * xAcc = 100/11 - 0.05 * (-600/41) * 1 / 1.1 = 100/11 + 300/451 = 4400/451.
   * Euler: x = 0, xDot = 0.02 * 4400/451 = 88/451, theta = 0, thetaDot = 0.02 * (-600/41) = -12/41.
   */
  @Test
  void oneStepFromRestMatchesClosedForm() {
    CartPole env = new CartPole();
    env.reset(0);
    env.setState(0, 0, 0, 0);
    Step<float[]> s = env.step(1);
    assertArrayEquals(new double[] {0, 88.0 / 451, 0, -12.0 / 41}, env.state(), 1e-12);
    assertArrayEquals(new float[] {0f, (float) (88.0 / 451), 0f, (float) (-12.0 / 41)}, s.observation());
    assertEquals(1.0, s.reward());
    assertFalse(s.terminated());
    assertFalse(s.truncated());
  }

  /**
   * Three Euler steps from (x, xDot, theta, thetaDot) = (0.01, -0.02, 0.03, 0.04) with actions 1, 0, 1.
   * The intermediate values were worked out from Gym's equations:
   * <pre>
   * step 1, F = +10: cos = 0.999550033749, sin = 0.029995500202
   *   temp = (10 + 0.05 * 0.04^2 * sin) / 1.1             =   9.090911272400
   *   thetaAcc = (9.8 sin - cos temp) / (0.5 (4/3 - 0.1 cos^2 / 1.1)) = -14.153435898000
   *   xAcc = temp - 0.05 thetaAcc cos / 1.1               =   9.733959787378
   *   x = 0.01 + 0.02 * -0.02 = 0.0096; xDot = -0.02 + 0.02 xAcc = 0.174679195748
   *   theta = 0.03 + 0.02 * 0.04 = 0.0308; thetaDot = 0.04 + 0.02 thetaAcc = -0.243068717960
   * step 2, F = -10: cos = 0.999525717495, sin = 0.030795130546
   *   temp = -9.090826388624, thetaAcc = 15.111835894971, xAcc = -9.777402234787
   *   x = 0.013093583915, xDot = -0.020868848948, theta = 0.025938625641, thetaDot = 0.059167999939
   * step 3, F = +10: cos = 0.999663612711, sin = 0.025935717101
   *   temp = 9.090913218051, thetaAcc = -14.219378624954, xAcc = 9.737031191084
   *   x = 0.012676206936, xDot = 0.173871774873, theta = 0.027121985640, thetaDot = -0.225219572560
   * </pre>
   */
  @Test
  void threeStepsMatchHandWorkedValues() {
    CartPole env = new CartPole();
    env.reset(0);
    env.setState(0.01, -0.02, 0.03, 0.04);
    double[][] expected = {
        {0.0096, 0.174679195748, 0.0308, -0.243068717960},
        {0.013093583915, -0.020868848948, 0.025938625641, 0.059167999939},
        {0.012676206936, 0.173871774873, 0.027121985640, -0.225219572560}};
    int[] actions = {1, 0, 1};
    for (int t = 0; t < 3; t++) {
      Step<float[]> s = env.step(actions[t]);
      assertArrayEquals(expected[t], env.state(), 1e-11, "state after step " + (t + 1));
      assertArrayEquals(expected[t], toDouble(s.observation()), 1e-7, "observation after step " + (t + 1));
      assertEquals(1.0, s.reward());
      assertFalse(s.done());
    }
  }

  @Test
  void positionsAdvanceWithTheOldVelocities() {
    // Euler (not semi-implicit): x and theta move by tau times the velocity before the update.
    CartPole env = new CartPole();
    env.reset(0);
    env.setState(0.1, 0.5, -0.05, 0.25);
    env.step(0);
    assertEquals(0.1 + 0.02 * 0.5, env.state()[0], 1e-15);
    assertEquals(-0.05 + 0.02 * 0.25, env.state()[2], 1e-15);
  }

  @Test
  void terminatesJustPastTwelveDegrees() {
    // theta' = theta + 0.02 thetaDot; the threshold is 0.2094395 rad.
    assertTrue(stepFrom(0, 0, 0.2094, 0.01, 1).terminated(), "theta' = 0.2096 > 12 deg");
    assertFalse(stepFrom(0, 0, 0.2090, 0.01, 1).terminated(), "theta' = 0.2092 < 12 deg");
    assertTrue(stepFrom(0, 0, -0.2094, -0.01, 0).terminated(), "theta' = -0.2096 < -12 deg");
    assertFalse(stepFrom(0, 0, -0.2090, -0.01, 0).terminated(), "theta' = -0.2092 > -12 deg");
  }

  @Test
  void terminatesJustPastTheTrackEnds() {
    assertTrue(stepFrom(2.39, 1.0, 0, 0, 1).terminated(), "x' = 2.41");
    assertFalse(stepFrom(2.39, 0.4, 0, 0, 1).terminated(), "x' = 2.398");
    assertTrue(stepFrom(-2.39, -1.0, 0, 0, 0).terminated(), "x' = -2.41");
    assertFalse(stepFrom(-2.39, -0.4, 0, 0, 0).terminated(), "x' = -2.398");
  }

  @Test
  void terminatingStepStillPaysOneAndIsNotTruncated() {
    Step<float[]> s = stepFrom(2.39, 1.0, 0, 0, 1);
    assertEquals(1.0, s.reward());
    assertTrue(s.terminated());
    assertFalse(s.truncated());
    assertTrue(new CartPole().spec().observationSpace().contains(s.observation()));
  }

  @Test
  void truncatesAtFiveHundredStepsForV1AndTwoHundredForV0() {
    assertEquals(500, new CartPole().spec().maxEpisodeSteps());
    assertEquals(200, CartPole.v0().spec().maxEpisodeSteps());
    assertEquals(500, balanceUntilTruncated(new CartPole()));
    assertEquals(200, balanceUntilTruncated(CartPole.v0()));
  }

  /** Holds the pole upright by resetting the state before each step; returns the step that truncated. */
  private static int balanceUntilTruncated(CartPole env) {
    env.reset(3);
    double total = 0;
    for (int t = 1; ; t++) {
      env.setState(0, 0, 0, 0);
      Step<float[]> s = env.step(t % 2);
      total += s.reward();
      assertFalse(s.terminated(), "terminated at step " + t);
      if (s.truncated()) {
        assertEquals(t, total, "one reward per step");
        assertThrows(IllegalStateException.class, () -> env.step(0));
        return t;
      }
    }
  }

  @Test
  void setStateNeedsARunningEpisode() {
    assertThrows(IllegalStateException.class, () -> new CartPole().setState(0, 0, 0, 0));
  }

  @Test
  void sameSeedSameEpisode() {
    CartPole a = new CartPole();
    CartPole b = new CartPole();
    assertArrayEquals(a.reset(42).observation(), b.reset(42).observation());
    for (int t = 0; t < 30; t++) {
      Step<float[]> sa = a.step(t % 3 == 0 ? 1 : 0);
      Step<float[]> sb = b.step(t % 3 == 0 ? 1 : 0);
      assertArrayEquals(sa.observation(), sb.observation());
      if (sa.done()) {
        break;
      }
    }
  }

  @Test
  void rendersCartAndPole() {
    CartPole env = new CartPole();
    env.reset(0);
    env.setState(0, 0, 0.1, 0);
    String r = env.render();
    String[] lines = r.split("\n");
    assertEquals(3, lines.length, r);
    assertEquals('#', lines[1].charAt(25), r);
    assertTrue(lines[0].contains("/"), r);
    assertTrue(lines[2].startsWith("x=+0.000"), r);
  }

  @Test
  void entriesListBothVersionsPendulumAndTheMountainCar() {
    var ids = ClassicWorlds.entries().stream().map(WorldEntry::id).toList();
    assertEquals(java.util.List.of("CartPole-v1", "CartPole-v0", "Pendulum-v1", "MountainCarContinuous-v0"), ids);
    for (WorldEntry e : ClassicWorlds.entries()) {
      assertEquals(e.id(), e.factory().get().spec().id());
    }
  }

  @Test
  void rejectsANegativeLimit() {
    var ex = assertThrows(IllegalArgumentException.class, () -> new CartPole("x", -1));
    assertTrue(ex.getMessage().contains("maxEpisodeSteps"));
  }

  private static Step<float[]> stepFrom(double x, double xDot, double theta, double thetaDot, int action) {
    CartPole env = new CartPole();
    env.reset(0);
    env.setState(x, xDot, theta, thetaDot);
    return env.step(action);
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
