package dev.curio.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java API example is a whole file that compiles as written: examples/testkit-demo holds
 * a copy (compiled by the demo's build, which mvn verify runs), and this test keeps the two equal.
 */
class ReadmeExampleTest {
  @Test
  void theReadmesJavaExampleIsTheFileTheDemoCompiles() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## Java API");
    Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertEquals(true, section >= 0 && block.find(section), "README.md has a java block under '## Java API'");
    String demo = Files.readString(Path.of("..", "examples", "testkit-demo", "src", "test", "java",
        "TrainCartPole.java"));
    assertEquals(demo, block.group(1), "README.md's Java API example and examples/testkit-demo's TrainCartPole.java");
  }
}
