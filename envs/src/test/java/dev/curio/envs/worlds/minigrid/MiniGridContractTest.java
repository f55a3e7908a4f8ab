package dev.curio.envs.worlds.minigrid;

import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.WorldEntry;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The env contract for every MiniGrid id. */
class MiniGridContractTest {
  static List<WorldEntry> entries() {
    return MiniGridWorlds.entries();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void passesTheContract(WorldEntry entry) {
    EnvChecker.check(() -> (MiniGridEnv) entry.factory().get()).assertPassed();
  }
}
