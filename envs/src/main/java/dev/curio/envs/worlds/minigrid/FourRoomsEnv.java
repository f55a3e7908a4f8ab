package dev.curio.envs.worlds.minigrid;

/**
 * MiniGrid's FourRooms ({@code minigrid/envs/fourrooms.py}, after Sutton, Precup and Singh 1999): a
 * 19x19 grid split into four rooms joined by four one-cell gaps at random places in the dividing
 * walls; the agent (random cell and direction) and the goal (random cell) anywhere. Step limit 100.
 * Walls block sight. Observation {@code [7, 7, 3]}, actions {@code Discrete(7)}, see {@link MiniGridEnv}.
 */
public final class FourRoomsEnv extends MiniGridEnv {
  public static final String ID = "MiniGrid-FourRooms-v0";
  private static final int SIZE = 19;

  public FourRoomsEnv() {
    super(ID, SIZE, SIZE, 100, false);
  }

  @Override
  protected void generate() {
    int w = SIZE;
    int h = SIZE;
    grid.horzWall(0, 0, w);
    grid.horzWall(0, h - 1, w);
    grid.vertWall(0, 0, h);
    grid.vertWall(w - 1, 0, h);
    int roomW = w / 2;
    int roomH = h / 2;
    for (int j = 0; j < 2; j++) {
      for (int i = 0; i < 2; i++) {
        int xL = i * roomW;
        int yT = j * roomH;
        int xR = xL + roomW;
        int yB = yT + roomH;
        if (i + 1 < 2) {
          grid.vertWall(xR, yT, roomH);
          grid.set(xR, randInt(yT + 1, yB), Tile.NONE);
        }
        if (j + 1 < 2) {
          grid.horzWall(xL, yB, roomW);
          grid.set(randInt(xL + 1, xR), yB, Tile.NONE);
        }
      }
    }
    placeAgent(0, 0, w, h, true, Integer.MAX_VALUE);
    placeObj(Tile.goal());
    mission = "reach the goal";
  }
}
