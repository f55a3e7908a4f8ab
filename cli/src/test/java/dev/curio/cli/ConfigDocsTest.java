package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/config.md must describe every key `curio` reads, gym section included, so a new key cannot ship undocumented. */
class ConfigDocsTest {
  @Test
  void everyKeyIsInTheConfigReference() throws Exception {
    Path doc = Path.of("..", "docs", "config.md");
    String text = Files.readString(doc);
    List<String> missing = RunConfig.loader().allKeys().stream().filter(k -> !text.contains("`" + k + "`")).toList();
    assertTrue(missing.isEmpty(), "keys missing from docs/config.md: " + missing);
    assertTrue(RunConfig.loader().allKeys().containsAll(ConfigLoader.keys()), "the CLI reads every key of the loop");
    assertTrue(RunConfig.loader().allKeys().contains("gym.url"));
  }
}
