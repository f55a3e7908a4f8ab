package dev.curio.envs.worlds.minigrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.Step;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The egocentric encoding, hand-checked on a small layout and cross-checked against MiniGrid's pipeline. */
class EgocentricViewTest {
  // x: 0123456
  private static final String[] LAYOUT = {
      "#######",
      "#K#   #",
      "# #X  #",
      "#    G#",
      "#######"};

  private static String[] withAgent(char agent) {
    String[] rows = LAYOUT.clone();
    rows[2] = rows[2].replace('X', agent);
    return rows;
  }

  /** Renders an observation as 7 lines: ? unseen, . empty, # wall, G goal, K key, o other. */
  private static String picture(float[] obs) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < 7; r++) {
      for (int c = 0; c < 7; c++) {
        int o = (r * 7 + c) * 3;
        int type = (int) obs[o];
        sb.append(switch (type) {
          case Tile.UNSEEN -> '?';
          case Tile.EMPTY -> '.';
          case Tile.WALL -> '#';
          case Tile.GOAL -> 'G';
          case Tile.KEY -> 'K';
          default -> 'o';
        });
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static float[] resetObs(char agent) {
    return new FixedLayoutEnv(100, withAgent(agent)).reset(0).observation();
  }

  @Test
  void facingUpTheWallHidesTheKey() {
    // Agent at (3, 2) facing up: the key at (1, 1) is behind the wall at (2, 1)/(2, 2).
    String expected = """
        ???????
        ???????
        ???????
        ???????
        ??#####
        ??#...#
        ??#...#
        """;
    assertEquals(expected, picture(resetObs('^')));
  }

  @Test
  void facingRight() {
    String expected = """
        ???????
        ???????
        ???????
        ?#####?
        ?#..G#?
        ?#...#?
        ?#...#?
        """;
    float[] obs = resetObs('>');
    assertEquals(expected, picture(obs));
    // The goal's full code: (8, green 1, 0) at row 4, column 4.
    int o = (4 * 7 + 4) * 3;
    assertArrayEquals(new float[] {8, 1, 0}, new float[] {obs[o], obs[o + 1], obs[o + 2]});
  }

  @Test
  void facingDownTheWallBesideTheAgentHidesItsRight() {
    String expected = """
        ???????
        ???????
        ???????
        ???????
        #######
        #G....#
        #...#??
        """;
    assertEquals(expected, picture(resetObs('v')));
  }

  @Test
  void facingLeftTheKeyIsSeenRoundTheCorner() {
    String expected = """
        ???????
        ???????
        ???????
        ?#####?
        ?#..K#?
        ?#.###?
        ?#...#?
        """;
    float[] obs = resetObs('<');
    assertEquals(expected, picture(obs));
    int o = (4 * 7 + 4) * 3;
    assertArrayEquals(new float[] {Tile.KEY, Tile.YELLOW, 0}, new float[] {obs[o], obs[o + 1], obs[o + 2]});
    // Walls are (2, grey 5, 0).
    int w = (6 * 7 + 1) * 3;
    assertArrayEquals(new float[] {2, 5, 0}, new float[] {obs[w], obs[w + 1], obs[w + 2]});
  }

  @Test
  void seeThroughWallsShowsEverythingInRange() {
    float[] obs = new FixedLayoutEnv(100, true, Tile.NONE, withAgent('^')).reset(0).observation();
    String expected = """
        #######
        #######
        #######
        #######
        #######
        #K#...#
        #.#...#
        """;
    assertEquals(expected, picture(obs));
  }

  @Test
  void carriedObjectShowsInTheAgentsCellAndDoorStatesEncode() {
    FixedLayoutEnv env = new FixedLayoutEnv(100, false, Tile.key(Tile.RED),
        "#####",
        "#L/D#",
        "# ^ #",
        "#####");
    float[] obs = env.reset(0).observation();
    int agent = (6 * 7 + 3) * 3;
    assertArrayEquals(new float[] {Tile.KEY, Tile.RED, 0}, new float[] {obs[agent], obs[agent + 1], obs[agent + 2]});
    // Row 5 (one ahead): locked door at column 2, open door at 3, closed door at 4; yellow is 4.
    for (int[] cs : new int[][] {{2, 2}, {3, 0}, {4, 1}}) {
      int o = (5 * 7 + cs[0]) * 3;
      assertArrayEquals(new float[] {Tile.DOOR, Tile.YELLOW, cs[1]}, new float[] {obs[o], obs[o + 1], obs[o + 2]},
          "door at view column " + cs[0]);
    }
  }

  @Test
  void directMappingMatchesMiniGridsSliceAndRotatePipeline() {
    List<Supplier<MiniGridEnv>> worlds = List.of(
        () -> new DoorKeyEnv(8), () -> new FourRoomsEnv(), () -> new MultiRoomEnv(4, 5),
        () -> new KeyCorridorEnv(3, 3), () -> new MultiRoomNoisyTvEnv(2, 4), () -> new DoorKeyEnv(5));
    Rng actions = new Rng(7);
    int compared = 0;
    for (Supplier<MiniGridEnv> make : worlds) {
      MiniGridEnv env = make.get();
      for (int episode = 0; episode < 4; episode++) {
        float[] obs = env.reset(episode).observation();
        for (int t = 0; t < 300; t++) {
          assertMatchesReference(env, obs, false);
          compared++;
          Step<float[]> s = env.step(actions.nextInt(MiniGridEnv.NUM_ACTIONS));
          obs = s.observation();
          if (s.done()) {
            assertMatchesReference(env, obs, false);
            break;
          }
        }
      }
    }
    EmptyEnv empty = new EmptyEnv(6, true);
    float[] obs = empty.reset(3).observation();
    for (int t = 0; t < 100; t++) {
      assertMatchesReference(empty, obs, true);
      Step<float[]> s = empty.step(actions.nextInt(3));
      obs = s.observation();
      if (s.done()) {
        break;
      }
    }
    assertTrue(compared > 1000, "compared " + compared + " observations");
  }

  private static void assertMatchesReference(MiniGridEnv env, float[] obs, boolean seeThrough) {
    int[][][] image = ReferenceView.image(env, seeThrough);
    for (int r = 0; r < 7; r++) {
      for (int c = 0; c < 7; c++) {
        for (int ch = 0; ch < 3; ch++) {
          if (obs[(r * 7 + c) * 3 + ch] != image[c][r][ch]) {
            throw new AssertionError(env.spec().id() + ": view (row " + r + ", col " + c + ", ch " + ch + ") is "
                + obs[(r * 7 + c) * 3 + ch] + ", MiniGrid's pipeline gives " + image[c][r][ch] + "\n" + env.render());
          }
        }
      }
    }
  }

  @Test
  void visibleMatchesTheMaskForWorldCells() {
    EgocentricView view = new EgocentricView(7);
    float[] out = new float[view.length()];
    view.observe(new Grid(7, 5), 0, 0, 0, Tile.NONE, true, out);
    // In an all-empty 7x5 grid seen through walls, from (0,0) facing right: (6, 0) is 6 ahead, visible;
    // (0, 4) is 4 to the right, outside the 7-wide view; behind the agent is outside.
    assertTrue(view.visible(6, 0));
    assertTrue(view.visible(0, 3));
    assertFalse(view.visible(0, 4));
    assertFalse(view.visible(-1, 0));
  }
}
