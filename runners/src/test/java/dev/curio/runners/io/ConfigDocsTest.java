package dev.curio.runners.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/config.md must describe every config key, so a new key cannot ship undocumented. */
class ConfigDocsTest {
  @Test
  void everyKeyIsInTheConfigReference() throws Exception {
    Path doc = Path.of("..", "docs", "config.md");
    String text = Files.readString(doc);
    List<String> missing = ConfigLoader.keys().stream().filter(k -> !text.contains("`" + k + "`")).toList();
    assertTrue(missing.isEmpty(), "keys missing from docs/config.md: " + missing);
  }
}
