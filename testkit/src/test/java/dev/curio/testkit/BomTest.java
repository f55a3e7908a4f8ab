package dev.curio.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Curio's BOM has no parent (importing it must bring nothing else), so its versions are written
 * out: they must be the reactor's, and it must name every artifact a user can depend on.
 */
class BomTest {
  private static String first(String xml, String regex) {
    Matcher m = Pattern.compile(regex).matcher(xml);
    assertTrue(m.find(), "no match for " + regex);
    return m.group(1);
  }

  @Test
  void theBomHasTheReactorsVersionsAndEveryModule() throws Exception {
    String parent = Files.readString(Path.of("..", "pom.xml"));
    String bom = Files.readString(Path.of("..", "bom", "pom.xml"));
    assertEquals(first(parent, "<artifactId>curio-parent</artifactId>\\s*<version>([^<]+)</version>"),
        first(bom, "<artifactId>curio-bom</artifactId>\\s*<version>([^<]+)</version>"), "bom/pom.xml's version");
    assertEquals(first(parent, "<dl4j.version>([^<]+)</dl4j.version>"), first(bom, "<dl4j.version>([^<]+)</dl4j.version>"),
        "bom/pom.xml's ND4J version");
    List<String> missing = new ArrayList<>();
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    while (modules.find()) {
      if (modules.group(1).equals("bom")) {
        continue;
      }
      String artifact = first(Files.readString(Path.of("..", modules.group(1), "pom.xml")),
          "</parent>\\s*<artifactId>([^<]+)</artifactId>");
      if (!bom.contains("<artifactId>" + artifact + "</artifactId>")) {
        missing.add(artifact);
      }
    }
    assertTrue(missing.isEmpty(), "bom/pom.xml does not list " + missing);
  }
}
