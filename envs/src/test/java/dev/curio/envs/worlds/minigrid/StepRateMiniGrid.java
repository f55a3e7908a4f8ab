package dev.curio.envs.worlds.minigrid;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.registry.WorldEntry;

/**
 * Steps per second of each MiniGrid world with uniformly random actions, one thread, resets included,
 * after a warm-up. Run: {@code java -cp envs/target/classes:envs/target/test-classes:core/target/classes
 * dev.curio.envs.worlds.minigrid.StepRateMiniGrid [id-substring ...]}.
 */
public final class StepRateMiniGrid {
  private StepRateMiniGrid() {}

  public static void main(String[] args) {
    for (WorldEntry entry : MiniGridWorlds.entries()) {
      boolean wanted = args.length == 0;
      for (String a : args) {
        wanted |= entry.id().contains(a);
      }
      if (!wanted) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Env<float[], Integer> env = (Env<float[], Integer>) entry.factory().get();
      run(env, 300_000); // warm-up
      double best = 0;
      for (int round = 0; round < 3; round++) {
        best = Math.max(best, run(env, 1_000_000));
      }
      System.out.printf("%-40s %,12.0f steps/s%n", entry.id(), best);
    }
  }

  private static double run(Env<float[], Integer> env, int steps) {
    Rng rng = new Rng(1);
    long seed = 0;
    env.reset(seed++);
    long sink = 0;
    long start = System.nanoTime();
    for (int t = 0; t < steps; t++) {
      Step<float[]> s = env.step(rng.nextInt(MiniGridEnv.NUM_ACTIONS));
      sink += (long) s.observation()[t % s.observation().length];
      if (s.done()) {
        env.reset(seed++);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink == 42) {
      System.out.print("");
    }
    return steps / seconds;
  }
}
