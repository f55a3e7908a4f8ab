package dev.curio.envs.worlds.minigrid;

/**
 * MiniGrid's {@code RoomGrid} ({@code minigrid/core/roomgrid.py}): a {@code numCols x numRows} array
 * of square rooms of side {@code roomSize} (walls included, neighbours share a wall), with one
 * candidate door cell drawn at random on each shared wall, and helpers to add doors and objects,
 * knock down walls, place the agent, and connect all rooms. Walls block sight. Grid size:
 * {@code ((roomSize - 1) * numCols + 1) x ((roomSize - 1) * numRows + 1)}.
 */
public abstract class RoomGridEnv extends MiniGridEnv {
  /** Wall and neighbour order: right, down, left, up. */
  protected static final int RIGHT_WALL = 0;
  protected static final int DOWN_WALL = 1;
  protected static final int LEFT_WALL = 2;
  protected static final int UP_WALL = 3;

  private static final int NO_LINK = 0;
  private static final int OPENING = 1;
  private static final int DOOR_LINK = 2;

  /** One room: its rectangle, door cells, links to neighbours, and whether it is behind a locked door. */
  protected static final class Room {
    final int topX;
    final int topY;
    final int[] doorX = {-1, -1, -1, -1};
    final int[] doorY = {-1, -1, -1, -1};
    final int[] links = new int[4];
    final Room[] neighbors = new Room[4];
    boolean locked;

    Room(int topX, int topY) {
      this.topX = topX;
      this.topY = topY;
    }
  }

  protected final int roomSize;
  protected final int numRows;
  protected final int numCols;
  private final Room[] rooms;

  protected RoomGridEnv(String id, int roomSize, int numRows, int numCols, int maxSteps) {
    super(id, (check(id, roomSize, numRows, numCols) - 1) * numCols + 1, (roomSize - 1) * numRows + 1, maxSteps, false);
    this.roomSize = roomSize;
    this.numRows = numRows;
    this.numCols = numCols;
    this.rooms = new Room[numRows * numCols];
  }

  private static int check(String id, int roomSize, int numRows, int numCols) {
    if (roomSize < 3 || numRows < 1 || numCols < 1) {
      throw new IllegalArgumentException("env " + id + ": need roomSize >= 3 and at least one row and column, got roomSize "
          + roomSize + ", " + numRows + " rows, " + numCols + " columns");
    }
    return roomSize;
  }

  protected final Room room(int i, int j) {
    return rooms[j * numCols + i];
  }

  /** Draws the rooms, draws door cells on shared walls, and puts the agent in the middle facing right. */
  protected final void buildRooms() {
    int step = roomSize - 1;
    for (int j = 0; j < numRows; j++) {
      for (int i = 0; i < numCols; i++) {
        Room r = new Room(i * step, j * step);
        rooms[j * numCols + i] = r;
        grid.wallRect(r.topX, r.topY, roomSize, roomSize);
      }
    }
    for (int j = 0; j < numRows; j++) {
      for (int i = 0; i < numCols; i++) {
        Room r = room(i, j);
        int xl = r.topX + 1;
        int yl = r.topY + 1;
        int xm = r.topX + roomSize - 1;
        int ym = r.topY + roomSize - 1;
        if (i < numCols - 1) {
          r.neighbors[RIGHT_WALL] = room(i + 1, j);
          r.doorX[RIGHT_WALL] = xm;
          r.doorY[RIGHT_WALL] = randInt(yl, ym);
        }
        if (j < numRows - 1) {
          r.neighbors[DOWN_WALL] = room(i, j + 1);
          r.doorX[DOWN_WALL] = randInt(xl, xm);
          r.doorY[DOWN_WALL] = ym;
        }
        if (i > 0) {
          Room n = room(i - 1, j);
          r.neighbors[LEFT_WALL] = n;
          r.doorX[LEFT_WALL] = n.doorX[RIGHT_WALL];
          r.doorY[LEFT_WALL] = n.doorY[RIGHT_WALL];
        }
        if (j > 0) {
          Room n = room(i, j - 1);
          r.neighbors[UP_WALL] = n;
          r.doorX[UP_WALL] = n.doorX[DOWN_WALL];
          r.doorY[UP_WALL] = n.doorY[DOWN_WALL];
        }
      }
    }
    agentX = (numCols / 2) * step + roomSize / 2;
    agentY = (numRows / 2) * step + roomSize / 2;
    agentDir = 0;
  }

