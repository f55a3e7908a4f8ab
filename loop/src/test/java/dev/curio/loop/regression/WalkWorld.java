package dev.curio.loop.regression;

import dev.curio.agents.net.Backend;
import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.loop.RandomWalks;
import java.util.List;
import java.util.function.Supplier;

/** A registered world for the comparator tests: its env factory, its flat observation size and its random walks. */
record WalkWorld(Supplier<Env<?, Integer>> factory, int obsDim) {
  /** The world {@code id}; also sets one ND4J thread, as the training loop does for networks this small. */
  @SuppressWarnings("unchecked")
  static WalkWorld of(String id) {
    Backend.useThreads(1);
    Supplier<Env<?, Integer>> f = () -> (Env<?, Integer>) EnvRegistry.make(id);
    try (Env<?, Integer> e = f.get()) {
      return new WalkWorld(f, e.spec().observationSpace().flatDim());
    }
  }

  /** {@link RandomWalks#collect}: {@code steps} uniform-random steps, episodes cut at {@code maxEpisodeSteps} (0: none). */
  List<float[]> walks(int maxEpisodeSteps, long steps, long seed) {
    return RandomWalks.collect(factory, maxEpisodeSteps, steps, seed);
  }
}
