package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a failed run prints when its stack trace could not go to the run's error.log. */
class RunFailureReportTest {
  @TempDir
  Path tmp;

  @Test
  void aTraceThatCouldNotBeLoggedGoesToATempFileNotTheTerminal() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
    RunFailure failure = new RunFailure(tmp, true, false, new IllegalStateException("disk full"));
    int code = new ExitCodes().handleExecutionException(failure, cl.getSubcommands().get("train"), null);
    assertEquals(ExitCodes.FAILURE, code);
    List<String> lines = err.toString().lines().toList();
    assertEquals(3, lines.size(), err.toString());
    assertTrue(lines.get(0).endsWith("the run failed: java.lang.IllegalStateException: disk full"), lines.get(0));
    assertFalse(err.toString().contains("\tat "), "no stack trace on the terminal: " + err);
    String named = lines.get(1).replaceAll(".*the stack trace is in (\\S+)\\).*", "$1");
    assertTrue(Files.readString(Path.of(named)).contains("disk full"), lines.get(1));
    Files.deleteIfExists(Path.of(named));
  }
}
