package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CliProcessTest {
  @Test
  void aCollectorNamedInInheritedOptionsReplacesTheLaunchersOwn() {
    assertTrue(CliProcess.namesCollector("-Xss2m -XX:+UseG1GC"));
    assertTrue(CliProcess.namesCollector("-XX:+UseZGC"));
    assertTrue(CliProcess.namesCollector("-XX:+UseParallelGC -Xmn64m"));
    assertFalse(CliProcess.namesCollector(null));
    assertFalse(CliProcess.namesCollector(""));
    assertFalse(CliProcess.namesCollector("-Xmx2g -XX:-UseG1GC")); // switching one off picks none
    assertFalse(CliProcess.namesCollector("-XX:MaxGCPauseMillis=50"));
  }
}
