package dev.curio.envs.worlds.minigrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.registry.WorldEntry;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Procedural layouts: seeded, varied, and shaped like MiniGrid's. */
class GenerationTest {
  static Set<String> ids() {
    Set<String> ids = new java.util.LinkedHashSet<>();
    for (WorldEntry e : MiniGridWorlds.entries()) {
      ids.add(e.id());
    }
    return ids;
  }

  private static MiniGridEnv make(String id) {
    for (WorldEntry e : MiniGridWorlds.entries()) {
      if (e.id().equals(id)) {
        return (MiniGridEnv) e.factory().get();
      }
    }
    throw new AssertionError("no entry " + id);
  }

  private static String layout(MiniGridEnv env, long seed) {
    env.reset(seed);
    return java.util.Arrays.toString(env.gridSnapshot()) + " agent " + env.agentX() + "," + env.agentY() + "," + env.agentDirection();
  }

  @ParameterizedTest
  @MethodSource("ids")
  void sameSeedSameLayoutAcrossInstances(String id) {
    MiniGridEnv a = make(id);
    MiniGridEnv b = make(id);
    layout(b, 99); // a used instance must forget its previous episode
    for (long seed : new long[] {0, 1, 42}) {
      assertEquals(layout(a, seed), layout(b, seed), id + " seed " + seed);
    }
  }

