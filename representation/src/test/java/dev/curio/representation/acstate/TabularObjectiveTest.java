package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.core.Rng;
import org.junit.jupiter.api.Test;

/**
 * Golden values of the objectives on a hand-made pair of data sets over 3 observations and 2
 * actions, worked out below, and invariances on sampled data.
 *
 * <pre>
 * fit:   x = [0, 1, 2, 0, 1], a = [0, 1, 0, 1]
 *        horizon 1 (a, x, x'): (0,0,1) (1,1,2) (0,2,0) (1,0,1)        P_1 = 4
 *        horizon 2:            (0,0,2) (1,1,0) (0,2,1)                P_2 = 3
 * score: x = [1, 2, 0, 1, 2, 2], a = [1, 0, 0, 0, 1]
 *        horizon 1:            (1,1,2) (0,2,0) (0,0,1) (0,1,2) (1,2,2) P_1 = 5
 *        horizon 2:            (1,1,0) (0,2,1) (0,0,2) (0,1,2)        P_2 = 4
 * F = -ln(1e-7) = 16.118095650958320 (the floor), ln 2 = 0.693147180559945, ln 3 = 1.098612288668110
 * </pre>
 */
class TabularObjectiveTest {
  private static final double EPS = 1e-12;
  private static final double F = 16.118095650958320;
  private static final double LN2 = Math.log(2);
  private static final double LN3 = Math.log(3);

  private static TabularObjective tiny() {
    TabularData fit = new TabularData(3, 2, new int[][] {{0, 1, 2, 0, 1}}, new int[][] {{0, 1, 0, 1}});
    TabularData score = new TabularData(3, 2, new int[][] {{1, 2, 0, 1, 2, 2}}, new int[][] {{1, 0, 0, 0, 1}});
    return new TabularObjective(KStepCounts.of(fit, 2), KStepCounts.of(score, 2));
  }

  /**
   * The identity encoder (three codes).
   *
   * <pre>
   * horizon 1, per score pair: (1,1,2): fit cell 1->2 saw only a=1, q = 1 -> 0
   *                            (0,2,0): cell 2->0 saw a=0 -> 0
   *                            (0,0,1): cell 0->1 saw a=0 and a=1, q = 1/2 -> ln 2
   *                            (0,1,2): cell 1->2 never saw a=0, q = 0 -> floor F
   *                            (1,2,2): cell 2->2 unseen, q = 1/2 -> ln 2
   *   l_1 = (2 ln 2 + F) / 5 = 3.500878002415642
   * horizon 2: (1,1,0), (0,2,1), (0,0,2) each hit a one-action fit cell -> 0; (0,1,2): 1->2 unseen -> ln 2
   *   l_2 = ln 2 / 4 = 0.173286795139986
   * L_inv(1) = l_1; L_inv(2) = (l_1 + l_2) / 2 = 1.837082398777814
   * forward, fit (a, z) -> z': (0,0)->1, (1,1)->2, (0,2)->0, (1,0)->1, each seen once
   *   score: (1,1->2) 0, (0,2->0) 0, (0,0->1) 0, (0,1->2) (0,1) unseen: 1/3 -> ln 3, (1,2->2) unseen -> ln 3
   *   L_fwd = 2 ln 3 / 5 = 0.439444915467244
   * </pre>
   */
  @Test
  void identityEncoderGolden() {
    TabularObjective o = tiny();
    double[] perK = new double[2];
    double fwd = o.evaluate(new int[] {0, 1, 2}, 3, perK);
    assertEquals((2 * LN2 + F) / 5, perK[0], EPS);
    assertEquals(3.500878002415642, perK[0], EPS);
    assertEquals(LN2 / 4, perK[1], EPS);
    assertEquals(2 * LN3 / 5, fwd, EPS);
    assertEquals(0.439444915467244, fwd, EPS);
    assertEquals(3.500878002415642, o.inverse(new int[] {0, 1, 2}, 1), EPS);
    assertEquals(1.837082398777814, o.inverse(new int[] {0, 1, 2}, 2), EPS);
  }

