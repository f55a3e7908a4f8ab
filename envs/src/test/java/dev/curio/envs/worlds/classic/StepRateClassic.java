package dev.curio.envs.worlds.classic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.Step;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Single-thread step rate of CartPole with random actions, after a warm-up. Not part of the default
 * test run (the class name does not match surefire's patterns); run it with
 * {@code -Dtest='StepRate*'} or through {@link #main}.
 */
@Tag("bench")
class StepRateClassic {
  static double cartPoleStepsPerSecond(long warmupSteps, long nanos) {
    CartPole env = new CartPole();
    Rng rng = new Rng(0);
    long seed = 0;
    env.reset(seed++);
    double sink = 0;
    for (long i = 0; i < warmupSteps; i++) {
      Step<float[]> s = env.step(rng.nextInt(2));
      sink += s.observation()[0];
      if (s.done()) {
        env.reset(seed++);
      }
    }
    long steps = 0;
    long start = System.nanoTime();
    long end = start + nanos;
    long now;
    do {
      for (int i = 0; i < 10_000; i++) {
        Step<float[]> s = env.step(rng.nextInt(2));
        sink += s.observation()[0];
        if (s.done()) {
          env.reset(seed++);
        }
      }
      steps += 10_000;
      now = System.nanoTime();
    } while (now < end);
    if (sink == 42.4242) {
      System.out.print("");
    }
    return steps / ((now - start) / 1e9);
  }

  @Test
  void cartPoleStepRate() {
    double rate = cartPoleStepsPerSecond(500_000, 2_000_000_000L);
    System.out.printf("CartPole-v1: %.0f steps/s%n", rate);
    assertTrue(rate > 0);
  }

  public static void main(String[] args) {
    System.out.printf("CartPole-v1: %.0f steps/s%n", cartPoleStepsPerSecond(500_000, 3_000_000_000L));
  }
}
