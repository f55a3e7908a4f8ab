package dev.curio.envs.worlds.maze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Env;
import dev.curio.envs.check.CheckReport;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.registry.WorldEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maze files from outside: every malformed file is one line naming it, the size limit, the unreachable goal. */
class MazeFileTest {
  @TempDir
  Path tmp;

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static String fileError(Path p) {
    String m = assertThrows(IllegalArgumentException.class, () -> MazeLayout.fromFile(p)).getMessage();
    assertFalse(m.contains("\n") || m.contains("\r"), m);
    assertTrue(m.startsWith(p.toString()), m);
    return m;
  }

  @Test
  void missingFileDirectoryAndBinaryGarbageSayWhat() throws Exception {
    assertEquals(tmp.resolve("none.txt") + ": no such maze file", fileError(tmp.resolve("none.txt")));
    assertEquals(tmp + ": is a directory, not a maze file", fileError(tmp));
    Path bin = tmp.resolve("bin.txt");
    Files.write(bin, new byte[] {'#', '#', '#', '\n', '#', (byte) 0xC3, (byte) 0x28, '#', '\n'});
    String m = fileError(bin);
    assertTrue(m.startsWith(bin + ":2:2: byte 0xC3 is not UTF-8 text"), m);
    Path nul = tmp.resolve("nul.txt");
    Files.write(nul, new byte[] {'#', '#', '#', '\n', '#', 0, '#', '\n'});
    assertTrue(fileError(nul).startsWith(nul + ":2:2: unknown character 'U+0000'"), fileError(nul));
  }

  @Test
  void tooBigIsRefusedBeforeItIsBuilt() throws Exception {
    String wide = "#".repeat(10_003) + "\n";
    String m = fileError(write("wide.txt", wide + wide));
    assertTrue(m.endsWith(":1:129: row is 10003 cells wide; a maze is at most 128 wide"), m);
    StringBuilder tall = new StringBuilder();
    for (int r = 0; r < 1000; r++) {
      tall.append("#####\n");
    }
    m = fileError(write("tall.txt", tall.toString()));
    assertTrue(m.endsWith(":129:1: grid row 129; a maze is at most 128 rows high"), m);
    Path huge = tmp.resolve("huge.txt");
    Files.write(huge, new byte[(int) MazeLayout.MAX_FILE_BYTES + 1]);
    assertTrue(fileError(huge).contains("is 1048577 bytes; a maze file holds at most 1048576 bytes"));
    // the largest allowed grid loads
    StringBuilder max = new StringBuilder("#".repeat(128)).append('\n');
    for (int r = 1; r < 127; r++) {
      max.append('#').append(r == 1 ? "S" + ".".repeat(125) : r == 126 ? ".".repeat(125) + "G" : ".".repeat(126))
          .append("#\n");
    }
    max.append("#".repeat(128)).append('\n');
    MazeLayout l = MazeLayout.fromFile(write("max.txt", max.toString()));
    assertEquals(128, l.height());
    assertEquals(128, l.width());
    assertTrue(l.reachabilityWarning().isEmpty());
  }

  @Test
  void malformedLayoutsNameLineAndColumn() throws Exception {
    assertTrue(fileError(write("r.txt", "#####\n#S.G#\n####\n")).contains("r.txt:3:5: row is 4 cells wide"));
    assertTrue(fileError(write("u.txt", "#####\n#S?G#\n#####\n")).contains("u.txt:2:3: unknown character '?'"));
    assertTrue(fileError(write("s.txt", "#####\n#..G#\n#####\n")).contains("s.txt:1:1: the grid (lines 1-3) has no start"));
    assertTrue(fileError(write("g.txt", "#####\n#S..#\n#####\n")).contains("g.txt:1:1: the grid (lines 1-3) has no goal"));
    assertTrue(fileError(write("e.txt", "")).contains("e.txt:1:1: no grid rows"));
    assertTrue(fileError(write("c.txt", "#####\n#S\u2028G#\n#####\n")).contains("unknown character 'U+2028'"));
  }