  /**
   * Observations 0 and 1 share code A, 2 is code B.
   *
   * <pre>
   * fit horizon 1 in codes: (0,A,A) (1,A,B) (0,B,A) (1,A,A); horizon 2: (0,A,B) (1,A,A) (0,B,A)
   * horizon 1: (1,A,B) q = 1 -> 0; (0,B,A) -> 0; (0,A,A) q = 1/2 -> ln 2; (0,A,B) q = 0 -> F;
   *            (1,B,B) unseen -> ln 2                        l_1 = (2 ln 2 + F) / 5, as the identity
   * horizon 2: (1,A,A) -> 0; (0,B,A) -> 0; (0,A,B) -> 0; (0,A,B) -> 0   l_2 = 0
   *   L_inv(2) = l_1 / 2 = 1.750439001207821: lower than the identity's, merging pooled the data
   * forward, fit: (0,A) -> A once; (1,A) -> B once, A once; (0,B) -> A once
   *   score: (1,A->B) 1/2 -> ln 2; (0,B->A) 0; (0,A->A) 0; (0,A->B) q = 0 -> F; (1,B->B) unseen: 1/2 -> ln 2
   *   L_fwd = (2 ln 2 + F) / 5 = 3.500878002415642
   * </pre>
   */
  @Test
  void mergedEncoderGolden() {
    TabularObjective o = tiny();
    double[] perK = new double[2];
    double fwd = o.evaluate(new int[] {0, 0, 1}, 2, perK);
    assertEquals(3.500878002415642, perK[0], EPS);
    assertEquals(0.0, perK[1], EPS);
    assertEquals(1.750439001207821, o.inverse(new int[] {0, 0, 1}, 2), EPS);
    assertEquals(3.500878002415642, fwd, EPS);
  }

  /**
   * One code for everything.
   *
   * <pre>
   * horizon 1: fit a = 0 twice, a = 1 twice -> q = 1/2 for all 5 pairs   l_1 = ln 2
   * horizon 2: fit a = 0 twice, a = 1 once -> q = (2/3, 1/3); score actions 1, 0, 0, 0
   *   l_2 = (ln 3 + 3 ln(3/2)) / 4 = 0.578751903248151;  L_inv(2) = 0.635949541904048
   * forward: one code always follows itself -> L_fwd = 0
   * </pre>
   */
  @Test
  void oneCodeGolden() {
    TabularObjective o = tiny();
    assertEquals(LN2, o.inverse(new int[] {0, 0, 0}, 1), EPS);
    assertEquals(0.635949541904048, o.inverse(new int[] {0, 0, 0}, 2), EPS);
    assertEquals(0.0, o.forward(new int[] {0, 0, 0}), EPS);
  }

  /** Renaming the codes changes nothing: labels are read as a partition. */
  @Test
  void invariantToRenamingTheCodes() {
    TabularObjective o = tiny();
    assertEquals(o.inverse(new int[] {0, 0, 1}, 2), o.inverse(new int[] {5, 5, -3}, 2));
    assertEquals(o.forward(new int[] {0, 1, 2}), o.forward(new int[] {2, 0, 1}));
  }

  /**
   * The objective updates its tables from one encoder to the next; every loss must be the same double
   * as from a fresh objective, whatever came before (checked on 1 in 61 partitions of 10 observations).
   */
  @Test
  void incrementalTablesGiveTheSameDoublesAsFreshOnes() {
    TabularWorld w = TabularWorld.fiveState(0.25);
    KStepCounts fit = KStepCounts.of(w.sample(300, new Rng(1)), 3);
    KStepCounts score = KStepCounts.of(w.sample(300, new Rng(2)), 3);
    TabularObjective running = new TabularObjective(fit, score);
    double[] a = new double[3];
    double[] b = new double[3];
    SetPartitions p = new SetPartitions(10);
    int i = 0;
    do {
      double fa = running.evaluate(p.labels(), p.blocks(), a);
      if (i++ % 61 == 0) {
        double fb = new TabularObjective(fit, score).evaluate(p.labels(), p.blocks(), b);
        assertArrayEquals(b, a, 0.0);
        assertEquals(fb, fa, 0.0);
      }
    } while (p.next());
    // and going back to an early partition after all the others
    double fa = running.evaluate(new int[] {0, 0, 1, 1, 2, 0, 0, 1, 1, 2}, 3, a);
    double fb = new TabularObjective(fit, score).evaluate(new int[] {0, 0, 1, 1, 2, 0, 0, 1, 1, 2}, 3, b);
    assertArrayEquals(b, a, 0.0);
    assertEquals(fb, fa, 0.0);
  }

  @Test
  void badInputNamesTheParameter() {
    TabularObjective o = tiny();
    assertEquals("horizon must be in [1, 2], got 0",
        assertThrows(IllegalArgumentException.class, () -> o.inverse(new int[] {0, 1, 2}, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> o.evaluate(new int[] {0, 3, 1}, 3, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> o.evaluate(new int[] {0, 1}, 2, new double[2]));
    TabularData other = new TabularData(4, 2, new int[][] {{0, 1, 2, 3}}, new int[][] {{0, 1, 0}});
    TabularData same = new TabularData(3, 2, new int[][] {{0, 1, 2}}, new int[][] {{0, 1}});
    assertThrows(IllegalArgumentException.class,
        () -> new TabularObjective(KStepCounts.of(same, 1), KStepCounts.of(other, 1)));
  }
}
