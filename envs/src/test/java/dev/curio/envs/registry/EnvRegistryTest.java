package dev.curio.envs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.check.EnvChecker;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvRegistryTest {
  @Test
  void everyBuiltInWorldPassesTheContractSuite() {
    for (WorldEntry e : EnvRegistry.worlds()) {
      EnvChecker.check(e).assertPassed();
      assertEquals(e.id(), e.factory().get().spec().id(), "registry id and spec id of " + e.id());
    }
    for (MultiWorldEntry e : EnvRegistry.multiAgentWorlds()) {
      EnvChecker.check(e).assertPassed();
    }
  }

  @Test
  void idsAreUniqueAndLookupsWork() {
    Set<String> ids = new HashSet<>();
    EnvRegistry.worlds().forEach(e -> assertTrue(ids.add(e.id()), "duplicate id " + e.id()));
    EnvRegistry.multiAgentWorlds().forEach(e -> assertTrue(ids.add(e.id()), "duplicate id " + e.id()));
    assertTrue(EnvRegistry.find("chain-10").isPresent(), "the test jar registers chain-10 through WorldProvider");
    assertTrue(EnvRegistry.find("maze:sparse-maze").isPresent());
  }

  @Test
  void unknownIdsGetAClearErrorWithASuggestion() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.make("maze:sparse-maz"));
    assertTrue(e.getMessage().contains("unknown env 'maze:sparse-maz'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'maze:sparse-maze'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EnvRegistry.make("no-such-world-at-all"));
  }
}
