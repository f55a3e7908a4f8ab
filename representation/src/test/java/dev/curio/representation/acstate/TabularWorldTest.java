package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import org.junit.jupiter.api.Test;

class TabularWorldTest {

  /** The paper's transition table (the authors' control_example), row by row. */
  @Test
  void fiveStateTableAndEveryActionTellsItself() {
    TabularWorld w = TabularWorld.fiveState(0.25);
    int[] after0 = {4, 1, 0, 2, 4};
    int[] after1 = {0, 4, 1, 1, 3};
    for (int s = 0; s < 5; s++) {
      assertEquals(after0[s], w.nextState(s, 0));
      assertEquals(after1[s], w.nextState(s, 1));
      assertNotEquals(w.nextState(s, 0), w.nextState(s, 1)); // a one-step inverse model can tell
    }
    assertEquals(10, w.observations());
    assertEquals(5, w.states());
    assertEquals(2, w.actions());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4}, w.truePartition());
  }

  /** Only state 0 listens to the action; it leads into the loop 0-1-2 or the loop 0-3-4. */
  @Test
  void periodicActsOnlyInStateZero() {
    TabularWorld w = TabularWorld.periodic(0.25);
    assertEquals(1, w.nextState(0, 0));
    assertEquals(3, w.nextState(0, 1));
    for (int s = 1; s < 5; s++) {
      assertEquals(w.nextState(s, 0), w.nextState(s, 1));
    }
    assertEquals(0, w.nextState(w.nextState(w.nextState(0, 0), 0), 0));
    assertEquals(0, w.nextState(w.nextState(w.nextState(0, 1), 0), 0));
  }

  @Test
  void theBitFlipsWithItsProbabilityAndNeverMovesTheState() {
    Rng rng = new Rng(3);
    TabularWorld never = TabularWorld.fiveState(0);
    TabularWorld always = TabularWorld.fiveState(1);
    TabularWorld paper = TabularWorld.fiveState(TabularWorld.PAPER_FLIP_PROBABILITY);
    int flips = 0;
    int steps = 40_000;
    for (int i = 0; i < steps; i++) {
      int x = rng.nextInt(10);
      int a = rng.nextInt(2);
      int s = x % 5;
      assertEquals(x / 5, never.step(x, a, rng) / 5);
      assertEquals(1 - x / 5, always.step(x, a, rng) / 5);
      int y = paper.step(x, a, rng);
      assertEquals(paper.nextState(s, a), y % 5);
      flips += (y / 5 != x / 5) ? 1 : 0;
    }
    // 40,000 draws of p = 0.25: the standard deviation of the share is 0.0022
    assertEquals(0.25, flips / (double) steps, 0.01);
  }

  @Test
  void samplingIsSeededCutIntoEpisodesAndNested() {
    TabularWorld w = TabularWorld.fiveState(0.25);
    TabularData a = w.sample(1600, new Rng(9));
    TabularData b = w.sample(100, new Rng(9));
    assertEquals(1, a.episodes());
    assertEquals(1600, a.transitions());
    for (int t = 0; t < 100; t++) { // a shorter walk is a prefix of a longer one
      assertEquals(a.observation(0, t), b.observation(0, t));
      assertEquals(a.action(0, t), b.action(0, t));
    }
    for (int t = 0; t < 1600; t++) { // and every step follows the table
      assertEquals(w.nextState(a.observation(0, t) % 5, a.action(0, t)), a.observation(0, t + 1) % 5);
    }
    TabularData e = w.sample(25, 10, new Rng(9));
    assertEquals(3, e.episodes());
    assertEquals(10, e.length(0));
    assertEquals(10, e.length(1));
    assertEquals(5, e.length(2));
    assertEquals(25, e.transitions());
  }

  @Test
  void badInputNamesTheParameter() {
    for (double p : new double[] {-0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TabularWorld.fiveState(p));
      assertTrue(e.getMessage().startsWith("flipProbability must be in [0, 1]"), e.getMessage());
    }
    TabularWorld w = TabularWorld.periodic(0.25);
    assertEquals("transitions must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> w.sample(0, new Rng(1))).getMessage());
    assertEquals("episodeLength must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> w.sample(10, 0, new Rng(1))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TabularWorld("bad", new int[][] {{0, 5}}, 0.1));
  }
}
