package dev.curio.envs.testing;

import dev.curio.envs.registry.WorldEntry;
import dev.curio.envs.registry.WorldProvider;
import java.util.List;

/**
 * Registers {@code chain-10} for tests only (through {@code META-INF/services} in the test jar), so the
 * CLI's tests have a world that trains in a second without it being one of the product's worlds.
 */
public final class TestWorlds implements WorldProvider {
  @Override
  public List<WorldEntry> worlds() {
    return List.of(new WorldEntry("chain-10", "a 10-cell line; walk right to the end (a test fixture)",
        () -> new ChainEnv(10, 50)));
  }
}
