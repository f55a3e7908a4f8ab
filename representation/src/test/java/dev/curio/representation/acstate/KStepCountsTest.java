package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KStepCountsTest {

  /**
   * Two episodes over 3 observations: x = [0, 1, 2, 0] with a = [1, 0, 1], then x = [2, 2] with
   * a = [0]. Horizon 1: (a, x, x') = (1,0,1), (0,1,2), (1,2,0) and (0,2,2); horizon 2: (1,0,2),
   * (0,1,0); horizon 3: (1,0,0). The second episode is too short for horizon 2, and no pair joins
   * the two episodes (reading them as one walk would add (1,2,2) and (0,1,2) at horizons 2 and 3).
   */
  @Test
  void countsEveryWithinEpisodePairAndNoneAcross() {
    TabularData d = new TabularData(3, 2, new int[][] {{0, 1, 2, 0}, {2, 2}}, new int[][] {{1, 0, 1}, {0}});
    KStepCounts c = KStepCounts.of(d, 3);
    assertEquals(4, c.total(1));
    assertEquals(2, c.total(2));
    assertEquals(1, c.total(3));
    assertEquals(1, c.count(1, 1, 0, 1));
    assertEquals(1, c.count(1, 0, 1, 2));
    assertEquals(1, c.count(1, 1, 2, 0));
    assertEquals(1, c.count(1, 0, 2, 2));
    assertEquals(0, c.count(2, 1, 2, 2));
    assertEquals(0, c.count(3, 0, 1, 2));
    assertEquals(1, c.count(2, 1, 0, 2));
    assertEquals(1, c.count(2, 0, 1, 0));
    assertEquals(1, c.count(3, 1, 0, 0));
    int sum = 0;
    for (int k = 1; k <= 3; k++) {
      for (int a = 0; a < 2; a++) {
        for (int x = 0; x < 3; x++) {
          for (int y = 0; y < 3; y++) {
            sum += c.count(k, a, x, y);
          }
        }
      }
    }
    assertEquals(4 + 2 + 1, sum);
  }

  @Test
  void badInputNamesTheParameter() {
    TabularData d = new TabularData(3, 2, new int[][] {{0, 1, 2}}, new int[][] {{1, 0}});
    assertEquals("maxK must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> KStepCounts.of(d, 0)).getMessage());
    assertEquals("transitions: no episode has the 3 steps a pair at horizon maxK = 3 needs",
        assertThrows(IllegalArgumentException.class, () -> KStepCounts.of(d, 3)).getMessage());
    assertEquals("transitions: the data has none (every episode is empty)",
        assertThrows(IllegalArgumentException.class,
            () -> new TabularData(3, 2, new int[][] {{0}}, new int[][] {{}})).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new TabularData(3, 2, new int[][] {{0, 3}}, new int[][] {{0}}));
    assertThrows(IllegalArgumentException.class,
        () -> new TabularData(3, 2, new int[][] {{0, 1}}, new int[][] {{2}}));
    KStepCounts c = KStepCounts.of(d, 2);
    assertThrows(IllegalArgumentException.class, () -> c.count(3, 0, 0, 0));
  }
}
