package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The paper's trends on a reduced grid: 6 simulations (seed 0) at the smallest and largest data
 * sizes instead of 50 at five. Every number is a count of simulations, computed with integer counts
 * and {@link StrictMath} logarithms, so it is the same on every machine; the thresholds leave a
 * margin of at least one simulation to what seed 0 gives (in brackets). The full tables are in
 * docs/ac-state.md.
 */
class TabularCheckTest {
  private static final int SIMS = 6;
  private static final int SMALL = 0;
  private static final int LARGE = 1;

  /**
   * Five-state world: more data, more recoveries. [AC-State at 100 transitions: 0, 4, 0, 0, 0 of 6
   * for K = 1..5; at 1600: 0, 4, 5, 6, 6. ACDF at 100: 6, 5, 5, 1, 0; at 1600: 6 for every K.]
   */
  @Test
  void successRisesWithData() {
    TabularCheck.Table t = TabularCheck.run(
        TabularCheck.Config.paper(TabularWorld.fiveState(0.25), 0).with(new int[] {100, 1600}, SIMS));
    int smallInv = 0;
    int largeInv = 0;
    for (int k = 2; k <= 5; k++) {
      smallInv += t.correct(SMALL, k, false);
      largeInv += t.correct(LARGE, k, false);
    }
    assertTrue(largeInv >= smallInv + 10, "AC-State, K = 2..5: " + smallInv + " -> " + largeInv + " of 24");
    for (int k = 4; k <= 5; k++) {
      assertTrue(t.correct(SMALL, k, false) <= 1, "AC-State K=" + k + " at 100: " + t.correct(SMALL, k, false));
      assertTrue(t.correct(LARGE, k, false) >= 5, "AC-State K=" + k + " at 1600: " + t.correct(LARGE, k, false));
    }
    assertTrue(t.correct(SMALL, 5, true) <= 2, "ACDF K=5 at 100: " + t.correct(SMALL, 5, true));
    for (int k = 1; k <= 5; k++) {
      assertTrue(t.correct(LARGE, k, true) >= 5, "ACDF K=" + k + " at 1600: " + t.correct(LARGE, k, true));
    }
    // a one-step inverse model is not enough: an encoder with fewer codes explains the actions as well
    assertTrue(t.correct(LARGE, 1, false) <= 1, "AC-State K=1 at 1600: " + t.correct(LARGE, 1, false));
  }

  /**
   * Periodic world at 1600 transitions: the multi-step inverse objective selects a coarser, wrong
   * encoder at every K; with the forward term the true one is recovered for K >= 2. [AC-State: 0 of
   * 6 correct and 0 consistent at every K; ACDF: 0, 6, 6, 6, 6. At K = 1 ACDF merges states 2 and 4,
   * which both lead to state 0 whatever the action, and a one-step model cannot see their past.]
   */
  @Test
  void periodicFailsWithoutTheForwardTermAndSucceedsWithIt() {
    TabularCheck.Table t = TabularCheck.run(
        TabularCheck.Config.paper(TabularWorld.periodic(0.25), 0).with(new int[] {1600}, SIMS));
    for (int k = 1; k <= 5; k++) {
      assertTrue(t.correct(0, k, false) <= 1, "AC-State K=" + k + ": " + t.correct(0, k, false));
      assertTrue(t.consistent(0, k, false) <= 1, "AC-State merged no true codes, K=" + k);
    }
    for (int k = 2; k <= 5; k++) {
      assertTrue(t.correct(0, k, true) >= 5, "ACDF K=" + k + ": " + t.correct(0, k, true));
    }
  }

  @Test
  void aSimulationIsAFunctionOfItsSeed() {
    TabularCheck.Config c = new TabularCheck.Config(TabularWorld.periodic(0.25), new int[] {120}, 2, 1, 7, 40, 0.001);
    ExhaustiveSearch.Result a = TabularCheck.simulate(c, 120, 0);
    ExhaustiveSearch.Result b = TabularCheck.simulate(c, 120, 0);
    for (int k = 1; k <= 2; k++) {
      for (boolean f : new boolean[] {false, true}) {
        assertEquals(a.at(k, f).loss(), b.at(k, f).loss(), 0.0);
        assertArrayEquals(a.at(k, f).labels(), b.at(k, f).labels());
      }
    }
  }

  @Test
  void tableAsMarkdown() {
    TabularCheck.Config c = new TabularCheck.Config(TabularWorld.fiveState(0.25), new int[] {100, 200}, 2, 4, 0,
        Integer.MAX_VALUE, 0.001);
    TabularCheck.Table t = new TabularCheck.Table(c, new int[][] {{0, 1}, {2, 4}}, new int[][] {{4, 3}, {4, 4}},
        new int[][] {{0, 1}, {2, 4}}, new int[][] {{4, 3}, {4, 4}});
    assertEquals(0.75, t.successRate(0, 2, true));
    assertEquals("""
        | transitions | AC-State K=1 | AC-State K=2 | ACDF K=1 | ACDF K=2 |
        |---|---|---|---|---|
        | 100 | 0% | 25% | 100% | 75% |
        | 200 | 50% | 100% | 100% | 100% |
        """, t.toMarkdown());
    TabularCheck.Table u = new TabularCheck.Table(c, new int[][] {{0, 1}, {2, 4}}, new int[][] {{4, 3}, {4, 4}},
        new int[][] {{1, 1}, {2, 4}}, new int[][] {{4, 4}, {4, 4}});
    assertTrue(u.toMarkdown(true).contains("| 100 | 25% | 25% | 100% | 100% |"), u.toMarkdown(true));
  }

  @Test
  void badInputNamesTheParameter() {
    TabularWorld w = TabularWorld.fiveState(0.25);
    int[] sizes = {100};
    assertMessage("maxK must be at least 1, got 0",
        () -> new TabularCheck.Config(w, sizes, 0, 1, 0, 100, 0.001));
    assertMessage("transitions must list at least one data size",
        () -> new TabularCheck.Config(w, new int[0], 5, 1, 0, 100, 0.001));
    assertMessage("transitions must each be at least maxK = 5, got 0",
        () -> new TabularCheck.Config(w, new int[] {0}, 5, 1, 0, 100, 0.001));
    assertMessage("simulations must be at least 1, got 0",
        () -> new TabularCheck.Config(w, sizes, 5, 0, 0, 100, 0.001));
    assertMessage("episodeLength must be at least maxK = 5, got 4",
        () -> new TabularCheck.Config(w, sizes, 5, 1, 0, 4, 0.001));
    assertMessage("tolerance must be in [0, 1), got NaN",
        () -> new TabularCheck.Config(w, sizes, 5, 1, 0, 100, Double.NaN));
    assertMessage("world must not be null",
        () -> new TabularCheck.Config(null, sizes, 5, 1, 0, 100, 0.001));
  }

  private static void assertMessage(String expected, Executable e) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
  }
}
