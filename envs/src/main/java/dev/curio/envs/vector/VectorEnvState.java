package dev.curio.envs.vector;

import java.util.List;

/**
 * Where a vector env stands: for each copy, the seed its current episode was reset with, the actions
 * taken since, and the state of its stream of future episode seeds. Restoring resets each copy with
 * its seed and replays its actions, which reproduces the exact state for deterministic envs (every
 * built-in world, and gym envs given seeds). Small: at most one episode of actions per copy.
 */
public record VectorEnvState<A>(long[] episodeSeeds, List<List<A>> actionsSinceReset, long[][] seedStreams) {
  public VectorEnvState {
    episodeSeeds = episodeSeeds.clone();
    actionsSinceReset = actionsSinceReset.stream().map(List::copyOf).toList();
    seedStreams = seedStreams.clone();
  }
}
