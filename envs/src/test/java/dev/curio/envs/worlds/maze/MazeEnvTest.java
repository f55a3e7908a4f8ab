package dev.curio.envs.worlds.maze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import org.junit.jupiter.api.Test;

class MazeEnvTest {
  static final int UP = 0;
  static final int RIGHT = 1;
  static final int DOWN = 2;
  static final int LEFT = 3;

  /**
   * <pre>
   * ########     row 0
   * #S..A.G#     row 1: start (1,1), door A (1,4), goal (1,6)
   * #.#a#~.#     row 2: key a (2,3), lava (2,5)
   * ########     row 3
   * </pre>
   */
  static final String TINY = "; name: tiny\n########\n#S..A.G#\n#.#a#~.#\n########\n";

  static MazeEnv tiny(MazeConfig config) {
    return new MazeEnv(MazeLayout.parse(TINY, "tiny.txt"), config);
  }

  /** Channels of the tiny layout: 5 fixed, key a, door A. */
  static final int C = 7;

  private static Step<float[]> step(MazeEnv env, int action, GridPos expected) {
    Step<float[]> s = env.step(action);
    assertEquals(expected, s.info().require(MazeEnv.POSITION));
    assertEquals(expected, env.position());
    return s;
  }

  @Test
  void specShapesPerMode() {
    assertEquals("maze:tiny", tiny(MazeConfig.defaults()).spec().id());
    assertArrayEquals(new int[] {4, 8, C}, tiny(MazeConfig.defaults()).spec().observationSpace().shape());
    MazeEnv ego = tiny(MazeConfig.defaults().withEgocentricView(3));
    assertEquals("maze:tiny-ego3", ego.spec().id());
    assertArrayEquals(new int[] {3, 3, C}, ego.spec().observationSpace().shape());
    MazeEnv pos = tiny(MazeConfig.defaults().withObservation(ObservationMode.POSITION));
    assertEquals("maze:tiny-pos", pos.spec().id());
    assertArrayEquals(new int[] {32 + 1}, pos.spec().observationSpace().shape());
    assertEquals(4 * 10, pos.spec().maxEpisodeSteps()); // 10 free cells
    assertEquals(4, ((dev.curio.core.space.Discrete) pos.spec().actionSpace()).n());
  }

  @Test
  void wallsKeysDoorsAndGoal() {
    MazeEnv env = tiny(MazeConfig.defaults().withObservation(ObservationMode.POSITION));
    Reset<float[]> r = env.reset(0);
    assertEquals(new GridPos(1, 1), r.info().require(MazeEnv.POSITION));
    assertEquals(1f, r.observation()[8 + 1]);

    Step<float[]> s = step(env, UP, new GridPos(1, 1)); // wall: no move
    assertEquals(0.0, s.reward());
    assertFalse(s.done());
    step(env, RIGHT, new GridPos(1, 2));
    step(env, RIGHT, new GridPos(1, 3));
    s = step(env, RIGHT, new GridPos(1, 3)); // closed door, no key: no move
    assertEquals("", env.keysCarried());
    assertEquals(0f, s.observation()[32]);
    s = step(env, DOWN, new GridPos(2, 3)); // pick up key a
    assertEquals("a", env.keysCarried());
    assertEquals(1f, s.observation()[32]);
    assertTrue(env.render().contains("keys=a"));
    step(env, UP, new GridPos(1, 3));
    s = step(env, RIGHT, new GridPos(1, 4)); // door opens, key kept
    assertEquals("a", env.keysCarried());
    assertFalse(s.done());
    step(env, LEFT, new GridPos(1, 3)); // the open door stays open
    step(env, RIGHT, new GridPos(1, 4));
    step(env, RIGHT, new GridPos(1, 5));
    assertFalse(s.info().require(MazeEnv.REACHED_GOAL));
    s = step(env, RIGHT, new GridPos(1, 6));
    assertTrue(s.terminated());
    assertFalse(s.truncated());
    assertEquals(1.0, s.reward());
    assertTrue(s.info().require(MazeEnv.REACHED_GOAL));
    assertEquals(11, env.elapsedSteps());
    assertThrows(IllegalStateException.class, () -> env.step(UP));
  }

  @Test
  void lavaTerminatesWithItsReward() {
    MazeEnv env = tiny(MazeConfig.defaults().withLavaReward(-1.0));
    env.reset(3);
    for (int a : new int[] {RIGHT, RIGHT, DOWN, UP, RIGHT, RIGHT}) {
      assertFalse(env.step(a).done());
    }
    assertEquals(new GridPos(1, 5), env.position());
    Step<float[]> s = step(env, DOWN, new GridPos(2, 5));
    assertTrue(s.terminated());
    assertFalse(s.truncated());
    assertEquals(-1.0, s.reward());
    assertFalse(s.info().require(MazeEnv.REACHED_GOAL));
  }

