package dev.curio.envs.worlds.minigrid;

import java.util.ArrayList;
import java.util.List;

/**
 * MiniGrid's MultiRoom ({@code minigrid/envs/multiroom.py}): a chain of {@code N} rooms of random size
 * (4 to {@code maxRoomSize} cells a side, walls included) laid out on a 25x25 grid, each joined to the
 * next by a closed, unlocked door whose colour differs from the previous door's. The agent starts at a
 * random cell and direction in the first room, the goal is at a random cell of the last. Doors open
 * with toggle. Step limit {@code 20 * maxNumRooms}. Walls and closed doors block sight. Observation
 * {@code [7, 7, 3]}, actions {@code Discrete(7)}, see {@link MiniGridEnv}.
 *
 * <p>Room placement follows MiniGrid's recursive generator: from a random start corner, each room
 * picks an exit wall other than its entry wall (up to 8 tries) and the next room must fit in the grid
 * and not overlap the rooms before its parent; the longest chain found wins, retried until it has
 * {@code N} rooms. Cells outside the rooms stay empty, as in MiniGrid.
 *
 * <p>Ids: {@code MiniGrid-MultiRoom-N2-S4-v0} (2 rooms, side at most 4), {@code -N4-S5-v0} (4 rooms, side at most
 * 5; gym-minigrid's definition, which published results used; Farama's package registers this id
 * with 6 rooms by mistake and added {@code -N4-S5-v1} with 4, see Minigrid issue #471),
 * {@code -N6-v0} (6 rooms, side at most 10) and RIDE's {@code -N7-S4-v0} (Raileanu and Rocktäschel 2020).
 */
public class MultiRoomEnv extends MiniGridEnv {
  private static final int GRID_SIZE = 25;

  private record Room(int topX, int topY, int sizeX, int sizeY, int entryX, int entryY) {}

  private final int minNumRooms;
  private final int maxNumRooms;
  private final int maxRoomSize;
  private int numRooms;

  /**
   * @param id the env id
   * @param minNumRooms fewest rooms (>= 1)
   * @param maxNumRooms most rooms (>= minNumRooms); the step limit is {@code 20 * maxNumRooms}
   * @param maxRoomSize largest room side, walls included (>= 4)
   */
  public MultiRoomEnv(String id, int minNumRooms, int maxNumRooms, int maxRoomSize) {
    super(id, GRID_SIZE, GRID_SIZE, 20 * check(id, minNumRooms, maxNumRooms, maxRoomSize), false);
    this.minNumRooms = minNumRooms;
    this.maxNumRooms = maxNumRooms;
    this.maxRoomSize = maxRoomSize;
  }

  /** {@code MiniGrid-MultiRoom-N{n}-S{s}-v0}: exactly {@code n} rooms of side at most {@code s}. */
  public MultiRoomEnv(int numRooms, int maxRoomSize) {
    this("MiniGrid-MultiRoom-N" + numRooms + "-S" + maxRoomSize + "-v0", numRooms, numRooms, maxRoomSize);
  }

  private static int check(String id, int minNumRooms, int maxNumRooms, int maxRoomSize) {
    if (minNumRooms < 1 || maxNumRooms < minNumRooms || maxRoomSize < 4) {
      throw new IllegalArgumentException("env " + id + ": need 1 <= minNumRooms <= maxNumRooms and maxRoomSize >= 4, got "
          + minNumRooms + ", " + maxNumRooms + ", " + maxRoomSize);
    }
    if (maxNumRooms > 12) {
      throw new IllegalArgumentException("env " + id + ": at most 12 rooms are supported on the 25x25 grid (the most RIDE used), got " + maxNumRooms);
    }
    return maxNumRooms;
  }

  /** Rooms in the current episode. */
  public int numRooms() {
    return numRooms;
  }

