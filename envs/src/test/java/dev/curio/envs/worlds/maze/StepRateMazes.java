package dev.curio.envs.worlds.maze;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import java.util.List;
import java.util.function.Supplier;

/**
 * Single-thread step rate of the maze worlds under uniformly random actions (auto-reset on episode
 * end, resets counted in the time), after a warm-up. Run with {@code java -cp ... StepRateMazes [seconds]};
 * the numbers go into docs/envs/mazes.md.
 */
public final class StepRateMazes {
  private StepRateMazes() {}

  static double stepsPerSecond(Env<float[], Integer> env, double seconds) {
    Integer[] actions = new Integer[1 << 16];
    Rng rng = new Rng(123);
    for (int i = 0; i < actions.length; i++) {
      actions[i] = rng.nextInt(4);
    }
    float sink = 0;
    // Observations escape into a small ring, as they would into a rollout, so the JIT cannot elide them.
    float[][] ring = new float[1024][];
    long episode = 0;
    env.reset(episode++);
    int i = 0;
    // warm-up
    long warmEnd = System.nanoTime() + 1_500_000_000L;
    while (System.nanoTime() < warmEnd) {
      for (int k = 0; k < 10_000; k++) {
        Step<float[]> s = env.step(actions[i++ & 0xFFFF]);
        ring[i & 1023] = s.observation();
        sink += s.observation()[0] + (float) s.reward();
        if (s.done()) {
          env.reset(episode++);
        }
      }
    }
    long steps = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now;
    do {
      for (int k = 0; k < 10_000; k++) {
        Step<float[]> s = env.step(actions[i++ & 0xFFFF]);
        ring[i & 1023] = s.observation();
        sink += s.observation()[0] + (float) s.reward();
        if (s.done()) {
          env.reset(episode++);
        }
      }
      steps += 10_000;
      now = System.nanoTime();
    } while (now < end);
    if (sink == 42.4242f) {
      System.out.print("");
    }
    return steps / ((now - start) / 1e9);
  }

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
    MazeConfig full = MazeConfig.defaults();
    MazeConfig pos = full.withObservation(ObservationMode.POSITION);
    MazeConfig ego = full.withEgocentricView(5);
    record Case(String name, Supplier<Env<float[], Integer>> make) {}
    List<Case> cases = List.of(
        new Case("maze:open-7x7-pos", () -> Mazes.make("open-7x7", pos)),
        new Case("maze:open-7x7-ego5", () -> Mazes.make("open-7x7", ego)),
        new Case("maze:open-7x7 (full)", () -> Mazes.make("open-7x7", full)),
        new Case("maze:sparse-maze-pos", () -> Mazes.make("sparse-maze", pos)),
        new Case("maze:sparse-maze-ego5", () -> Mazes.make("sparse-maze", ego)),
        new Case("maze:sparse-maze (full)", () -> Mazes.make("sparse-maze", full)),
        new Case("maze:two-rooms-key-ego5", () -> Mazes.make("two-rooms-key", ego)),
        new Case("maze:noisy-tv-pos", () -> Mazes.make("noisy-tv", pos)),
        new Case("maze:noisy-tv (full)", () -> Mazes.make("noisy-tv", full)),
        new Case("maze:exo-open-7x7-k8-pos", () -> Mazes.makeExo("open-7x7", 8, pos)),
        new Case("maze:exo-open-7x7-k8 (full)", () -> Mazes.makeExo("open-7x7", 8, full)),
        new Case("maze:exo-small-maze-k8-pos", () -> Mazes.makeExo("small-maze", 8, pos)),
        new Case("maze:exo-small-maze-k8 (full)", () -> Mazes.makeExo("small-maze", 8, full)));
    for (Case c : cases) {
      Env<float[], Integer> env = c.make().get();
      System.out.printf("%-32s obs %6d floats  %,12.0f steps/s%n", c.name(),
          env.spec().observationSpace().flatDim(), stepsPerSecond(env, seconds));
    }
  }
}
