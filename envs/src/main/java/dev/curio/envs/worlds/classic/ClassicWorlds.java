package dev.curio.envs.worlds.classic;

import dev.curio.envs.registry.WorldEntry;
import java.util.List;

/** Classic-control worlds for the registry. */
public final class ClassicWorlds {
  private ClassicWorlds() {}

  public static List<WorldEntry> entries() {
    return List.of(
        new WorldEntry("CartPole-v1", "balance a pole on a cart; gym's constants, 500-step limit", CartPole::new),
        new WorldEntry("CartPole-v0", "CartPole with the 200-step limit", CartPole::v0));
  }
}
