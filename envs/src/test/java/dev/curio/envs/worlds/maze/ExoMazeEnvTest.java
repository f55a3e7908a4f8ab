package dev.curio.envs.worlds.maze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.Step;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExoMazeEnvTest {
  static final MazeConfig POS = MazeConfig.defaults().withObservation(ObservationMode.POSITION);

  @Test
  void shapesAndIds() {
    ExoMazeEnv env = Mazes.makeExo("open-7x7", 3, MazeConfig.defaults());
    assertEquals("maze:exo-open-7x7-k3", env.spec().id());
    assertArrayEquals(new int[] {4, 7, 7, 5}, env.spec().observationSpace().shape());
    assertEquals(100, env.spec().maxEpisodeSteps());
    ExoMazeEnv mixed = new ExoMazeEnv(MazeLayout.fromResource("open-7x7"),
        List.of(MazeLayout.fromResource("corridor"), MazeLayout.fromResource("two-rooms-key")), POS);
    assertEquals("maze:exo-open-7x7-k2-pos", mixed.spec().id());
    assertArrayEquals(new int[] {49 + 48 + (7 * 13 + 1)}, mixed.spec().observationSpace().shape());
    assertThrows(IllegalArgumentException.class, () -> Mazes.makeExo("open-7x7", 0, POS));
    assertThrows(IllegalArgumentException.class,
        () -> new ExoMazeEnv(MazeLayout.fromResource("open-7x7"), List.of(), POS));
  }

  @Test
  void distractorsIgnoreTheAgentsActions() {
    for (MazeConfig c : List.of(POS, MazeConfig.defaults(), MazeConfig.defaults().withEgocentricView(3))) {
      ExoMazeEnv a = Mazes.makeExo("noisy-tv", 4, c);
      ExoMazeEnv b = Mazes.makeExo("noisy-tv", 4, c);
      int agentSize = Mazes.make("noisy-tv", c).spec().observationSpace().flatDim();
      float[] oa = a.reset(42).observation();
      float[] ob = b.reset(42).observation();
      assertArrayEquals(oa, ob);
      Rng ra = new Rng(1);
      Rng rb = new Rng(2);
      boolean agentsDiffered = false;
      Set<String> distractorCells = new HashSet<>();
      for (int t = 0; t < 150; t++) {
        Step<float[]> sa = a.step(ra.nextInt(4));
        Step<float[]> sb = b.step(rb.nextInt(4));
        assertArrayEquals(Arrays.copyOfRange(sa.observation(), agentSize, sa.observation().length),
            Arrays.copyOfRange(sb.observation(), agentSize, sb.observation().length), "distractors at step " + t);
        GridPos[] da = sa.info().require(ExoMazeEnv.DISTRACTOR_POSITIONS);
        assertArrayEquals(da, sb.info().require(ExoMazeEnv.DISTRACTOR_POSITIONS));
        assertEquals(4, da.length);
        distractorCells.add(Arrays.toString(da));
        agentsDiffered |= !sa.info().require(MazeEnv.POSITION).equals(sb.info().require(MazeEnv.POSITION));
        if (sa.done() || sb.done()) {
          break;
        }
      }
      assertTrue(agentsDiffered, "the two agents should have walked differently");
      assertTrue(distractorCells.size() > 20, "distractors move: " + distractorCells.size());
    }
  }

  @Test
  void infoHoldsTheTruePositions() {
    ExoMazeEnv env = Mazes.makeExo("small-maze", 3, POS);
    int n = 11 * 11;
    float[] o = env.reset(7).observation();
    Rng r = new Rng(3);
    for (int t = 0; t < 100; t++) {
      Step<float[]> s = env.step(r.nextInt(4));
      o = s.observation();
      GridPos p = s.info().require(MazeEnv.POSITION);
      assertEquals(1f, o[p.index(11)], "agent one-hot at " + p);
      GridPos[] d = s.info().require(ExoMazeEnv.DISTRACTOR_POSITIONS);
      for (int i = 0; i < d.length; i++) {
        assertEquals(1f, o[(i + 1) * n + d[i].index(11)], "distractor " + i + " one-hot at " + d[i]);
      }
      float sum = 0;
      for (float v : o) {
        sum += v;
      }
      assertEquals(4f, sum); // one hot per maze, no keys or TVs in small-maze
      if (s.done()) {
        break;
      }
    }
    assertFalse(env.render().isEmpty());
    assertTrue(env.render().contains("@"));
  }

  @Test
  void agentDynamicsMatchThePlainMaze() {
    ExoMazeEnv exo = Mazes.makeExo("two-rooms-key", 2, POS);
    MazeEnv plain = Mazes.make("two-rooms-key", POS);
    exo.reset(1);
    plain.reset(1);
    Rng r = new Rng(8);
    int size = plain.spec().observationSpace().flatDim();
    for (int t = 0; t < 400; t++) {
      int a = r.nextInt(4);
      Step<float[]> se = exo.step(a);
      Step<float[]> sp = plain.step(a);
      assertArrayEquals(sp.observation(), Arrays.copyOf(se.observation(), size));
      assertEquals(sp.reward(), se.reward());
      assertEquals(sp.terminated(), se.terminated());
      assertEquals(sp.truncated(), se.truncated());
      assertEquals(sp.info().require(MazeEnv.POSITION), se.info().require(MazeEnv.POSITION));
      if (sp.done()) {
        break;
      }
    }
  }

  @Test
  void distractorsVaryWithTheSeed() {
    ExoMazeEnv env = Mazes.makeExo("open-7x7", 8, POS);
    GridPos[] a = env.reset(1).info().require(ExoMazeEnv.DISTRACTOR_POSITIONS);
    GridPos[] b = env.reset(2).info().require(ExoMazeEnv.DISTRACTOR_POSITIONS);
    assertNotEquals(Arrays.toString(a), Arrays.toString(b));
  }

  /**
   * With goals as floor (MazeConfig.goalsEnd false) the agent walks onto and off the goal with no
   * reward and no end, and the episode runs to the step limit; the same steps with goals on end there.
   */
  @Test
  void goalsAsFloorNeitherPayNorEnd() {
    ExoMazeEnv on = Mazes.makeExo("open-7x7", 2, POS);
    ExoMazeEnv off = on.withConfig(POS.withGoalsEnd(false));
    assertEquals(on.spec().id(), off.spec().id());
    assertFalse(off.config().goalsEnd());
    int[] toGoal = {1, 1, 1, 1, 2, 2, 2, 2}; // right x4, down x4: from (1, 1) onto the goal at (5, 5)
    on.reset(3);
    off.reset(3);
    for (int t = 0; t < toGoal.length; t++) {
      Step<float[]> a = on.step(toGoal[t]);
      Step<float[]> b = off.step(toGoal[t]);
      assertArrayEquals(a.observation(), b.observation(), "step " + t);
      assertEquals(t == toGoal.length - 1, a.terminated(), "goals on, step " + t);
      assertEquals(t == toGoal.length - 1 ? 1.0 : 0.0, a.reward());
      assertFalse(b.done(), "goals as floor, step " + t);
      assertEquals(0.0, b.reward());
    }
    assertEquals(new GridPos(5, 5), off.step(1).info().require(MazeEnv.POSITION), "a wall bump stays on the goal");
    assertEquals(new GridPos(4, 5), off.step(0).info().require(MazeEnv.POSITION), "and it walks off it");
    Step<float[]> last = null;
    for (int t = toGoal.length + 2; t < 100; t++) {
      last = off.step(t % 4);
      assertEquals(t == 99, last.truncated(), "step " + t);
      assertFalse(last.terminated());
    }
    MazeEnv plain = Mazes.make("open-7x7", POS.withGoalsEnd(false));
    plain.reset(1);
    for (int a : toGoal) {
      Step<float[]> s = plain.step(a);
      assertFalse(s.done());
      assertEquals(0.0, s.reward());
    }
    assertTrue(MazeConfig.defaults().goalsEnd(), "goals end episodes by default");
  }

  @Test
  void startingOnMovesOnlyTheAgentsStart() {
    ExoMazeEnv env = Mazes.makeExo("open-7x7", 2, POS);
    ExoMazeEnv moved = env.startingOn(new GridPos(3, 2));
    assertEquals(env.spec().id(), moved.spec().id());
    float[] o = env.reset(9).observation();
    float[] m = moved.reset(9).observation();
    assertEquals(new GridPos(3, 2), moved.reset(9).info().require(MazeEnv.POSITION));
    assertEquals(1f, m[3 * 7 + 2]);
    assertArrayEquals(Arrays.copyOfRange(o, 49, o.length), Arrays.copyOfRange(m, 49, m.length),
        "the distractors start as in the original world");
    ExoMazeEnv onGoal = env.withConfig(POS.withGoalsEnd(false)).startingOn(new GridPos(5, 5));
    assertEquals(new GridPos(5, 5), onGoal.reset(1).info().require(MazeEnv.POSITION));
    assertFalse(onGoal.config().goalsEnd(), "the config is kept");
    assertEquals(new GridPos(5, 5), onGoal.withConfig(POS).reset(1).info().require(MazeEnv.POSITION),
        "and the start survives a new config");
    IllegalArgumentException wall = assertThrows(IllegalArgumentException.class,
        () -> env.startingOn(new GridPos(0, 3)));
    assertEquals("open-7x7: start cell (row 0, column 3) is '#', not floor, the start or a goal", wall.getMessage());
    IllegalArgumentException goal = assertThrows(IllegalArgumentException.class,
        () -> env.startingOn(new GridPos(5, 5)));
    assertEquals("open-7x7: start cell (row 5, column 5) is a goal, which ends the episode; start elsewhere or make"
        + " goals floor (MazeConfig.withGoalsEnd)", goal.getMessage());
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> env.startingOn(new GridPos(7, 1)));
    assertEquals("open-7x7: start cell (row 7, column 1) is outside the 7x7 grid", outside.getMessage());
  }
}
