package dev.curio.envs.worlds.minigrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Info;
import dev.curio.envs.Step;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RIDE's noisy TV: drop recolours the ball, flagged in the info. */
class NoisyTvTest {
  /** The view cell holding a ball, as (row * 7 + col), or -1. */
  private static int ballCell(float[] obs) {
    for (int i = 0; i < 49; i++) {
      if (obs[i * 3] == Tile.BALL) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void oneTvInTheFirstRoom() {
    MultiRoomNoisyTvEnv env = new MultiRoomNoisyTvEnv(4, 5);
    for (long seed = 0; seed < 100; seed++) {
      Info info = env.reset(seed).info();
      assertFalse(info.require(MultiRoomNoisyTvEnv.TV_PRESS));
      int balls = 0;
      for (int t : env.gridSnapshot()) {
        balls += t != Tile.NONE && Tile.type(t) == Tile.BALL ? 1 : 0;
      }
      assertEquals(1, balls, env.render());
      GridPos tv = env.tvPosition();
      assertEquals(Tile.BALL, Tile.type(env.tileAt(tv.x(), tv.y())));
      // Same room as the agent: walk from the agent without crossing any door.
      assertTrue(sameRoom(env, tv), "TV and agent share the first room\n" + env.render());
    }
  }

  private static boolean sameRoom(MiniGridEnv env, GridPos target) {
    boolean[] seen = new boolean[env.width() * env.height()];
    java.util.ArrayDeque<int[]> q = new java.util.ArrayDeque<>();
    q.add(new int[] {env.agentX(), env.agentY()});
    while (!q.isEmpty()) {
      int[] p = q.poll();
      if (p[0] == target.x() && p[1] == target.y()) {
        return true;
      }
      int t = env.tileAt(p[0], p[1]);
      if (seen[p[1] * env.width() + p[0]] || Tile.type(t) == Tile.WALL || Tile.type(t) == Tile.DOOR) {
        continue;
      }
      seen[p[1] * env.width() + p[0]] = true;
      for (int d = 0; d < 4; d++) {
        q.add(new int[] {p[0] + EgocentricView.dx(d), p[1] + EgocentricView.dy(d)});
      }
    }
    return false;
  }

  @Test
  void pressInViewRecoloursTheTvAndIsFlagged() {
    MultiRoomNoisyTvEnv env = new MultiRoomNoisyTvEnv(2, 4);
    long seed = -1;
    for (long candidate = 0; candidate < 1000 && seed < 0; candidate++) {
      if (ballCell(env.reset(candidate).observation()) >= 0) {
        seed = candidate;
      }
    }
    assertTrue(seed >= 0, "no seed starts with the TV in view");
    var reset = env.reset(seed);
    float[] obs = reset.observation();
    assertTrue(reset.info().require(MultiRoomNoisyTvEnv.TV_VISIBLE));
    int cell = ballCell(obs);
    int[] before = env.gridSnapshot();
    GridPos tv = env.tvPosition();
    Set<Integer> colours = new HashSet<>();
    colours.add(env.tvColor());
    int changes = 0;
    int previous = env.tvColor();
    for (int press = 0; press < 12; press++) {
      Step<float[]> s = env.step(MiniGridEnv.DROP);
      assertTrue(s.info().require(MultiRoomNoisyTvEnv.TV_PRESS));
      assertTrue(s.info().require(MultiRoomNoisyTvEnv.TV_VISIBLE));
      assertEquals(env.tvColor(), (int) s.observation()[cell * 3 + 1], "the view shows the TV's new colour");
      assertEquals(Tile.NONE, env.carrying(), "drop drops nothing");
      changes += env.tvColor() != previous ? 1 : 0;
      previous = env.tvColor();
      colours.add(env.tvColor());
      // Only the TV's cell changed.
      int[] now = env.gridSnapshot();
      for (int i = 0; i < now.length; i++) {
        if (i != tv.y() * env.width() + tv.x()) {
          assertEquals(before[i], now[i]);
        }
      }
    }
    assertTrue(changes >= 5, "12 presses changed the colour only " + changes + " times");
    assertTrue(colours.size() >= 3);
    int colour = env.tvColor();
    Step<float[]> s = env.step(MiniGridEnv.DONE);
    assertFalse(s.info().require(MultiRoomNoisyTvEnv.TV_PRESS));
    assertEquals(colour, env.tvColor(), "other actions leave the TV alone");
  }

  @Test
  void pressOutOfViewStillRecolours() {
    MultiRoomNoisyTvEnv env = new MultiRoomNoisyTvEnv(2, 4);
    long found = -1;
    for (long seed = 0; seed < 1000 && found < 0; seed++) {
      if (!env.reset(seed).info().require(MultiRoomNoisyTvEnv.TV_VISIBLE)) {
        found = seed;
      }
    }
    assertTrue(found >= 0);
    float[] obs = env.reset(found).observation();
    assertEquals(-1, ballCell(obs));
    int changes = 0;
    int previous = env.tvColor();
    for (int press = 0; press < 12; press++) {
      Step<float[]> s = env.step(MiniGridEnv.DROP);
      assertTrue(s.info().require(MultiRoomNoisyTvEnv.TV_PRESS));
      assertFalse(s.info().require(MultiRoomNoisyTvEnv.TV_VISIBLE));
      assertArrayEquals(obs, s.observation(), "nothing visible changes");
      changes += env.tvColor() != previous ? 1 : 0;
      previous = env.tvColor();
    }
    assertTrue(changes >= 5, "RIDE recolours on every press, seen or not");
  }

  @Test
  void carriedTvChangesColourInTheAgentsHands() {
    MultiRoomNoisyTvEnv env = new MultiRoomNoisyTvEnv(2, 4);
    long found = -1;
    for (long seed = 0; seed < 5000 && found < 0; seed++) {
      env.reset(seed);
      GridPos tv = env.tvPosition();
      if (env.agentX() + EgocentricView.dx(env.agentDirection()) == tv.x()
          && env.agentY() + EgocentricView.dy(env.agentDirection()) == tv.y()) {
        found = seed;
      }
    }
    assertTrue(found >= 0, "no seed starts facing the TV");
    env.reset(found);
    env.step(MiniGridEnv.PICKUP);
    assertTrue(env.tvCarried());
    int agentCell = (6 * 7 + 3) * 3;
    Set<Integer> colours = new HashSet<>();
    for (int press = 0; press < 12; press++) {
      Step<float[]> s = env.step(MiniGridEnv.DROP);
      assertTrue(env.tvCarried(), "the TV is never dropped");
      assertEquals(Tile.BALL, (int) s.observation()[agentCell]);
      assertEquals(env.tvColor(), (int) s.observation()[agentCell + 1]);
      assertTrue(s.info().require(MultiRoomNoisyTvEnv.TV_VISIBLE));
      colours.add(env.tvColor());
    }
    assertTrue(colours.size() >= 3);
  }
}
