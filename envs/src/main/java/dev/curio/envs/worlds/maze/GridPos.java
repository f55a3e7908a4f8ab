package dev.curio.envs.worlds.maze;

/**
 * A cell of a maze grid: {@code row} counts down from the top (0-based), {@code col} right from the
 * left. The flat index used by observations is {@code row * width + col}.
 */
public record GridPos(int row, int col) {
  /** Row-major flat index in a grid {@code width} cells wide. */
  public int index(int width) {
    return row * width + col;
  }

  @Override
  public String toString() {
    return "(" + row + ", " + col + ")";
  }
}
