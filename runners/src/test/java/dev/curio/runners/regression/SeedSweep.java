package dev.curio.runners.regression;

import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.runners.loop.RunEnd;
import dev.curio.runners.loop.TrainConfig;
import dev.curio.runners.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Trains one config over several fixed seeds and keeps what each run reached. */
final class SeedSweep {
  /** One seed's outcome: best rolling mean extrinsic return and the steps it took. */
  record Outcome(long seed, double bestMeanReturn, long steps, double seconds) {
    @Override
    public String toString() {
      return String.format("seed %d: best mean return %.3f after %d steps (%.1f s)", seed, bestMeanReturn, steps, seconds);
    }
  }

  private SeedSweep() {}

  @SuppressWarnings("unchecked")
  static Supplier<Env<?, Integer>> registry(String id) {
    return () -> (Env<?, Integer>) EnvRegistry.make(id);
  }

  static List<Outcome> run(TrainConfig base, long... seeds) {
    List<Outcome> out = new ArrayList<>();
    for (long seed : seeds) {
      long t0 = System.nanoTime();
      try (TrainingLoop loop = new TrainingLoop(base.withSeed(seed), registry(base.env()))) {
        RunEnd end = loop.run();
        Outcome o = new Outcome(seed, end.bestMeanReturn(), end.globalStep(), (System.nanoTime() - t0) / 1e9);
        System.out.println(base.env() + " " + o);
        out.add(o);
      }
    }
    return out;
  }
}
