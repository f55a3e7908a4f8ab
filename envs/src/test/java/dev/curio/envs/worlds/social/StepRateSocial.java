package dev.curio.envs.worlds.social;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiStep;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Single-thread joint-step rates of the social worlds with random actions, after a warm-up. Not part
 * of the default test run; run it with {@code -Dtest='StepRate*'} or through {@link #main}.
 */
@Tag("bench")
class StepRateSocial {
  static double jointStepsPerSecond(Supplier<? extends MultiAgentEnv<float[]>> factory, long warmupSteps, long nanos) {
    MultiAgentEnv<float[]> env = factory.get();
    int n = env.numAgents();
    int[] sizes = new int[n];
    for (int i = 0; i < n; i++) {
      sizes[i] = env.spec().actionSpace(i).n();
    }
    Rng rng = new Rng(0);
    long seed = 0;
    env.reset(seed++);
    double sink = 0;
    int[] actions = new int[n];
    for (long i = 0; i < warmupSteps; i++) {
      sink += once(env, rng, sizes, actions);
      if (lastDone) {
        env.reset(seed++);
      }
    }
    long steps = 0;
    long start = System.nanoTime();
    long end = start + nanos;
    long now;
    do {
      for (int i = 0; i < 1000; i++) {
        sink += once(env, rng, sizes, actions);
        if (lastDone) {
          env.reset(seed++);
        }
      }
      steps += 1000;
      now = System.nanoTime();
    } while (now < end);
    if (sink == 42.4242) {
      System.out.print("");
    }
    return steps / ((now - start) / 1e9);
  }

  private static boolean lastDone;

  private static double once(MultiAgentEnv<float[]> env, Rng rng, int[] sizes, int[] actions) {
    for (int i = 0; i < sizes.length; i++) {
      actions[i] = rng.nextInt(sizes[i]);
    }
    MultiStep<float[]> s = env.step(actions);
    lastDone = s.done();
    return s.observations().get(0)[0] + Math.abs(s.rewards()[0]);
  }

  static void report() {
    System.out.printf("social:speaker-listener: %.0f joint steps/s%n",
        jointStepsPerSecond(SpeakerListener::new, 200_000, 2_000_000_000L));
    System.out.printf("social:harvest-2: %.0f joint steps/s%n",
        jointStepsPerSecond(() -> new Harvest(2), 100_000, 2_000_000_000L));
    System.out.printf("social:harvest-4: %.0f joint steps/s%n",
        jointStepsPerSecond(() -> new Harvest(4), 100_000, 2_000_000_000L));
  }

  @Test
  void socialStepRates() {
    double rate = jointStepsPerSecond(() -> new Harvest(4), 50_000, 1_000_000_000L);
    assertTrue(rate > 0);
    report();
  }

  public static void main(String[] args) {
    report();
  }
}
