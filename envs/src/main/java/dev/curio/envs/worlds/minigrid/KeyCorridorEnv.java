package dev.curio.envs.worlds.minigrid;

/**
 * MiniGrid's KeyCorridor ({@code minigrid/envs/keycorridor.py}): a {@link RoomGridEnv} of 3 columns
 * and {@code numRows} rows of rooms of side {@code roomSize}. The middle column is one corridor; a
 * ball of random colour lies in a right-hand room behind a locked door of random colour, the key of
 * that colour in a random left-hand room; other rooms get unlocked doors until all are reachable. The
 * agent starts in the corridor's middle room, not facing a door or object. Success (reward
 * {@code 1 - 0.9 * stepCount / maxSteps}, terminated) is picking up the ball, which needs the key
 * dropped first. Step limit {@code 30 * roomSize^2}. Observation {@code [7, 7, 3]}, actions
 * {@code Discrete(7)}, see {@link MiniGridEnv}. Ids {@code MiniGrid-KeyCorridorS{s}R{r}-v0}.
 */
public final class KeyCorridorEnv extends RoomGridEnv {
  private int target = Tile.NONE;

  /**
   * @param roomSize side of each room, walls included (>= 3)
   * @param numRows rows of rooms (>= 1)
   */
  public KeyCorridorEnv(int roomSize, int numRows) {
    super(id(roomSize, numRows), roomSize, numRows, 3, 30 * roomSize * roomSize);
  }

  public static String id(int roomSize, int numRows) {
    return "MiniGrid-KeyCorridorS" + roomSize + "R" + numRows + "-v0";
  }

  /** The ball to pick up in this episode. */
  public int target() {
    return target;
  }

  @Override
  protected void generate() {
    buildRooms();
    for (int j = 1; j < numRows; j++) {
      removeWall(1, j, UP_WALL);
    }
    int roomIdx = randInt(0, numRows);
    int door = addDoor(2, roomIdx, LEFT_WALL, randColor(), true);
    target = Tile.ball(randColor());
    placeInRoom(2, roomIdx, target);
    placeInRoom(0, randInt(0, numRows), Tile.key(Tile.color(door)));
    placeAgentInRoom(1, numRows / 2);
    connectAll();
    mission = "pick up the " + Tile.colorName(Tile.color(target)) + " ball";
  }

  @Override
  protected boolean succeeded(int action) {
    return action == PICKUP && carrying == target;
  }
}
