package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every config file in examples/ loads as it is (a key renamed in the code would otherwise break them unseen). */
class ExampleConfigsTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void everyExampleConfigLoads() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no .yaml files in " + EXAMPLES.toAbsolutePath());
    for (Path f : files) {
      TrainConfig c = ConfigLoader.load(f);
      assertTrue(c.totalSteps() > 0, f.toString());
    }
  }

  /** The DoorKey-8x8 recipe docs/performance.md measured: the suite's DoorKey settings with entropy 0.03. */
  @Test
  void theDoorKeyNoveldExampleHoldsTheMeasuredSettings() {
    TrainConfig c = ConfigLoader.load(EXAMPLES.resolve("doorkey-noveld.yaml"));
    assertEquals("MiniGrid-DoorKey-8x8-v0", c.env());
    assertEquals(16, c.numEnvs());
    assertEquals(128, c.rolloutLength());
    assertEquals(0.001, c.ppo().learningRate(), 0.0);
    assertFalse(c.ppo().annealLearningRate());
    assertEquals(8, c.ppo().minibatches());
    assertEquals(4, c.ppo().epochs());
    assertEquals(0.03, c.ppo().entropyCoef(), 0.0);
    assertEquals(List.of("noveld"), c.rewards().modules());
  }
}
