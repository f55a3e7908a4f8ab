package dev.curio.envs.worlds.maze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Env;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.WorldEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MazeContractTest {

  @TestFactory
  Stream<DynamicTest> everyEntryPassesTheContract() {
    return Mazes.entries().stream().map(e -> DynamicTest.dynamicTest(e.id(),
        () -> check(e)));
  }

  /** {@link WorldEntry#factory()} yields {@code Env<?, ?>}, which {@link EnvChecker#check} cannot infer. */
  @SuppressWarnings("unchecked")
  private static void check(WorldEntry e) {
    Supplier<Env<Object, Object>> f = () -> (Env<Object, Object>) e.factory().get();
    EnvChecker.check(f).assertPassed();
  }

  @TestFactory
  Stream<DynamicTest> everyObservationModePassesTheContract() {
    List<MazeConfig> configs = List.of(MazeConfig.defaults(),
        MazeConfig.defaults().withObservation(ObservationMode.POSITION),
        MazeConfig.defaults().withEgocentricView(3), MazeConfig.defaults().withEgocentricView(7),
        MazeConfig.defaults().withDecayGoalReward(true).withLavaReward(-1).withMaxSteps(40));
    return Stream.of("two-rooms-key", "lava-crossing", "noisy-tv", "corridor").flatMap(name -> configs.stream()
        .map(c -> DynamicTest.dynamicTest(name + " " + c, () -> {
          EnvChecker.check(() -> Mazes.make(name, c)).assertPassed();
          EnvChecker.check(() -> Mazes.makeExo(name, 2, c)).assertPassed();
        })));
  }

  @Test
  void entriesHaveUniqueIdsMatchingTheirSpecs() {
    Set<String> ids = new HashSet<>();
    for (WorldEntry e : Mazes.entries()) {
      assertTrue(ids.add(e.id()), "duplicate id " + e.id());
      assertTrue(e.id().startsWith("maze:"), e.id());
      Env<?, ?> env = e.factory().get();
      assertEquals(e.id(), env.spec().id());
      assertTrue(env.spec().maxEpisodeSteps() > 0);
      env.close();
    }
    for (String name : Mazes.layoutNames()) {
      assertTrue(ids.contains("maze:" + name));
      assertTrue(ids.contains("maze:" + name + "-pos"));
      assertTrue(ids.contains("maze:" + name + "-ego5"));
    }
    assertTrue(ids.contains("maze:exo-open-7x7-k8"));
    assertTrue(ids.contains("maze:exo-small-maze-k8-pos"));
  }
}
