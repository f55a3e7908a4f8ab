package dev.curio.envs.worlds.maze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Step;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoisyTvTest {
  /**
   * <pre>
   * ######
   * #S..G#     the TV at (2, 2) is watched from (1, 2), (2, 1) and (2, 3)
   * #.T..#
   * ######
   * </pre>
   */
  static final String ROOM = "######\n#S..G#\n#.T..#\n######\n";
  static final int W = 6;
  static final int C = 5;
  static final int TV_INDEX = (2 * W + 2) * C + 3;

  static MazeEnv env(MazeConfig c) {
    return new MazeEnv(MazeLayout.parse(ROOM, "tv.txt"), c);
  }

  @Test
  void screenShowsFreshNoiseWhileWatchedAndTheRestIsDeterministic() {
    MazeEnv env = env(MazeConfig.defaults());
    float[] o0 = env.reset(5).observation();
    assertEquals(1f, o0[TV_INDEX]); // idle screen
    assertFalse(env.reset(5).info().require(MazeEnv.WATCHING_TV));

    Step<float[]> s1 = env.step(1); // right: beside the TV
    Step<float[]> s2 = env.step(0); // up: wall, stay beside the TV
    Step<float[]> s3 = env.step(0);
    for (Step<float[]> s : new Step[] {s1, s2, s3}) {
      assertTrue(s.info().require(MazeEnv.WATCHING_TV));
      float v = s.observation()[TV_INDEX];
      assertTrue(v >= 0f && v < 1f, "noise in [0, 1): " + v);
    }
    assertNotEquals(s1.observation()[TV_INDEX], s2.observation()[TV_INDEX]);
    assertNotEquals(s2.observation()[TV_INDEX], s3.observation()[TV_INDEX]);
    // Apart from the screen, two steps in the same place are identical.
    assertArrayEquals(withoutScreen(s2.observation()), withoutScreen(s3.observation()));

    Step<float[]> s4 = env.step(1); // right to (1, 3): no longer beside the TV
    assertFalse(s4.info().require(MazeEnv.WATCHING_TV));
    assertEquals(1f, s4.observation()[TV_INDEX]);

    // The same seed gives the same noise; another seed other noise but the same everything else.
    MazeEnv again = env(MazeConfig.defaults());
    again.reset(5);
    assertArrayEquals(s1.observation(), again.step(1).observation());
    MazeEnv other = env(MazeConfig.defaults());
    other.reset(6);
    float[] o = other.step(1).observation();
    assertNotEquals(s1.observation()[TV_INDEX], o[TV_INDEX]);
    assertArrayEquals(withoutScreen(s1.observation()), withoutScreen(o));
  }

  private static float[] withoutScreen(float[] obs) {
    float[] c = obs.clone();
    c[TV_INDEX] = -1;
    return c;
  }

  @Test
  void positionAndEgocentricModesCarryTheScreenToo() {
    MazeEnv pos = env(MazeConfig.defaults().withObservation(ObservationMode.POSITION));
    assertArrayEquals(new int[] {4 * W + 1}, pos.spec().observationSpace().shape());
    float[] p0 = pos.reset(9).observation();
    assertEquals(1f, p0[4 * W]);
    MazeEnv full = env(MazeConfig.defaults());
    full.reset(9);
    MazeEnv ego = env(MazeConfig.defaults().withEgocentricView(3));
    ego.reset(9);
    for (int a : new int[] {2, 0, 2, 1}) { // down to (2, 1) beside the TV, up, down, right: TV blocks
      float[] p = pos.step(a).observation();
      float[] f = full.step(a).observation();
      float[] e = ego.step(a).observation();
      assertEquals(f[TV_INDEX], p[4 * W]);
      if (pos.position().equals(new GridPos(2, 1))) {
        // the TV is right of the agent: view cell (1, 2) of the 3x3 window
        assertEquals(f[TV_INDEX], e[(1 * 3 + 2) * C + 3]);
        assertTrue(p[4 * W] < 1f);
      }
    }
    assertEquals(new GridPos(2, 1), pos.position()); // walking into the TV is no move
  }

  @Test
  void noisyTvLayoutWatchesFromBesideTheScreen() {
    MazeEnv env = Mazes.make("noisy-tv", MazeConfig.defaults().withObservation(ObservationMode.POSITION));
    env.reset(0);
    // Start (1, 1); TV at (2, 2): one step right is beside it.
    assertTrue(env.step(1).info().require(MazeEnv.WATCHING_TV));
    float[] a = env.step(0).observation();
    float[] b = env.step(0).observation();
    int screen = 11 * 11;
    assertNotEquals(a[screen], b[screen]);
    assertArrayEquals(Arrays.copyOf(a, screen), Arrays.copyOf(b, screen));
  }
}