  @Test
  void decayedGoalRewardAndTimeLimit() {
    MazeEnv env = tiny(MazeConfig.defaults().withDecayGoalReward(true).withMaxSteps(20));
    env.reset(0);
    Step<float[]> s = null;
    for (int a : new int[] {RIGHT, RIGHT, DOWN, UP, RIGHT, RIGHT, RIGHT}) {
      s = env.step(a);
    }
    assertTrue(s.terminated());
    assertEquals(1.0 - 0.9 * 7 / 20, s.reward(), 1e-12);

    MazeEnv limited = tiny(MazeConfig.defaults().withMaxSteps(3));
    assertEquals(3, limited.spec().maxEpisodeSteps());
    limited.reset(0);
    assertFalse(limited.step(UP).done());
    assertFalse(limited.step(UP).done());
    s = limited.step(UP);
    assertTrue(s.truncated());
    assertFalse(s.terminated());
    assertEquals(0.0, s.reward());

    // Reaching the goal on the last allowed step is a termination, not a truncation.
    MazeEnv exact = tiny(MazeConfig.defaults().withMaxSteps(7));
    exact.reset(0);
    for (int a : new int[] {RIGHT, RIGHT, DOWN, UP, RIGHT, RIGHT}) {
      assertFalse(exact.step(a).done());
    }
    s = exact.step(RIGHT);
    assertTrue(s.terminated());
    assertFalse(s.truncated());
  }

