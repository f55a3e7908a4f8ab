package dev.curio.envs.worlds.minigrid;

import java.util.Arrays;

/**
 * A MiniGrid world: {@code width x height} cells of packed {@link Tile}s, indexed {@code (x, y)} with
 * x to the right and y downwards, stored as {@code tiles[y * width + x]}. Cells outside the grid read
 * as walls, as in MiniGrid's {@code Grid.slice}.
 */
public final class Grid {
  private final int width;
  private final int height;
  private final int[] tiles;

  public Grid(int width, int height) {
    if (width < 3 || height < 3) {
      throw new IllegalArgumentException("a MiniGrid grid needs width and height >= 3, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.tiles = new int[width * height];
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public boolean inside(int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height;
  }

  /** The tile at {@code (x, y)}; a wall outside the grid. */
  public int get(int x, int y) {
    return inside(x, y) ? tiles[y * width + x] : Tile.wall();
  }

  public void set(int x, int y, int tile) {
    if (!inside(x, y)) {
      throw new IllegalArgumentException("cell (" + x + ", " + y + ") is outside the " + width + "x" + height + " grid");
    }
    tiles[y * width + x] = tile;
  }

  /** Empties every cell. */
  public void clear() {
    Arrays.fill(tiles, Tile.NONE);
  }

  public void horzWall(int x, int y, int length) {
    for (int i = 0; i < length; i++) {
      set(x + i, y, Tile.wall());
    }
  }

  public void vertWall(int x, int y, int length) {
    for (int j = 0; j < length; j++) {
      set(x, y + j, Tile.wall());
    }
  }

  /** The outline of the rectangle with top-left {@code (x, y)} and size {@code w x h}. */
  public void wallRect(int x, int y, int w, int h) {
    horzWall(x, y, w);
    horzWall(x, y + h - 1, w);
    vertWall(x, y, h);
    vertWall(x + w - 1, y, h);
  }

  /** A copy of all tiles, row-major {@code [height][width]} flattened; for tests and comparisons. */
  public int[] snapshot() {
    return tiles.clone();
  }
}
