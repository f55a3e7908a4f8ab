package dev.curio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** StepTally's two figures on hand-written episode sequences (window 20). */
class StepTallyTest {
  @Test
  void successCountsPositiveReturnsAndCanComeLongBeforeTheReturnTarget() {
    StepTally t = new StepTally(20, 0.9);
    // 20 episodes of 10 steps each, every one reaching the goal slowly (return 0.5)
    for (int e = 1; e <= 20; e++) {
      t.steps(10);
      t.episode(0.5);
      assertEquals(e < 20 ? -1 : 200, t.stepsToSuccess(), "a full window of successes at episode 20, not before");
    }
    assertFalse(t.reached(), "a mean return of 0.5 is not the target 0.9");
    assertEquals(-1, t.stepsToTarget());
    // fast episodes push the rolling mean up: it needs 0.5 k + 1.0 (20 - k) >= 18, k <= 4 slow ones left
    for (int e = 1; e <= 16; e++) {
      t.steps(10);
      t.episode(1.0);
      assertEquals(e < 16 ? -1 : 360, t.stepsToTarget(), "the mean reaches 0.9 with 4 slow episodes left in the window");
    }
    assertTrue(t.reached());
    assertEquals(200, t.stepsToSuccess(), "the first time counts");
  }

  @Test
  void eighteenOfTwentyIsASuccessRateOf09AndSeventeenIsNot() {
    StepTally t = new StepTally(20, 0.9);
    for (int e = 0; e < 20; e++) {
      t.steps(5);
      t.episode(e < 3 ? 0.0 : 0.2); // 17 successes
    }
    assertEquals(-1, t.stepsToSuccess());
    t.steps(5);
    t.episode(0.2); // the first failure leaves the window: 18 of 20
    assertEquals(105, t.stepsToSuccess());
    assertEquals(21, t.episodes());
    assertEquals((18 * 0.2) / 20, t.meanReturn(), 1e-12);
  }

  @Test
  void aWindowOfZerosReadsExactlyZeroAfterItsReturnsLeft() {
    StepTally t = new StepTally(20, 0.9);
    double[] odd = {0.1, 0.7, 0.3, 0.9, 0.2};
    for (double r : odd) {
      t.steps(1);
      t.episode(r);
    }
    for (int e = 0; e < 20; e++) {
      t.steps(1);
      t.episode(0.0);
    }
    // a sum kept by adding and subtracting these five leaves 5.6e-17 behind (a residue of the other sign read "-0.000")
    assertEquals(0L, Double.doubleToLongBits(t.meanReturn()), "positive zero, not " + t.meanReturn());
  }
}
