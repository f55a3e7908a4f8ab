package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import org.junit.jupiter.api.Test;

class ExhaustiveSearchTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final int[] TRUTH4 = {0, 1, 0, 1};

  private static int[][] labelsBySize() {
    // index = number of codes; 4 observations
    return new int[][] {null, {0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 0, 2}, {0, 1, 2, 3}};
  }

  /**
   * B_n = (inf, 0.7, 0.30025, 0.3, 0.31): the minimum is at 3 codes, but 2 codes are within 0.1% of
   * it (0.30025 <= 1.001 * 0.3 = 0.3003), so the paper's rule takes the smaller encoder; with no
   * tolerance it takes the minimum.
   */
  @Test
  void theSizeRuleTakesTheFewestCodesWithinTheTolerance() {
    double[] best = {INF, 0.7, 0.30025, 0.3, 0.31};
    double[] second = {INF, INF, 0.4, 0.35, INF};
    ExhaustiveSearch.Selection s = ExhaustiveSearch.select(2, false, best, second, labelsBySize(), 0.001, TRUTH4);
    assertEquals(2, s.codes());
    assertEquals(0.30025, s.loss());
    assertEquals(ExhaustiveSearch.Outcome.CORRECT, s.outcome());
    assertTrue(s.success());
    ExhaustiveSearch.Selection strict = ExhaustiveSearch.select(2, false, best, second, labelsBySize(), 0, TRUTH4);
    assertEquals(3, strict.codes());
    assertEquals(ExhaustiveSearch.Outcome.FINER, strict.outcome()); // {0,2} {1} {3}: splits a true code
    assertTrue(strict.consistent());
    assertFalse(strict.success());
  }

  /** A true encoder that another partition of its size matches exactly is not a success. */
  @Test
  void aTieIsNotASuccess() {
    double[] best = {INF, 0.7, 0.3, 0.31, 0.32};
    double[] tied = {INF, INF, 0.3, 0.4, INF};
    ExhaustiveSearch.Selection s = ExhaustiveSearch.select(1, true, best, tied, labelsBySize(), 0.001, TRUTH4);
    assertEquals(ExhaustiveSearch.Outcome.CORRECT, s.outcome());
    assertEquals(0.0, s.margin());
    assertFalse(s.success());
    int[][] wrong = labelsBySize();
    wrong[2] = new int[] {0, 0, 1, 1};
    ExhaustiveSearch.Selection w = ExhaustiveSearch.select(1, true, best, new double[] {INF, INF, 0.4, 0.4, INF},
        wrong, 0.001, TRUTH4);
    assertEquals(ExhaustiveSearch.Outcome.WRONG, w.outcome());
    assertFalse(w.consistent());
  }

  /**
   * The periodic world, one walk of 1600 transitions to fit and one to score: with K = 3 the
   * multi-step inverse objective cannot tell the true five codes from a coarser encoder, which the
   * size rule then prefers; the forward term separates them and the true encoder is selected, alone
   * at its size.
   */
  @Test
  void periodicWorldNeedsTheForwardTerm() {
    TabularWorld w = TabularWorld.periodic(0.25);
    KStepCounts fit = KStepCounts.of(w.sample(1600, new Rng(11)), 3);
    KStepCounts score = KStepCounts.of(w.sample(1600, new Rng(12)), 3);
    TabularObjective o = new TabularObjective(fit, score);
    ExhaustiveSearch.Result r = ExhaustiveSearch.run(o, w.truePartition(), ExhaustiveSearch.PAPER_TOLERANCE);
    assertEquals(115_975, r.partitions());

    ExhaustiveSearch.Selection inv = r.at(3, false);
    assertEquals(ExhaustiveSearch.Outcome.WRONG, inv.outcome());
    assertTrue(inv.codes() < 5, "codes " + inv.codes());
    double trueLoss = o.inverse(w.truePartition(), 3);
    assertTrue(inv.loss() <= (1 + ExhaustiveSearch.PAPER_TOLERANCE) * trueLoss,
        inv.loss() + " vs the true encoder's " + trueLoss);
    assertTrue(inv.bestBySize()[5] <= trueLoss);

    ExhaustiveSearch.Selection fwd = r.at(3, true);
    assertEquals(ExhaustiveSearch.Outcome.CORRECT, fwd.outcome());
    assertTrue(fwd.success());
    assertArrayEquals(w.truePartition(), fwd.labels());
    assertEquals(trueLoss + o.forward(w.truePartition()), fwd.loss(), 1e-12);
  }

  @Test
  void badInputNamesTheParameter() {
    TabularWorld w = TabularWorld.periodic(0.25);
    KStepCounts c = KStepCounts.of(w.sample(50, new Rng(1)), 2);
    TabularObjective o = new TabularObjective(c, c);
    assertEquals("tolerance must be in [0, 1), got -0.1", assertThrows(IllegalArgumentException.class,
        () -> ExhaustiveSearch.run(o, w.truePartition(), -0.1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExhaustiveSearch.run(o, new int[3], 0.001));
  }
}
