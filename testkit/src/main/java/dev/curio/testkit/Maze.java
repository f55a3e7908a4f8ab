package dev.curio.testkit;

import dev.curio.core.Rng;
import dev.curio.envs.worlds.maze.MazeConfig;
import dev.curio.envs.worlds.maze.MazeEnv;
import dev.curio.envs.worlds.maze.MazeLayout;
import dev.curio.envs.worlds.maze.ObservationMode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Mazes written in the test, in Curio's maze format ({@code docs/envs/mazes.md}: {@code #} wall,
 * {@code .} floor, {@code S} start, {@code G} goal, {@code ~} lava, {@code T} noisy TV, keys
 * {@code a-f} and doors {@code A-F}), or generated from a seed.
 *
 * <pre>{@code
 * World corridor = Maze.parse("""
 *     #########
 *     #S..#..G#
 *     #.#.#.#.#
 *     #.#...#.#
 *     #########""");
 * }</pre>
 *
 * The agent sees its position as a one-hot vector (the {@code -pos} worlds) unless another
 * {@link ObservationMode} is given. A malformed maze fails with {@code test-maze:line:column: what is
 * wrong}.
 */
public final class Maze {
  private Maze() {}

  /** A maze from text; without a {@code ; name:} header it is called {@code test-maze}. */
  public static World parse(String text) {
    return parse(text, ObservationMode.POSITION);
  }

  /** As {@link #parse(String)}, seen through {@code mode}. */
  public static World parse(String text, ObservationMode mode) {
    Objects.requireNonNull(mode, "mode");
    MazeLayout layout = MazeLayout.parse(text, "test-maze");
    MazeConfig config = MazeConfig.defaults().withObservation(mode);
    return World.of(() -> new MazeEnv(layout, config));
  }

  /** A generator of perfect mazes (exactly one path between any two cells). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Random perfect mazes: corridors one cell wide carved by a depth-first walk from a seed, start in
   * the top-left corner, goal in the bottom-right. The same size and seed give the same maze.
   */
  public static final class Builder {
    private int height = 9;
    private int width = 9;
    private long seed = 1;
    private int maxSteps = 0;
    private ObservationMode mode = ObservationMode.POSITION;

    private Builder() {}

    /** Outer size including the wall ring; both odd and at least 5 (default 9 x 9). */
    public Builder size(int height, int width) {
      if (height < 5 || width < 5 || height % 2 == 0 || width % 2 == 0) {
        throw new IllegalArgumentException("a generated maze needs odd sizes >= 5, got " + height + " x " + width);
      }
      if ((long) height * width > 10_000) {
        throw new IllegalArgumentException("a generated maze may have at most 10,000 cells, got " + height + " x "
            + width);
      }
      this.height = height;
      this.width = width;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Episode step limit; 0 (the default) takes the maze format's default of 4 x the free cells. */
    public Builder maxSteps(int steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("maxSteps must be >= 0, got " + steps);
      }
      this.maxSteps = steps;
      return this;
    }

    public Builder observation(ObservationMode observation) {
      this.mode = Objects.requireNonNull(observation, "observation");
      return this;
    }

    /** The maze's text in the maze format, headers included. */
    public String text() {
      char[][] g = new char[height][width];
      for (char[] row : g) {
        java.util.Arrays.fill(row, '#');
      }
      Rng rng = new Rng(seed);
      int cellRows = (height - 1) / 2;
      int cellCols = (width - 1) / 2;
      boolean[][] seen = new boolean[cellRows][cellCols];
      Deque<int[]> stack = new ArrayDeque<>();
      stack.push(new int[] {0, 0});
      seen[0][0] = true;
      g[1][1] = '.';
      int[][] moves = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
      while (!stack.isEmpty()) {
        int[] at = stack.peek();
        int[] options = new int[4];
        int count = 0;
        for (int m = 0; m < 4; m++) {
          int r = at[0] + moves[m][0];
          int c = at[1] + moves[m][1];
          if (r >= 0 && c >= 0 && r < cellRows && c < cellCols && !seen[r][c]) {
            options[count++] = m;
          }
        }
        if (count == 0) {
          stack.pop();
          continue;
        }
        int m = options[rng.nextInt(count)];
        int r = at[0] + moves[m][0];
        int c = at[1] + moves[m][1];
        seen[r][c] = true;
        g[1 + 2 * at[0] + moves[m][0]][1 + 2 * at[1] + moves[m][1]] = '.';
        g[1 + 2 * r][1 + 2 * c] = '.';
        stack.push(new int[] {r, c});
      }
      g[1][1] = 'S';
      g[height - 2][width - 2] = 'G';
      StringBuilder sb = new StringBuilder();
      sb.append("; name: random-").append(height).append('x').append(width).append("-s")
          .append(Long.toString(seed).replace('-', 'm')).append('\n');
      if (maxSteps > 0) {
        sb.append("; max_steps: ").append(maxSteps).append('\n');
      }
      for (char[] row : g) {
        sb.append(row).append('\n');
      }
      return sb.toString();
    }

    public World build() {
      return parse(text(), mode);
    }
  }
}
