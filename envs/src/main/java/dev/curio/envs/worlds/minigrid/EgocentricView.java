package dev.curio.envs.worlds.minigrid;

/**
 * The agent's partial view, encoded as MiniGrid encodes it (Farama {@code MiniGridEnv.gen_obs}).
 *
 * <p>The view is a {@code size x size} square ahead of the agent, rotated so the agent sits at the
 * bottom centre looking up: view column {@code c} runs from the agent's left ({@code 0}) to its right,
 * view row {@code r} from the farthest row ({@code 0}) to the agent's own row ({@code size - 1}). The
 * cell at view {@code (r, c)} is world cell {@code agent + f * (size - 1 - r) + rt * (c - size / 2)},
 * where {@code f} is the facing vector and {@code rt} the vector to the agent's right. Cells outside
 * the grid are walls.
 *
 * <p>Unless the world sees through walls, visibility spreads from the agent's cell row by row, from
 * the agent's row upwards, first left to right then right to left, never past a wall or a closed door
 * (MiniGrid's {@code Grid.process_vis}). Hidden cells encode as {@code (0, 0, 0)} ("unseen"), visible
 * empty cells as {@code (1, 0, 0)}, objects as {@code (type, colour, state)}. The agent's own cell shows
 * what it carries, or empty.
 *
 * <p>Output layout: {@code float[size * size * 3]}, row-major {@code [row][col][channel]}, i.e. shape
 * {@code [H, W, C] = [size, size, 3]}. MiniGrid's numpy {@code image} is indexed {@code [col][row][ch]};
 * ours is its transpose {@code image.transpose(1, 0, 2)}, the layout an image CNN expects.
 */
public final class EgocentricView {
  private static final int[] DX = {1, 0, -1, 0};
  private static final int[] DY = {0, 1, 0, -1};

  private final int size;
  private final int[] tiles;
  private final boolean[] mask;
  private int ax;
  private int ay;
  private int dir;

  /** A view of {@code size x size} cells; {@code size} odd and at least 3 (MiniGrid uses 7). */
  public EgocentricView(int size) {
    if (size < 3 || size % 2 == 0) {
      throw new IllegalArgumentException("view size must be odd and >= 3, got " + size);
    }
    this.size = size;
    this.tiles = new int[size * size];
    this.mask = new boolean[size * size];
  }

  public int size() {
    return size;
  }

  /** Number of floats in one observation, {@code size * size * 3}. */
  public int length() {
    return size * size * 3;
  }

  /** Direction vector of {@code dir} (0 right, 1 down, 2 left, 3 up), x component. */
  public static int dx(int dir) {
    return DX[dir];
  }

  /** Direction vector of {@code dir}, y component. */
  public static int dy(int dir) {
    return DY[dir];
  }

  /**
   * Encodes the view of an agent at {@code (x, y)} facing {@code direction} into {@code out}
   * ({@code [size, size, 3]}, row-major) and remembers which cells it could see.
   */
  public void observe(Grid grid, int x, int y, int direction, int carrying, boolean seeThroughWalls, float[] out) {
    ax = x;
    ay = y;
    dir = direction;
    int fx = DX[direction];
    int fy = DY[direction];
    int rx = -fy;
    int ry = fx;
    int half = size / 2;
    for (int r = 0; r < size; r++) {
      int ahead = size - 1 - r;
      for (int c = 0; c < size; c++) {
        int side = c - half;
        tiles[r * size + c] = grid.get(x + fx * ahead + rx * side, y + fy * ahead + ry * side);
      }
    }
    if (seeThroughWalls) {
      java.util.Arrays.fill(mask, true);
    } else {
      propagateVisibility();
    }
    // The agent's cell shows what it carries.
    tiles[(size - 1) * size + half] = carrying;
    for (int i = 0, o = 0; i < tiles.length; i++, o += 3) {
      if (!mask[i]) {
        out[o] = Tile.UNSEEN;
        out[o + 1] = 0;
        out[o + 2] = 0;
      } else if (tiles[i] == Tile.NONE) {
        out[o] = Tile.EMPTY;
        out[o + 1] = 0;
        out[o + 2] = 0;
      } else {
        out[o] = Tile.type(tiles[i]);
        out[o + 1] = Tile.color(tiles[i]);
        out[o + 2] = Tile.state(tiles[i]);
      }
    }
  }

  /** MiniGrid's {@code process_vis}, on (row, col) = (j, i) of the rotated view. */
  private void propagateVisibility() {
    int n = size;
    java.util.Arrays.fill(mask, false);
    mask[(n - 1) * n + n / 2] = true;
    for (int j = n - 1; j >= 0; j--) {
      int row = j * n;
      int up = (j - 1) * n;
      for (int i = 0; i < n - 1; i++) {
        if (!mask[row + i] || !Tile.seeBehind(tiles[row + i])) {
          continue;
        }
        mask[row + i + 1] = true;
        if (j > 0) {
          mask[up + i + 1] = true;
          mask[up + i] = true;
        }
      }
      for (int i = n - 1; i > 0; i--) {
        if (!mask[row + i] || !Tile.seeBehind(tiles[row + i])) {
          continue;
        }
        mask[row + i - 1] = true;
        if (j > 0) {
          mask[up + i - 1] = true;
          mask[up + i] = true;
        }
      }
    }
  }

  /**
   * Whether world cell {@code (x, y)} was inside the last observed view and visible
   * (MiniGrid's {@code relative_coords} plus the visibility mask).
   */
  public boolean visible(int x, int y) {
    int fx = DX[dir];
    int fy = DY[dir];
    int rx = -fy;
    int ry = fx;
    int lx = x - ax;
    int ly = y - ay;
    int ahead = fx * lx + fy * ly;
    int side = rx * lx + ry * ly;
    int r = size - 1 - ahead;
    int c = side + size / 2;
    return r >= 0 && r < size && c >= 0 && c < size && mask[r * size + c];
  }
}
