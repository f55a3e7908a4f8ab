package dev.curio.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.space.Box;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.worlds.classic.CartPole;
import dev.curio.envs.worlds.classic.MountainCarContinuous;
import org.junit.jupiter.api.Test;

class ScaleObservationTest {
  /** MountainCar's [-1.2, 0.6] x [-0.07, 0.07] onto [-1, 1]^2: y = 2 (x - low) / (high - low) - 1. */
  @Test
  void mapsBoundedElementsOntoMinusOneToOne() {
    MountainCarContinuous inner = new MountainCarContinuous();
    ScaleObservation<float[]> env = new ScaleObservation<>(inner);
    Box box = (Box) env.spec().observationSpace();
    assertArrayEquals(new float[] {-1f, -1f}, box.low());
    assertArrayEquals(new float[] {1f, 1f}, box.high());
    assertEquals("MountainCarContinuous-v0", env.spec().id());
    env.reset(3);
    inner.setState(-0.3, 0.035);
    Step<float[]> s = env.step(new float[] {0f});
    double x = inner.state()[0];
    double v = inner.state()[1];
    float lowX = -1.2f;
    float lowV = -0.07f;
    assertEquals((float) (2 * (x - lowX) / (0.6f - (double) lowX) - 1), s.observation()[0]);
    assertEquals((float) (2 * (v - lowV) / (0.07f - (double) lowV) - 1), s.observation()[1]);
    inner.setState(-1.2, -0.07);
    // the wall holds the car at -1.2 and sets its speed to 0, the middle of [-0.07, 0.07]
    assertArrayEquals(new float[] {-1f, 0f}, env.step(new float[] {0f}).observation(), "at the left wall");
    assertTrue(env.scalesAnything());
    EnvChecker.check(() -> new ScaleObservation<>(new MountainCarContinuous())).assertPassed();
  }

  /** CartPole's speeds are bounded by the float maximum (Gym's "unbounded"): they pass unchanged. */
  @Test
  void unboundedElementsPassUnchanged() {
    CartPole inner = new CartPole();
    ScaleObservation<Integer> env = new ScaleObservation<>(inner);
    Box box = (Box) env.spec().observationSpace();
    assertArrayEquals(new float[] {-1f, -Float.MAX_VALUE, -1f, -Float.MAX_VALUE}, box.low());
    float[] raw = new CartPole().reset(5).observation();
    float[] scaled = env.reset(5).observation();
    assertEquals(raw[1], scaled[1]);
    assertEquals(raw[3], scaled[3]);
    double low = -4.8f;
    assertEquals((float) (2 * (raw[0] - low) / (4.8f - low) - 1), scaled[0]);
    assertFalse(raw[0] == scaled[0] && raw[2] == scaled[2], "position and angle are mapped");
  }
}