  @Test
  void fullObservationChannels() {
    MazeEnv env = tiny(MazeConfig.defaults());
    float[] o = env.reset(0).observation();
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0}, cell(o, 8, 0, 0));
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0}, cell(o, 8, 1, 1));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0}, cell(o, 8, 1, 2));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1}, cell(o, 8, 1, 4));
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0}, cell(o, 8, 1, 6));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 0}, cell(o, 8, 2, 3));
    assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0, 0}, cell(o, 8, 2, 5));
    env.step(RIGHT);
    env.step(RIGHT);
    o = env.step(DOWN).observation(); // on the key's cell: the key channel is now the inventory
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 0}, cell(o, 8, 2, 3));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0}, cell(o, 8, 1, 1));
    env.step(UP);
    o = env.step(RIGHT).observation();
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 0}, cell(o, 8, 1, 4)); // door gone, agent with key
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0}, cell(o, 8, 2, 3)); // key gone
    o = env.step(RIGHT).observation();
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0}, cell(o, 8, 1, 4)); // the door stays open
  }

  private static float[] cell(float[] obs, int width, int row, int col) {
    float[] out = new float[C];
    System.arraycopy(obs, (row * width + col) * C, out, 0, C);
    return out;
  }

  @Test
  void egocentricViewAtTheBorder() {
    MazeEnv env = tiny(MazeConfig.defaults().withEgocentricView(5));
    float[] o = env.reset(0).observation();
    // Window rows -1..3 and columns -1..3 around the start (1, 1); W is wall or outside.
    String[] expected = {"WWWWW", "WWWWW", "WW@..", "WW.Wk", "WWWWW"};
    for (int vr = 0; vr < 5; vr++) {
      for (int vc = 0; vc < 5; vc++) {
        float[] got = new float[C];
        System.arraycopy(o, (vr * 5 + vc) * C, got, 0, C);
        assertArrayEquals(oneHot(expected[vr].charAt(vc)), got, "view cell " + vr + "," + vc);
      }
    }
    // Down into (2, 1): the bottom rows of the window fall outside the grid.
    o = env.step(DOWN).observation();
    float[] bottom = new float[C];
    System.arraycopy(o, (4 * 5 + 2) * C, bottom, 0, C);
    assertArrayEquals(oneHot('W'), bottom);
    float[] up = new float[C];
    System.arraycopy(o, (1 * 5 + 2) * C, up, 0, C);
    assertArrayEquals(oneHot('.'), up); // the start cell is floor
    float[] centre = new float[C];
    System.arraycopy(o, (2 * 5 + 2) * C, centre, 0, C);
    assertArrayEquals(oneHot('@'), centre);
  }

  private static float[] oneHot(char ch) {
    float[] v = new float[C];
    switch (ch) {
      case 'W' -> v[0] = 1;
      case '@' -> v[4] = 1;
      case 'k' -> v[5] = 1;
      case 'D' -> v[6] = 1;
      case '.' -> { }
      default -> throw new IllegalArgumentException("" + ch);
    }
    return v;
  }

  @Test
  void everyModeAgreesWithTheRenderOverRandomEpisodes() {
    for (String name : new String[] {"two-rooms-key", "lava-crossing", "noisy-tv", "small-maze"}) {
      MazeLayout layout = MazeLayout.fromResource(name);
      for (MazeConfig c : new MazeConfig[] {MazeConfig.defaults(), MazeConfig.defaults().withEgocentricView(3),
          MazeConfig.defaults().withEgocentricView(7), MazeConfig.defaults().withObservation(ObservationMode.POSITION)}) {
        MazeEnv env = new MazeEnv(layout, c);
        Rng actions = new Rng(11);
        for (int e = 0; e < 5; e++) {
          float[] o = env.reset(e).observation();
          assertArrayEquals(Reference.encode(env), o, env.spec().id() + " reset " + e);
          for (int t = 0; t < 300; t++) {
            Step<float[]> s = env.step(actions.nextInt(4));
            if (s.done()) {
              break;
            }
            assertArrayEquals(Reference.encode(env), s.observation(), env.spec().id() + " episode " + e + " step " + t);
          }
        }
      }
    }
  }

  /**
   * An independent, slow encoder of the documented observation format, built from the render text,
   * the keys carried and the TV screens (whose watched values only the env knows).
   */
  static final class Reference {
    static float[] encode(MazeEnv env) {
      MazeLayout l = env.layout();
      String colours = l.colours();
      int h = l.height();
      int w = l.width();
      int c = 5 + 2 * colours.length();
      String[] rows = env.render().split("\n");
      String keys = env.keysCarried();
      float[] tv = tvValues(env);
      int agentR = env.position().row();
      int agentC = env.position().col();
      MazeConfig cfg = env.config();
      switch (cfg.observation()) {
        case POSITION -> {
          float[] out = new float[h * w + colours.length() + l.tvs().size()];
          out[agentR * w + agentC] = 1;
          for (int s = 0; s < colours.length(); s++) {
            out[h * w + s] = keys.indexOf(colours.charAt(s)) >= 0 ? 1 : 0;
          }
          System.arraycopy(tv, 0, out, h * w + colours.length(), tv.length);
          return out;
        }
        case FULL -> {
          float[] out = new float[h * w * c];
          for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
              put(out, (r * w + col) * c, rows[r].charAt(col), r, col, l, keys, tv);
            }
          }
          return out;
        }
        default -> {
          int k = cfg.viewSize();
          float[] out = new float[k * k * c];
          for (int vr = 0; vr < k; vr++) {
            for (int vc = 0; vc < k; vc++) {
              int r = agentR + vr - k / 2;
              int col = agentC + vc - k / 2;
              char ch = r < 0 || r >= h || col < 0 || col >= w ? '#' : rows[r].charAt(col);
              put(out, (vr * k + vc) * c, ch, r, col, l, keys, tv);
            }
          }
          return out;
        }
      }
    }

    private static void put(float[] out, int o, char ch, int r, int col, MazeLayout l, String keys, float[] tv) {
      String colours = l.colours();
      switch (ch) {
        case '#' -> out[o] = 1;
        case 'G' -> out[o + 1] = 1;
        case '~' -> out[o + 2] = 1;
        case 'T' -> out[o + 3] = tv[l.tvs().indexOf(new GridPos(r, col))];
        case '@' -> {
          out[o + 4] = 1;
          for (int s = 0; s < colours.length(); s++) {
            out[o + 5 + s] = keys.indexOf(colours.charAt(s)) >= 0 ? 1 : 0;
          }
        }
        case '.' -> { }
        default -> {
          if (Character.isLowerCase(ch)) {
            out[o + 5 + colours.indexOf(ch)] = 1;
          } else {
            out[o + 5 + colours.length() + colours.indexOf(Character.toLowerCase(ch))] = 1;
          }
        }
      }
    }

    /** TV screens: 1 unless the agent is beside the TV; a watched screen's value is asked from the env. */
    private static float[] tvValues(MazeEnv env) {
      MazeLayout l = env.layout();
      float[] out = new float[l.tvs().size()];
      java.util.Arrays.fill(out, 1f);
      GridPos p = env.position();
      for (int i = 0; i < out.length; i++) {
        GridPos t = l.tvs().get(i);
        if (Math.abs(t.row() - p.row()) + Math.abs(t.col() - p.col()) == 1) {
          out[i] = env.tvScreen(i);
        }
      }
      return out;
    }
  }

  @Test
  void badConfigsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> MazeConfig.defaults().withEgocentricView(4));
    assertThrows(IllegalArgumentException.class, () -> MazeConfig.defaults().withEgocentricView(1));
    assertThrows(IllegalArgumentException.class, () -> MazeConfig.defaults().withMaxSteps(-1));
    assertThrows(IllegalArgumentException.class, () -> MazeConfig.defaults().withLavaReward(Double.NaN));
    assertThrows(NullPointerException.class, () -> new MazeEnv(null));
  }

  @Test
  void observationsAreInTheirBoxes() {
    for (ObservationMode m : ObservationMode.values()) {
      MazeEnv env = Mazes.make("noisy-tv", MazeConfig.defaults().withObservation(m));
      Box box = (Box) env.spec().observationSpace();
      assertTrue(box.contains(env.reset(1).observation()));
      assertNotEquals(0, box.size());
    }
  }
}
