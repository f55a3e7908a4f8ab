package dev.curio.envs.worlds.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import org.junit.jupiter.api.Test;

class CartPoleTest {
  @Test
  void goldenDynamicsFromTheGymEquations() {
    // From rest, upright, push right. By hand, with m = 1.1, ml = 0.05, l = 0.5:
    //   temp = (10 + 0) / 1.1 = 9.090909090909
    //   thetaAcc = (9.8*0 - 1*temp) / (0.5 * (4/3 - 0.1/1.1)) = -9.090909090909 / 0.621212121212 = -14.634146341463
    //   xAcc = temp - 0.05 * thetaAcc * 1 / 1.1 = 9.090909090909 + 0.665188470067 = 9.756097560976
    // Euler: x += 0.02*0, x_dot += 0.02*xAcc, theta += 0.02*0, theta_dot += 0.02*thetaAcc
    double[] s = {0, 0, 0, 0};
    CartPole.advance(s, 1);
    assertArrayEquals(new double[] {0, 0.19512195121951, 0, -0.29268292682927}, s, 1e-10);
    // Second step, push left. x += 0.02*0.195122 = 0.00390244; theta += 0.02*(-0.292683) = -0.00585366
    //   sin/cos of theta = 0 still (theta was 0 at the start of the step): temp = (-10 + 0.05*0.0856632*0)/1.1
    //   theta_dot enters through sin(0) = 0, so thetaAcc = 14.634146341463, xAcc = -9.756097560976
    CartPole.advance(s, 0);
    assertArrayEquals(new double[] {0.0039024390243902, 0.0, -0.0058536585365854, 0.0}, s, 1e-10);
    // Third step, push right from a tilted pole: theta = -0.0058536585365854, theta_dot = 0
    //   sin = -0.005853625, cos = 0.999982868
    //   temp = (10 + 0.05*0*sin)/1.1 = 9.090909090909
    //   thetaAcc = (9.8*sin - cos*temp) / (0.5*(4/3 - 0.1*cos^2/1.1))
    double sin = Math.sin(-0.0058536585365854);
    double cos = Math.cos(-0.0058536585365854);
    double temp = 10 / 1.1;
    double thetaAcc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * cos * cos / 1.1));
    double xAcc = temp - 0.05 * thetaAcc * cos / 1.1;
    CartPole.advance(s, 1);
    assertEquals(0.0039024390243902, s[0], 1e-12);
    assertEquals(0.02 * xAcc, s[1], 1e-12);
    assertEquals(-0.0058536585365854, s[2], 1e-12);
    assertEquals(0.02 * thetaAcc, s[3], 1e-12);
    // by hand: 9.8 sin = -0.0573660, cos temp = 9.0907534, denominator 0.6212137: thetaAcc = -14.72620
    assertEquals(-0.2945241, s[3], 1e-6); // the number itself, so a changed constant fails here too
  }

  @Test
  void terminatesPastTheThresholdsAndRewardsEveryStep() {
    CartPole env = new CartPole();
    env.reset(0);
    env.setState(0, 0, 12.1 * Math.PI / 180, 0.0);
    Step<float[]> s = env.step(1);
    assertTrue(s.terminated(), "pole past 12 degrees");
    assertEquals(1.0, s.reward());
    env.reset(1);
    env.setState(2.399, 1.0, 0, 0);
    s = env.step(1);
    assertTrue(s.terminated(), "cart past 2.4");
    env.reset(2);
    env.setState(0, 0, 0.1, 0);
    assertFalse(env.step(1).terminated(), "5.7 degrees is inside the limit");
  }

  @Test
  void truncatesAt500StepsAndV0At200() {
    CartPole env = new CartPole();
    env.reset(0);
    Step<float[]> s = null;
    for (int i = 0; i < 500; i++) {
      env.setState(0, 0, 0, 0); // keep it balanced
      s = env.step(i % 2);
      assertFalse(s.terminated());
      if (i < 499) {
        assertFalse(s.truncated(), "step " + i);
      }
    }
    assertTrue(s.truncated());
    CartPole v0 = CartPole.v0();
    assertEquals(200, v0.spec().maxEpisodeSteps());
  }

  @Test
  void startStateIsSmallAndSeeded() {
    float[] a = new CartPole().reset(42).observation();
    float[] b = new CartPole().reset(42).observation();
    assertArrayEquals(a, b);
    for (float v : a) {
      assertTrue(Math.abs(v) <= 0.05f);
    }
  }

  @Test
  void passesTheContractSuite() {
    EnvChecker.check(CartPole::new).assertPassed();
    EnvChecker.check(CartPole::v0).assertPassed();
  }
}