  /** Puts {@code tile} at a random free cell of room {@code (i, j)}, not next to the agent. */
  protected final GridPos placeInRoom(int i, int j, int tile) {
    Room r = room(i, j);
    int sx = agentX;
    int sy = agentY;
    return placeObj(tile, r.topX, r.topY, roomSize, roomSize, (x, y) -> Math.abs(sx - x) + Math.abs(sy - y) < 2, 1000);
  }

  /** Adds a door on wall {@code wall} of room {@code (i, j)}; returns the door tile. */
  protected final int addDoor(int i, int j, int wall, int color, boolean locked) {
    Room r = room(i, j);
    if (r.links[wall] != NO_LINK || r.neighbors[wall] == null) {
      throw new IllegalStateException("env " + spec().id() + ": room (" + i + ", " + j + ") cannot take a door on wall " + wall);
    }
    r.locked = locked;
    int door = Tile.door(color, locked ? Tile.LOCKED : Tile.CLOSED);
    grid.set(r.doorX[wall], r.doorY[wall], door);
    r.links[wall] = DOOR_LINK;
    r.neighbors[wall].links[(wall + 2) % 4] = DOOR_LINK;
    return door;
  }

  /** Knocks down the inner part of wall {@code wall} of room {@code (i, j)}. */
  protected final void removeWall(int i, int j, int wall) {
    Room r = room(i, j);
    if (r.links[wall] != NO_LINK || r.neighbors[wall] == null) {
      throw new IllegalStateException("env " + spec().id() + ": room (" + i + ", " + j + ") cannot lose wall " + wall);
    }
    int tx = r.topX;
    int ty = r.topY;
    int s = roomSize;
    for (int k = 1; k < s - 1; k++) {
      switch (wall) {
        case RIGHT_WALL -> grid.set(tx + s - 1, ty + k, Tile.NONE);
        case DOWN_WALL -> grid.set(tx + k, ty + s - 1, Tile.NONE);
        case LEFT_WALL -> grid.set(tx, ty + k, Tile.NONE);
        default -> grid.set(tx + k, ty, Tile.NONE);
      }
    }
    r.links[wall] = OPENING;
    r.neighbors[wall].links[(wall + 2) % 4] = OPENING;
  }

  /** Places the agent in room {@code (i, j)}, random direction, not facing an object or door. */
  protected final void placeAgentInRoom(int i, int j) {
    Room r = room(i, j);
    while (true) {
      placeAgent(r.topX, r.topY, roomSize, roomSize, true, 1000);
      int front = grid.get(agentX + EgocentricView.dx(agentDir), agentY + EgocentricView.dy(agentDir));
      if (front == Tile.NONE || Tile.type(front) == Tile.WALL) {
        return;
      }
    }
  }

  /** Adds unlocked doors of random colours until every room is reachable from the agent's room. */
  protected final void connectAll() {
    Room start = room(agentX / (roomSize - 1), agentY / (roomSize - 1));
    for (int itrs = 0; ; itrs++) {
      if (itrs > 5000) {
        throw new IllegalStateException("env " + spec().id() + ": could not connect all rooms");
      }
      if (reachable(start) == rooms.length) {
        return;
      }
      int i = randInt(0, numCols);
      int j = randInt(0, numRows);
      int k = randInt(0, 4);
      Room r = room(i, j);
      if (r.doorX[k] < 0 || r.links[k] != NO_LINK) {
        continue;
      }
      if (r.locked || r.neighbors[k].locked) {
        continue;
      }
      addDoor(i, j, k, randColor(), false);
    }
  }

  private int reachable(Room start) {
    boolean[] seen = new boolean[rooms.length];
    Room[] stack = new Room[rooms.length * 4 + 1];
    int top = 0;
    int count = 0;
    stack[top++] = start;
    while (top > 0) {
      Room r = stack[--top];
      int idx = (r.topY / (roomSize - 1)) * numCols + r.topX / (roomSize - 1);
      if (seen[idx]) {
        continue;
      }
      seen[idx] = true;
      count++;
      for (int k = 0; k < 4; k++) {
        if (r.links[k] != NO_LINK) {
          stack[top++] = r.neighbors[k];
        }
      }
    }
    return count;
  }
}
