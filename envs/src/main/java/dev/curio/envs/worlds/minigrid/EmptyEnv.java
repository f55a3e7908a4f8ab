package dev.curio.envs.worlds.minigrid;

/**
 * MiniGrid's Empty room ({@code minigrid/envs/empty.py}): a walled {@code size x size} square, the
 * goal in the bottom-right corner. The agent starts at {@code (1, 1)} facing right, or, in the Random
 * variants, on a random free cell facing a random direction. Step limit {@code 4 * size^2}. As in
 * MiniGrid this task sees through walls ({@code see_through_walls=True}): nothing in the view is unseen.
 * Observation {@code [7, 7, 3]}, actions {@code Discrete(7)}, see {@link MiniGridEnv}.
 */
public final class EmptyEnv extends MiniGridEnv {
  private final int size;
  private final boolean randomStart;

  /**
   * @param size side of the square including walls (>= 4, so there is room for agent and goal)
   * @param randomStart the {@code Empty-Random} variant
   */
  public EmptyEnv(int size, boolean randomStart) {
    super(id(size, randomStart), checkSize(size), size, 4 * size * size, true);
    this.size = size;
    this.randomStart = randomStart;
  }

  public static String id(int size, boolean randomStart) {
    return "MiniGrid-Empty-" + (randomStart ? "Random-" : "") + size + "x" + size + "-v0";
  }

  private static int checkSize(int size) {
    if (size < 4) {
      throw new IllegalArgumentException("Empty room size must be >= 4, got " + size);
    }
    return size;
  }

  @Override
  protected void generate() {
    grid.wallRect(0, 0, size, size);
    grid.set(size - 2, size - 2, Tile.goal());
    if (randomStart) {
      placeAgent(0, 0, size, size, true, Integer.MAX_VALUE);
    } else {
      agentX = 1;
      agentY = 1;
      agentDir = 0;
    }
    mission = "get to the green goal square";
  }
}