  private static Optional<String> warning(String grid) {
    return MazeLayout.parse(grid, "w.txt").reachabilityWarning();
  }

  @Test
  void anUnreachableGoalLoadsWithAWarning() {
    assertEquals(Optional.of("w.txt: no goal 'G' can be reached from the start 'S' at line 2, column 2 (walls, TVs,"
        + " lava and doors whose key cannot be reached block every way)"), warning("#####\n#S#G#\n#####\n"));
    assertTrue(warning("#####\n#S~G#\n#####\n").isPresent(), "lava ends the episode: no way through");
    assertTrue(warning("#####\n#STG#\n#####\n").isPresent(), "a TV is solid");
    assertTrue(warning("######\n#SA.G#\n#a####\n######\n").isEmpty(), "key before the door");
    assertTrue(warning("#######\n#SA.Ga#\n#######\n").isPresent(), "the key lies behind its own door");
    assertTrue(warning("###########\n#Sa.A.B.bG#\n###########\n").isPresent(),
        "a opens A, but b lies behind B with the goal");
    assertTrue(warning("########\n#Sa.A.b#\n####B###\n#G.....#\n########\n").isEmpty(), "a opens A, then b opens B");
    assertTrue(warning("#####\n#S.G#\n#####\n").isEmpty());
  }

  @Test
  void everyShippedLayoutHasAReachableGoal() {
    for (String name : Mazes.layoutNames()) {
      assertEquals(Optional.empty(), MazeLayout.fromResource(name).reachabilityWarning(), name);
    }
  }

  @Test
  void mazeFileIdsNameTheFileAndTheView() throws Exception {
    Path f = write("room.txt", "; description: a tiny room\n#####\n#S.G#\n#...#\n#####\n");
    WorldEntry full = EnvRegistry.find(Mazes.FILE_PREFIX + f).orElseThrow();
    try (Env<?, ?> env = full.factory().get()) {
      assertEquals(Mazes.FILE_PREFIX + f, env.spec().id());
      assertTrue(full.description().startsWith("a tiny room [fully observed]"), full.description());
    }
    try (Env<?, ?> env = EnvRegistry.make(Mazes.FILE_PREFIX + f + "-pos")) {
      assertEquals(((MazeEnv) env).config().observation(), ObservationMode.POSITION);
    }
    try (Env<?, ?> env = EnvRegistry.make(Mazes.FILE_PREFIX + f + "-ego3")) {
      assertEquals(3, ((MazeEnv) env).config().viewSize());
    }
    Path literal = write("odd-pos", "#####\n#S.G#\n#####\n");
    try (Env<?, ?> env = EnvRegistry.make(Mazes.FILE_PREFIX + literal)) {
      assertEquals(ObservationMode.FULL, ((MazeEnv) env).config().observation(), "an existing file is taken whole");
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvRegistry.find(Mazes.FILE_PREFIX + f + "-ego4"))
        .getMessage().contains("-ego4 must be odd and in [3, 255]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvRegistry.find(Mazes.FILE_PREFIX))
        .getMessage().contains("name the maze file"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvRegistry.make("maze:" + f))
        .getMessage().contains("a maze file is maze-file:<path>"));
  }

  @Test
  void theCheckerReportsTheWarningWithoutFailing() throws Exception {
    Path f = write("cut.txt", "#####\n#S#G#\n#####\n");
    CheckReport report = EnvChecker.check(EnvRegistry.find(Mazes.FILE_PREFIX + f).orElseThrow());
    assertTrue(report.passed(), report.toString());
    assertEquals(1, report.warnings().size(), report.toString());
    assertTrue(report.toString().contains("passed (1 warning)\n  warn " + f + ": no goal 'G' can be reached"),
        report.toString());
    assertTrue(EnvChecker.check(EnvRegistry.find("maze:open-7x7").orElseThrow()).warnings().isEmpty());
  }
}
