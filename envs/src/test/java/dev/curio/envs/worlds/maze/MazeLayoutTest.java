package dev.curio.envs.worlds.maze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MazeLayoutTest {

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> MazeLayout.parse(text, "m.txt")).getMessage();
  }

  @Test
  void parsesHeadersGridAndCounts() {
    String text = """
        ; name: demo
        ; description: a demo layout
        ; max_steps: 50
        ; author: free text is a plain comment
        #########
        #S.a.A.G#
        ; a comment inside the grid keeps the rows' own line numbers
        #.~.T.b.#
        #########
        """;
    MazeLayout l = MazeLayout.parse(text, "somewhere/x.txt");
    assertEquals("demo", l.name());
    assertEquals("a demo layout", l.description());
    assertEquals(4, l.height());
    assertEquals(9, l.width());
    assertEquals(new GridPos(1, 1), l.start());
    assertEquals(List.of(new GridPos(1, 7)), l.goals());
    assertEquals(List.of(new GridPos(2, 4)), l.tvs());
    assertEquals("ab", l.colours());
    assertEquals(13, l.freeCells()); // 14 interior cells minus the TV
    assertEquals(50, l.maxStepsHeader());
    assertEquals(50, l.defaultMaxSteps());
    assertEquals('A', l.charAt(1, 5));
    assertEquals("#########\n#S.a.A.G#\n#.~.T.b.#\n#########\n", l.gridText());
  }

  @Test
  void nameFromSourceCrlfAndTrailingSpaces() {
    MazeLayout l = MazeLayout.parse("#####\r\n#S.G#   \r\n#####\r\n\r\n", "dir/My_Maze.txt");
    assertEquals("my-maze", l.name());
    assertEquals(3, l.freeCells());
    assertEquals(12, l.defaultMaxSteps()); // 4 x free cells without a header
    assertEquals("", l.colours());
  }

  @Test
  void shippedLayoutsParseUnderTheirOwnNames() {
    for (String name : Mazes.layoutNames()) {
      MazeLayout l = MazeLayout.fromResource(name);
      assertEquals(name, l.name());
      assertEquals("mazes/" + name + ".txt", l.source());
      assertTrue(l.freeCells() > 0);
    }
  }

  @Test
  void readsFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("room.txt");
    Files.writeString(f, "#####\n#S.G#\n#####\n");
    MazeLayout l = MazeLayout.fromFile(f);
    assertEquals("room", l.name());
    Files.writeString(f, "#####\n#S.G#\n##.##\n");
    String msg = assertThrows(IllegalArgumentException.class, () -> MazeLayout.fromFile(f)).getMessage();
    assertEquals(f + ":3:3: border cell is '.' but the outer ring of the grid must be wall '#'", msg);
  }

  @Test
  void unknownCharacter() {
    assertEquals("m.txt:3:4: unknown character 'x'; expected one of # . S G ~ T a-f A-F",
        error("#####\n#S.G#\n#..x#\n#####\n"));
    assertEquals("m.txt:2:3: unknown character ' ' (space; use '.' for floor); expected one of # . S G ~ T a-f A-F",
        error("#####\n#S G#\n#####\n"));
    assertEquals("m.txt:2:3: unknown character 'g'; expected one of # . S G ~ T a-f A-F",
        error("#####\n#Sg.G#\n#####\n"));
  }

  @Test
  void startAndGoalRules() {
    assertEquals("m.txt:2:1: the grid (lines 2-4) has no start 'S'", error("; name: x\n#####\n#..G#\n#####\n"));
    assertEquals("m.txt:3:3: second start 'S'; the first is at line 2, column 2",
        error("#####\n#S.G#\n#.S.#\n#####\n"));
    assertEquals("m.txt:1:1: the grid (lines 1-3) has no goal 'G'", error("#####\n#S..#\n#####\n"));
  }

  @Test
  void raggedRows() {
    assertEquals("m.txt:3:5: row is 4 cells wide but the first row is 5; all rows must have the same width",
        error("#####\n#S.G#\n####\n"));
    assertEquals("m.txt:2:6: row is 6 cells wide but the first row is 5; all rows must have the same width",
        error("#####\n#S.G.#\n#####\n"));
  }

  @Test
  void doorWithoutKeyAndOpenBorder() {
    assertEquals("m.txt:2:4: door 'B' has no key 'b' anywhere in the grid",
        error("######\n#SaBG#\n######\n"));
    assertEquals("m.txt:2:5: border cell is 'G' but the outer ring of the grid must be wall '#'",
        error("#####\n#S..G\n#####\n"));
  }

  @Test
  void headersBlankLinesAndEmptyText() {
    assertEquals("m.txt:1:14: max_steps must be a positive integer, got 'ten'",
        error("; max_steps: ten\n#####\n#S.G#\n#####\n"));
    assertEquals("m.txt:1:9: name 'Big Maze' must match [a-z0-9][a-z0-9-]*",
        error("; name: Big Maze\n#####\n#S.G#\n#####\n"));
    assertEquals("m.txt:2:1: duplicate header 'name'", error("; name: a\n; name: b\n#####\n#S.G#\n#####\n"));
    assertEquals("m.txt:4:1: grid row after a blank line; a layout holds one grid without blank lines",
        error("#####\n#S.G#\n\n#####\n"));
    assertEquals("m.txt:1:1: no grid rows", error("; only a comment\n\n"));
    assertEquals("m.txt:1:1: no grid rows", error(""));
  }

  @Test
  void unknownResourceNamesTheShippedOnes() {
    String msg = assertThrows(IllegalArgumentException.class, () -> MazeLayout.fromResource("nope")).getMessage();
    assertTrue(msg.startsWith("no maze layout 'nope' (no resource mazes/nope.txt); shipped layouts: open-7x7,"), msg);
    assertThrows(IllegalArgumentException.class, () -> MazeLayout.fromResource("../secret"));
  }
}
