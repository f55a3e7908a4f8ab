package dev.curio.envs.worlds.minigrid;

/**
 * MiniGrid's DoorKey ({@code minigrid/envs/doorkey.py}): a walled {@code size x size} square split by
 * a vertical wall at a random column with a locked yellow door at a random row; the agent (random
 * cell and direction) and a yellow key on the left, the goal in the bottom-right corner. The agent
 * must pick up the key, toggle the door open and reach the goal. Step limit {@code 10 * size^2}.
 * Walls block sight. Observation {@code [7, 7, 3]}, actions {@code Discrete(7)}, see {@link MiniGridEnv}.
 */
public final class DoorKeyEnv extends MiniGridEnv {
  private final int size;

  /** @param size side of the square including walls (>= 5) */
  public DoorKeyEnv(int size) {
    super(id(size), checkSize(size), size, 10 * size * size, false);
    this.size = size;
  }

  public static String id(int size) {
    return "MiniGrid-DoorKey-" + size + "x" + size + "-v0";
  }

  private static int checkSize(int size) {
    if (size < 5) {
      throw new IllegalArgumentException("DoorKey size must be >= 5, got " + size);
    }
    return size;
  }

  @Override
  protected void generate() {
    grid.wallRect(0, 0, size, size);
    grid.set(size - 2, size - 2, Tile.goal());
    int split = randInt(2, size - 2);
    grid.vertWall(split, 0, size);
    placeAgent(0, 0, split, size, true, Integer.MAX_VALUE);
    int doorY = randInt(1, size - 2);
    grid.set(split, doorY, Tile.door(Tile.YELLOW, Tile.LOCKED));
    placeObj(Tile.key(Tile.YELLOW), 0, 0, split, size, null, Integer.MAX_VALUE);
    mission = "use the key to open the door and then get to the goal";
  }
}
