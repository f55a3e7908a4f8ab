package dev.curio.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.worlds.maze.ObservationMode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class MazeTest {
  @Test
  void aMazeInATextBlockBecomesAWorldSeenByPosition() {
    World w = Maze.parse("""
        #########
        #S..#..G#
        #.#.#.#.#
        #.#...#.#
        #########""");
    assertEquals("maze:test-maze-pos", w.id());
    assertEquals("maze:test-maze-pos", w.factory().get().spec().id());
    assertEquals("maze:test-maze", Maze.parse("#####\n#S.G#\n#####", ObservationMode.FULL).id());
  }

  @Test
  void aMalformedMazeFailsWithItsLineAndColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Maze.parse("""
        #####
        #S.G#
        #.x.#
        #####"""));
    assertTrue(e.getMessage().startsWith("test-maze:3:3: "), e.getMessage());
  }

  @Test
  void generatedMazesAreSeededPerfectAndSolvable() {
    String a = Maze.builder().size(11, 15).seed(7).text();
    assertEquals(a, Maze.builder().size(11, 15).seed(7).text(), "same size and seed, same maze");
    assertNotEquals(a, Maze.builder().size(11, 15).seed(8).text());
    for (long seed = 1; seed <= 20; seed++) {
      String text = Maze.builder().size(9, 13).seed(seed).text();
      List<String> grid = text.lines().filter(l -> !l.startsWith(";")).toList();
      assertEquals(9, grid.size());
      assertTrue(reachable(grid), "seed " + seed + ":\n" + text);
      assertEquals("maze:random-9x13-s" + seed + "-pos", Maze.builder().size(9, 13).seed(seed).build().id());
    }
    assertThrows(IllegalArgumentException.class, () -> Maze.builder().size(8, 9));
  }

  /** Breadth-first search from S to G over non-wall cells. */
  private static boolean reachable(List<String> g) {
    int h = g.size();
    int w = g.get(0).length();
    boolean[][] seen = new boolean[h][w];
    Deque<int[]> q = new ArrayDeque<>();
    for (int r = 0; r < h; r++) {
      int c = g.get(r).indexOf('S');
      if (c >= 0) {
        q.add(new int[] {r, c});
        seen[r][c] = true;
      }
    }
    while (!q.isEmpty()) {
      int[] p = q.poll();
      if (g.get(p[0]).charAt(p[1]) == 'G') {
        return true;
      }
      for (int[] d : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
        int r = p[0] + d[0];
        int c = p[1] + d[1];
        if (r >= 0 && c >= 0 && r < h && c < w && !seen[r][c] && g.get(r).charAt(c) != '#') {
          seen[r][c] = true;
          q.add(new int[] {r, c});
        }
      }
    }
    return false;
  }
}
