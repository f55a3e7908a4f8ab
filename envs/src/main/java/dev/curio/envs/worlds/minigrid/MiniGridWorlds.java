package dev.curio.envs.worlds.minigrid;

import dev.curio.envs.registry.WorldEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The MiniGrid family under MiniGrid's ids (Farama {@code minigrid/__init__.py}; gym-minigrid's
 * {@code MultiRoom-N4-S5-v0} definition; RIDE's N7-S4 and noisy-TV variants).
 */
public final class MiniGridWorlds {
  private MiniGridWorlds() {}

  /** Every MiniGrid world, one entry per id. */
  public static List<WorldEntry> entries() {
    List<WorldEntry> out = new ArrayList<>();
    for (int size : new int[] {5, 6, 8, 16}) {
      out.add(new WorldEntry(EmptyEnv.id(size, false),
          "MiniGrid empty " + size + "x" + size + " room, start top-left, goal bottom-right", () -> new EmptyEnv(size, false)));
    }
    for (int size : new int[] {5, 6}) {
      out.add(new WorldEntry(EmptyEnv.id(size, true),
          "MiniGrid empty " + size + "x" + size + " room, random start", () -> new EmptyEnv(size, true)));
    }
    out.add(new WorldEntry(FourRoomsEnv.ID, "MiniGrid four rooms 19x19, random start and goal", FourRoomsEnv::new));
    for (int size : new int[] {5, 6, 8, 16}) {
      out.add(new WorldEntry(DoorKeyEnv.id(size),
          "MiniGrid " + size + "x" + size + ": pick up the key, unlock the door, reach the goal", () -> new DoorKeyEnv(size)));
    }
    out.add(new WorldEntry("MiniGrid-MultiRoom-N2-S4-v0", "MiniGrid chain of 2 rooms (side <= 4) joined by doors",
        () -> new MultiRoomEnv(2, 4)));
    out.add(new WorldEntry("MiniGrid-MultiRoom-N4-S5-v0", "MiniGrid chain of 4 rooms (side <= 5), gym-minigrid's definition",
        () -> new MultiRoomEnv(4, 5)));
    out.add(new WorldEntry("MiniGrid-MultiRoom-N6-v0", "MiniGrid chain of 6 rooms (side <= 10) joined by doors",
        () -> new MultiRoomEnv("MiniGrid-MultiRoom-N6-v0", 6, 6, 10)));
    out.add(new WorldEntry("MiniGrid-MultiRoom-N7-S4-v0", "RIDE's chain of 7 rooms (side <= 4)",
        () -> new MultiRoomEnv(7, 4)));
    for (int[] ns : new int[][] {{2, 4}, {4, 5}, {7, 4}}) {
      int n = ns[0];
      int s = ns[1];
      out.add(new WorldEntry("MiniGrid-MultiRoomNoisyTV-N" + n + "-S" + s + "-v0",
          "MultiRoom N" + n + "-S" + s + " with RIDE's noisy TV: drop recolours a ball in the first room",
          () -> new MultiRoomNoisyTvEnv(n, s)));
    }
    for (int[] sr : new int[][] {{3, 1}, {3, 2}, {3, 3}, {4, 3}, {5, 3}, {6, 3}}) {
      int s = sr[0];
      int r = sr[1];
      out.add(new WorldEntry(KeyCorridorEnv.id(s, r),
          "MiniGrid key corridor, rooms of side " + s + ", " + r + " row(s): find the key, unlock, pick up the ball",
          () -> new KeyCorridorEnv(s, r)));
    }
    return List.copyOf(out);
  }
}