  @ParameterizedTest
  @MethodSource("ids")
  void differentSeedsGiveDifferentLayouts(String id) {
    MiniGridEnv env = make(id);
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 10; seed++) {
      seen.add(layout(env, seed));
    }
    if (id.matches("MiniGrid-Empty-\\d+x\\d+-v0")) {
      assertEquals(1, seen.size(), "the fixed-start Empty rooms never change");
    } else {
      assertTrue(seen.size() >= 3, id + " gave only " + seen.size() + " layouts in 10 seeds");
    }
  }

  @Test
  void registryHasTheAskedIds() {
    Set<String> ids = ids();
    for (String id : new String[] {"MiniGrid-Empty-5x5-v0", "MiniGrid-Empty-6x6-v0", "MiniGrid-Empty-8x8-v0",
        "MiniGrid-Empty-16x16-v0", "MiniGrid-Empty-Random-5x5-v0", "MiniGrid-Empty-Random-6x6-v0",
        "MiniGrid-FourRooms-v0", "MiniGrid-DoorKey-5x5-v0", "MiniGrid-DoorKey-8x8-v0", "MiniGrid-DoorKey-16x16-v0",
        "MiniGrid-MultiRoom-N2-S4-v0", "MiniGrid-MultiRoom-N4-S5-v0", "MiniGrid-MultiRoom-N6-v0",
        "MiniGrid-KeyCorridorS3R1-v0", "MiniGrid-KeyCorridorS3R2-v0", "MiniGrid-KeyCorridorS3R3-v0",
        "MiniGrid-MultiRoomNoisyTV-N2-S4-v0", "MiniGrid-MultiRoomNoisyTV-N4-S5-v0"}) {
      assertTrue(ids.contains(id), id);
    }
    for (WorldEntry e : MiniGridWorlds.entries()) {
      assertEquals(e.id(), e.factory().get().spec().id(), "entry id and spec id agree");
    }
  }

  /** Cells reachable from the agent; walls block, doors pass only if {@code doorsPass}, objects pass. */
  private static boolean[] reach(MiniGridEnv env, boolean lockedPass) {
    int w = env.width();
    boolean[] seen = new boolean[w * env.height()];
    ArrayDeque<int[]> queue = new ArrayDeque<>();
    queue.add(new int[] {env.agentX(), env.agentY()});
    seen[env.agentY() * w + env.agentX()] = true;
    while (!queue.isEmpty()) {
      int[] p = queue.poll();
      for (int d = 0; d < 4; d++) {
        int x = p[0] + EgocentricView.dx(d);
        int y = p[1] + EgocentricView.dy(d);
        if (x < 0 || y < 0 || x >= w || y >= env.height() || seen[y * w + x]) {
          continue;
        }
        int t = env.tileAt(x, y);
        int type = Tile.type(t);
        if (t != Tile.NONE && (type == Tile.WALL || type == Tile.DOOR && Tile.state(t) == Tile.LOCKED && !lockedPass)) {
          continue;
        }
        seen[y * w + x] = true;
        queue.add(new int[] {x, y});
      }
    }
    return seen;
  }

  private static int count(MiniGridEnv env, int tile) {
    int n = 0;
    for (int t : env.gridSnapshot()) {
      n += t == tile ? 1 : 0;
    }
    return n;
  }

  private static int countType(MiniGridEnv env, int type) {
    int n = 0;
    for (int t : env.gridSnapshot()) {
      n += t != Tile.NONE && Tile.type(t) == type ? 1 : 0;
    }
    return n;
  }

  private static GridPos find(MiniGridEnv env, int tile) {
    for (int y = 0; y < env.height(); y++) {
      for (int x = 0; x < env.width(); x++) {
        if (env.tileAt(x, y) == tile) {
          return new GridPos(x, y);
        }
      }
    }
    throw new AssertionError("no " + Tile.describe(tile) + "\n" + env.render());
  }

  @Test
  void doorKeyLayouts() {
    for (int size : new int[] {5, 8, 16}) {
      DoorKeyEnv env = new DoorKeyEnv(size);
      Set<Integer> splits = new HashSet<>();
      for (long seed = 0; seed < 100; seed++) {
        env.reset(seed);
        GridPos door = find(env, Tile.door(Tile.YELLOW, Tile.LOCKED));
        GridPos key = find(env, Tile.key(Tile.YELLOW));
        assertEquals(1, count(env, Tile.key(Tile.YELLOW)));
        assertEquals(Tile.goal(), env.tileAt(size - 2, size - 2));
        assertTrue(door.x() >= 2 && door.x() < size - 2 && door.y() >= 1 && door.y() < size - 2, "door " + door);
        assertTrue(key.x() < door.x() && env.agentX() < door.x(), env.render());
        boolean[] free = reach(env, false);
        boolean[] open = reach(env, true);
        int goal = (size - 2) * size + size - 2;
        assertFalse(free[goal], "the goal is behind the locked door\n" + env.render());
        assertTrue(open[goal] && free[key.y() * size + key.x()], env.render());
        splits.add(door.x());
      }
      assertEquals(size - 4, splits.size(), "split column uniform over [2, size-2)");
    }
  }

  @Test
  void multiRoomLayouts() {
    int[][] configs = {{2, 4}, {4, 5}, {6, 10}, {7, 4}};
    for (int[] nc : configs) {
      MultiRoomEnv env = new MultiRoomEnv("x", nc[0], nc[0], nc[1]);
      for (long seed = 0; seed < 60; seed++) {
        env.reset(seed);
        assertEquals(nc[0], env.numRooms());
        assertEquals(nc[0] - 1, countType(env, Tile.DOOR), env.render());
        for (int t : env.gridSnapshot()) {
          if (t != Tile.NONE && Tile.type(t) == Tile.DOOR) {
            assertEquals(Tile.CLOSED, Tile.state(t));
          }
        }
        GridPos goal = find(env, Tile.goal());
        assertTrue(reach(env, false)[goal.y() * env.width() + goal.x()], "goal unreachable\n" + env.render());
      }
    }
  }

  @Test
  void keyCorridorLayouts() {
    for (int rows = 1; rows <= 3; rows++) {
      KeyCorridorEnv env = new KeyCorridorEnv(3, rows);
      assertEquals(7, env.width());
      assertEquals(2 * rows + 1, env.height());
      for (long seed = 0; seed < 60; seed++) {
        env.reset(seed);
        assertEquals(1, countType(env, Tile.BALL));
        assertEquals(1, countType(env, Tile.KEY));
        int locked = 0;
        int lockedColor = -1;
        for (int t : env.gridSnapshot()) {
          if (t != Tile.NONE && Tile.type(t) == Tile.DOOR && Tile.state(t) == Tile.LOCKED) {
            locked++;
            lockedColor = Tile.color(t);
          }
        }
        assertEquals(1, locked);
        GridPos ball = find(env, env.target());
        GridPos key = find(env, Tile.key(lockedColor));
        assertEquals(5, ball.x(), "ball in the right column");
        assertEquals(1, key.x(), "key in the left column");
        assertEquals(3, env.agentX(), "agent in the corridor");
        assertEquals("pick up the " + Tile.colorName(Tile.color(env.target())) + " ball", env.mission());
        boolean[] free = reach(env, false);
        assertTrue(free[key.y() * 7 + key.x()], "key reachable\n" + env.render());
        assertFalse(free[ball.y() * 7 + ball.x()], "ball locked away\n" + env.render());
        assertTrue(reach(env, true)[ball.y() * 7 + ball.x()]);
        // (MiniGrid places the agent facing nothing or a wall, but connect_all adds doors afterwards,
        // so the agent may face a door at the start.)
      }
    }
  }

  @Test
  void keyCorridorSolvedByPickingUpTheBall() {
    // S3R1 is 7x3: key room (1,1), corridor (3,1), ball room (5,1); doors at (2,1) and (4,1) (locked).
    KeyCorridorEnv env = new KeyCorridorEnv(3, 1);
    for (long seed = 0; seed < 5; seed++) {
      env.reset(seed);
      assertEquals(new GridPos(3, 1), new GridPos(env.agentX(), env.agentY()));
      while (env.agentDirection() != 2) {
        env.step(MiniGridEnv.LEFT);
      }
      env.step(MiniGridEnv.TOGGLE);   // open the unlocked door (2,1)
      env.step(MiniGridEnv.FORWARD);  // stand in it
      env.step(MiniGridEnv.PICKUP);   // take the key at (1,1)
      assertEquals(Tile.KEY, Tile.type(env.carrying()), env.render());
      env.step(MiniGridEnv.RIGHT);
      env.step(MiniGridEnv.RIGHT);    // face right
      env.step(MiniGridEnv.FORWARD);  // (3,1)
      env.step(MiniGridEnv.FORWARD);  // blocked by the locked door
      assertEquals(3, env.agentX());
      env.step(MiniGridEnv.TOGGLE);   // unlock with the matching key
      assertEquals(Tile.OPEN, Tile.state(env.tileAt(4, 1)), env.render());
      env.step(MiniGridEnv.FORWARD);  // stand in (4,1), the ball ahead at (5,1)
      dev.curio.envs.Step<float[]> s = env.step(MiniGridEnv.PICKUP);
      assertFalse(s.done(), "hands are still full of the key");
      env.step(MiniGridEnv.LEFT);     // face up: a wall
      env.step(MiniGridEnv.DROP);
      assertEquals(Tile.KEY, Tile.type(env.carrying()), "cannot drop onto a wall");
      env.step(MiniGridEnv.LEFT);     // face left: (3,1) is empty
      env.step(MiniGridEnv.DROP);
      assertEquals(Tile.NONE, env.carrying());
      env.step(MiniGridEnv.LEFT);
      env.step(MiniGridEnv.LEFT);     // face the ball
      s = env.step(MiniGridEnv.PICKUP);
      assertTrue(s.terminated(), env.render());
      assertEquals(MiniGridEnv.successReward(env.stepCount(), 270), s.reward(), 1e-12);
      assertTrue(s.reward() > 0.9);
    }
  }

  @Test
  void fourRoomsAllFloorConnected() {
    FourRoomsEnv env = new FourRoomsEnv();
    for (long seed = 0; seed < 50; seed++) {
      env.reset(seed);
      boolean[] r = reach(env, false);
      int[] tiles = env.gridSnapshot();
      for (int i = 0; i < tiles.length; i++) {
        if (tiles[i] == Tile.NONE || Tile.type(tiles[i]) == Tile.GOAL) {
          assertTrue(r[i], "cell " + i + " unreachable\n" + env.render());
        }
      }
      assertEquals(1, count(env, Tile.goal()));
      // Walls: border 4 * 18, dividers 17 + 17 inner cells (crossing counted once), minus the 4 gaps.
      assertEquals(4 * 18 + 2 * 17 - 1 - 4, countType(env, Tile.WALL), env.render());
    }
  }

  @Test
  void emptyRandomStartsVary() {
    EmptyEnv env = new EmptyEnv(6, true);
    Set<String> starts = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      env.reset(seed);
      starts.add(env.agentX() + "," + env.agentY() + "," + env.agentDirection());
      assertTrue(env.tileAt(env.agentX(), env.agentY()) == Tile.NONE);
    }
    // 15 free cells (16 inner minus the goal) times 4 directions = 60 starts.
    assertTrue(starts.size() > 50, "only " + starts.size() + " distinct starts");
  }

  @Test
  void sameSeedSameObservationsForSameActions() {
    MultiRoomEnv a = new MultiRoomEnv(4, 5);
    MultiRoomEnv b = new MultiRoomEnv(4, 5);
    assertArrayEquals(a.reset(11).observation(), b.reset(11).observation());
    for (int t = 0; t < 30; t++) {
      int action = (t * 7 + 3) % 7;
      var sa = a.step(action);
      var sb = b.step(action);
      assertArrayEquals(sa.observation(), sb.observation());
      if (sa.done()) {
        break;
      }
    }
  }
}