  @Override
  protected void generate() {
    int width = width();
    numRooms = randInt(minNumRooms, maxNumRooms + 1);
    List<Room> rooms = new ArrayList<>();
    while (rooms.size() < numRooms) {
      List<Room> attempt = new ArrayList<>();
      int ex = randInt(0, width - 2);
      int ey = randInt(0, width - 2);
      placeRoom(numRooms, attempt, 4, maxRoomSize, 2, ex, ey);
      if (attempt.size() > rooms.size()) {
        rooms = attempt;
      }
    }
    int prevDoorColor = -1;
    for (int idx = 0; idx < rooms.size(); idx++) {
      Room room = rooms.get(idx);
      for (int i = 0; i < room.sizeX; i++) {
        grid.set(room.topX + i, room.topY, Tile.wall());
        grid.set(room.topX + i, room.topY + room.sizeY - 1, Tile.wall());
      }
      for (int j = 0; j < room.sizeY; j++) {
        grid.set(room.topX, room.topY + j, Tile.wall());
        grid.set(room.topX + room.sizeX - 1, room.topY + j, Tile.wall());
      }
      if (idx == 0) {
        afterFirstRoom(room.topX, room.topY, room.sizeX, room.sizeY);
      } else {
        int color = otherColor(prevDoorColor);
        grid.set(room.entryX, room.entryY, Tile.door(color, Tile.CLOSED));
        prevDoorColor = color;
      }
    }
    Room first = rooms.get(0);
    Room last = rooms.get(rooms.size() - 1);
    placeAgent(first.topX, first.topY, first.sizeX, first.sizeY, true, Integer.MAX_VALUE);
    placeObj(Tile.goal(), last.topX, last.topY, last.sizeX, last.sizeY, null, Integer.MAX_VALUE);
    mission = "traverse the rooms to get to the goal";
  }

  /** Called once the first room's walls are drawn (before any door); the noisy TV goes here. */
  protected void afterFirstRoom(int topX, int topY, int sizeX, int sizeY) {}

  /** A uniformly random colour other than {@code previous} (any colour if {@code previous < 0}). */
  private int otherColor(int previous) {
    int[] choices = new int[Tile.NUM_COLORS];
    int n = 0;
    for (int c : Tile.SORTED_COLORS) {
      if (c != previous) {
        choices[n++] = c;
      }
    }
    return choices[rng.nextInt(n)];
  }

  /** MiniGrid's {@code _placeRoom}; walls: 0 right, 1 south, 2 left, 3 north. */
  private boolean placeRoom(int numLeft, List<Room> rooms, int minSz, int maxSz, int entryWall, int ex, int ey) {
    int sizeX = randInt(minSz, maxSz + 1);
    int sizeY = randInt(minSz, maxSz + 1);
    int topX;
    int topY;
    if (rooms.isEmpty()) {
      topX = ex;
      topY = ey;
    } else if (entryWall == 0) {
      topX = ex - sizeX + 1;
      topY = randInt(ey - sizeY + 2, ey);
    } else if (entryWall == 1) {
      topX = randInt(ex - sizeX + 2, ex);
      topY = ey - sizeY + 1;
    } else if (entryWall == 2) {
      topX = ex;
      topY = randInt(ey - sizeY + 2, ey);
    } else {
      topX = randInt(ex - sizeX + 2, ex);
      topY = ey;
    }
    if (topX < 0 || topY < 0) {
      return false;
    }
    // MiniGrid's bounds test, asymmetric in x and y as in the reference.
    if (topX + sizeX > width() || topY + sizeY >= height()) {
      return false;
    }
    // Overlap with every room but the parent (the last one), with the reference's inequalities.
    for (int k = 0; k < rooms.size() - 1; k++) {
      Room r = rooms.get(k);
      boolean apart = topX + sizeX < r.topX || r.topX + r.sizeX <= topX
          || topY + sizeY < r.topY || r.topY + r.sizeY <= topY;
      if (!apart) {
        return false;
      }
    }
    rooms.add(new Room(topX, topY, sizeX, sizeY, ex, ey));
    if (numLeft == 1) {
      return true;
    }
    for (int attempt = 0; attempt < 8; attempt++) {
      int pick = randInt(0, 3);
      int exitWall = pick >= entryWall ? pick + 1 : pick; // the three walls other than the entry, in order
      int nextEntryWall = (exitWall + 2) % 4;
      int nx;
      int ny;
      if (exitWall == 0) {
        nx = topX + sizeX - 1;
        ny = topY + randInt(1, sizeY - 1);
      } else if (exitWall == 1) {
        nx = topX + randInt(1, sizeX - 1);
        ny = topY + sizeY - 1;
      } else if (exitWall == 2) {
        nx = topX;
        ny = topY + randInt(1, sizeY - 1);
      } else {
        nx = topX + randInt(1, sizeX - 1);
        ny = topY;
      }
      if (placeRoom(numLeft - 1, rooms, minSz, maxSz, nextEntryWall, nx, ny)) {
        break;
      }
    }
    return true;
  }
}
