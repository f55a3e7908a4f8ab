package dev.curio.envs.worlds.minigrid;

/**
 * A deliberately literal transliteration of MiniGrid's observation pipeline (get_view_exts,
 * Grid.slice, rotate_left applied dir + 1 times, process_vis, carried object at the agent's cell,
 * Grid.encode into image[x][y][c]), used to cross-check {@link EgocentricView}'s direct mapping.
 * Returns MiniGrid's layout {@code image[col][row][ch]}.
 */
final class ReferenceView {
  private ReferenceView() {}

  /** A tiny grid: tiles[x][y]. */
  private static int[][] slice(MiniGridEnv env, int topX, int topY, int n) {
    int[][] g = new int[n][n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        int x = topX + i;
        int y = topY + j;
        g[i][j] = x >= 0 && y >= 0 && x < env.width() && y < env.height() ? env.tileAt(x, y) : Tile.wall();
      }
    }
    return g;
  }

  /** Counter-clockwise: new[j][h - 1 - i] = old[i][j] with w = old width, h = old height. */
  private static int[][] rotateLeft(int[][] g) {
    int w = g.length;
    int h = g[0].length;
    int[][] out = new int[h][w];
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < h; j++) {
        out[j][w - 1 - i] = g[i][j];
      }
    }
    return out;
  }

  private static boolean[][] processVis(int[][] g, int ax, int ay) {
    int w = g.length;
    int h = g[0].length;
    boolean[][] mask = new boolean[w][h];
    mask[ax][ay] = true;
    for (int j = h - 1; j >= 0; j--) {
      for (int i = 0; i < w - 1; i++) {
        if (!mask[i][j]) {
          continue;
        }
        int cell = g[i][j];
        if (cell != Tile.NONE && !Tile.seeBehind(cell)) {
          continue;
        }
        mask[i + 1][j] = true;
        if (j > 0) {
          mask[i + 1][j - 1] = true;
          mask[i][j - 1] = true;
        }
      }
      for (int i = w - 1; i > 0; i--) {
        if (!mask[i][j]) {
          continue;
        }
        int cell = g[i][j];
        if (cell != Tile.NONE && !Tile.seeBehind(cell)) {
          continue;
        }
        mask[i - 1][j] = true;
        if (j > 0) {
          mask[i - 1][j - 1] = true;
          mask[i][j - 1] = true;
        }
      }
    }
    return mask;
  }

  static int[][][] image(MiniGridEnv env, boolean seeThroughWalls) {
    int n = MiniGridEnv.VIEW_SIZE;
    int ax = env.agentX();
    int ay = env.agentY();
    int dir = env.agentDirection();
    int topX;
    int topY;
    switch (dir) {
      case 0 -> { topX = ax; topY = ay - n / 2; }
      case 1 -> { topX = ax - n / 2; topY = ay; }
      case 2 -> { topX = ax - n + 1; topY = ay - n / 2; }
      default -> { topX = ax - n / 2; topY = ay - n + 1; }
    }
    int[][] g = slice(env, topX, topY, n);
    for (int k = 0; k < dir + 1; k++) {
      g = rotateLeft(g);
    }
    boolean[][] mask;
    if (seeThroughWalls) {
      mask = new boolean[n][n];
      for (boolean[] col : mask) {
        java.util.Arrays.fill(col, true);
      }
    } else {
      mask = processVis(g, n / 2, n - 1);
    }
    g[n / 2][n - 1] = env.carrying();
    int[][][] image = new int[n][n][3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (!mask[i][j]) {
          continue;
        }
        int t = g[i][j];
        if (t == Tile.NONE) {
          image[i][j][0] = Tile.EMPTY;
        } else {
          image[i][j][0] = Tile.type(t);
          image[i][j][1] = Tile.color(t);
          image[i][j][2] = Tile.state(t);
        }
      }
    }
    return image;
  }
}
