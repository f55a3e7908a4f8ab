package dev.curio.agents.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

class LossesTest {
  private static final ActivationIdentity ID = new ActivationIdentity();

  @Test
  void policyLossGoldenValueWithClipping() {
    // logits (0, ln 3): pi = (0.25, 0.75). Action 1, advantage 2, old log-prob ln 0.5:
    // ratio 1.5, clipped 1.2, min(3.0, 2.4) = 2.4; entropy = -(.25 ln .25 + .75 ln .75) = 0.562335
    INDArray logits = Nd4j.createFromArray(new double[][] {{0, Math.log(3)}});
    INDArray labels = Nd4j.createFromArray(new double[][] {{0, 1, 2, Math.log(0.5)}});
    PolicyLoss loss = new PolicyLoss(0.2, 0.01);
    double score = loss.computeScore(labels, logits, ID, null, true);
    assertEquals(-2.4 - 0.01 * 0.5623351446, score, 1e-6);
    double[] stats = loss.lastStats();
    assertEquals(-2.4, stats[0], 1e-6); // the policy loss, -min(...)
    assertEquals(0.5623351446, stats[1], 1e-6);
    assertEquals(1.0, stats[3], 1e-9); // clip fraction
    // approx KL = (r - 1) - log r = 0.5 - ln 1.5
    assertEquals(0.5 - Math.log(1.5), stats[2], 1e-6);
  }

  @Test
  void policyGradientMatchesFiniteDifferences() {
    // ratios near 1 (unclipped) and far from 1 (clipped), positive and negative advantages
    INDArray logits = Nd4j.createFromArray(new double[][] {{0.1, -0.3, 0.5}, {1.0, 0.2, -0.4}, {-0.2, 0.0, 0.3}});
    INDArray labels = Nd4j.createFromArray(new double[][] {
        {1, 0, 0, 1.5, Math.log(0.30)},
        {0, 1, 0, -0.7, Math.log(0.05)},
        {0, 0, 1, 0.4, Math.log(0.40)}});
    checkGradient(new PolicyLoss(0.2, 0.05), labels, logits);
  }

  /**
   * Rows whose ratio left the clip range in the direction the advantage rewards take the clipped
   * term, which does not depend on the logits: without the entropy bonus their gradient is zero.
   * Rows clipped the other way keep the unclipped term and its gradient.
   */
  @Test
  void clippedSurrogateRowsGetNoPolicyGradient() {
    // row 0: pi(a=0) = e^2/(e^2+2) = 0.787, old 0.5: ratio 1.57 > 1.2 with A > 0 -> clipped
    // row 1: pi(a=0) = e^-2/(e^-2+2) = 0.0634, old 0.3: ratio 0.21 < 0.8 with A < 0 -> clipped
    // row 2: the same ratio 1.57 but A < 0 -> the unclipped term is the minimum: gradient flows
    INDArray logits = Nd4j.createFromArray(new double[][] {{2, 0, 0}, {-2, 0, 0}, {2, 0, 0}});
    INDArray labels = Nd4j.createFromArray(new double[][] {
        {1, 0, 0, 1.0, Math.log(0.5)},
        {1, 0, 0, -1.0, Math.log(0.3)},
        {1, 0, 0, -1.0, Math.log(0.5)}});
    PolicyLoss loss = new PolicyLoss(0.2, 0.0);
    INDArray g = loss.computeGradient(labels, logits, ID, null);
    for (int j = 0; j < 3; j++) {
      assertEquals(0.0, g.getDouble(0, j), 1e-12, "row 0, clipped above");
      assertEquals(0.0, g.getDouble(1, j), 1e-12, "row 1, clipped below");
    }
    assertTrue(Math.abs(g.getDouble(2, 0)) > 0.05, "row 2 is not clipped: " + g);
    assertEquals(1.0, loss.lastStats()[3], 1e-9, "clip fraction: every row's ratio is outside [0.8, 1.2]");
    checkGradient(new PolicyLoss(0.2, 0.05), labels, logits);
  }

  /** A value moved past the clip away from its target takes the clipped term: no gradient. */
  @Test
  void clippedValueRowsGetNoGradient() {
    // head 0: v = 2.0, old 1.0, target 3.0: clipped value 1.2, (1.2-3)^2 = 3.24 > (2-3)^2 = 1 -> clipped term
    // head 1: v = 2.0, old 1.0, target 0.0: (2-0)^2 = 4 > (1.2-0)^2 -> the unclipped term, gradient 0.5*2*2
    INDArray v = Nd4j.createFromArray(new double[][] {{2.0, 2.0}});
    INDArray labels = Nd4j.createFromArray(new double[][] {{3.0, 0.0, 1.0, 1.0}});
    INDArray g = new ValueLoss(0.2, true, 0.5).computeGradient(labels, v, ID, null);
    assertEquals(0.0, g.getDouble(0, 0), 1e-12);
    assertEquals(0.5 * 2 * 2.0 / 2, g.getDouble(0, 1), 1e-9);
    checkGradient(new ValueLoss(0.2, true, 0.5), labels, v);
  }

  @Test
  void valueGradientMatchesFiniteDifferencesClippedAndNot() {
    INDArray v = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {2.0, 0.3}});
    // targets (2), old values (2): head 0 of row 1 moved 1.0 from its old value: clipped branch
    INDArray labels = Nd4j.createFromArray(new double[][] {{1.0, -0.5, 0.45, -1.05}, {0.0, 0.0, 1.0, 0.25}});
    checkGradient(new ValueLoss(0.2, true, 0.5), labels, v);
    checkGradient(new ValueLoss(0.2, false, 0.5), labels, v);
  }

  @Test
  void valueLossGoldenValue() {
    // unclipped: 0.5 * c * sum_k (v - R)^2 averaged over rows
    INDArray v = Nd4j.createFromArray(new double[][] {{1.0, 2.0}});
    INDArray labels = Nd4j.createFromArray(new double[][] {{0.0, 0.0, 1.0, 2.0}});
    assertEquals(0.5 * 0.5 * (1 + 4), new ValueLoss(0.2, false, 0.5).computeScore(labels, v, ID, null, true), 1e-9);
    // clipped: old = v, so the clipped value equals v and both terms agree
    assertEquals(1.25, new ValueLoss(0.2, true, 0.5).computeScore(labels, v, ID, null, true), 1e-9);
  }

  /** d(mean score)/d(preOutput) by central differences against the analytic gradient. */
  private static void checkGradient(ILossFunction loss, INDArray labels, INDArray pre) {
    labels = labels.castTo(DataType.DOUBLE);
    pre = pre.castTo(DataType.DOUBLE);
    INDArray analytic = loss.computeGradient(labels, pre, ID, null);
    double h = 1e-6;
    for (int i = 0; i < pre.rows(); i++) {
      for (int j = 0; j < pre.columns(); j++) {
        INDArray plus = pre.dup();
        plus.putScalar(i, j, pre.getDouble(i, j) + h);
        INDArray minus = pre.dup();
        minus.putScalar(i, j, pre.getDouble(i, j) - h);
        double numeric = (loss.computeScore(labels, plus, ID, null, true) - loss.computeScore(labels, minus, ID, null, true)) / (2 * h);
        assertEquals(numeric, analytic.getDouble(i, j), 1e-5, "d/dz[" + i + "," + j + "] of " + loss);
      }
    }
  }
}
