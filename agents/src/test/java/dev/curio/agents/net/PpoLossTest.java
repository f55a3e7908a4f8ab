package dev.curio.agents.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.dist.Categorical;
import dev.curio.agents.dist.DiagGaussian;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** PPO's losses: golden values by hand, the clipped branches, and their gradients by finite differences. */
class PpoLossTest {
  /** A parameter holding {@code value}, so the loss's gradient with respect to it can be read. */
  private static Parameters.Weight param(INDArray value) {
    Parameters p = new Parameters((int) value.length(), DataType.DOUBLE);
    Parameters.Weight w = p.claim(p.size()).weight(0, value.shape());
    w.values().assign(value.castTo(DataType.DOUBLE));
    return w;
  }

  private static INDArray m(double[][] v) {
    return Nd4j.createFromArray(v).castTo(DataType.DOUBLE);
  }


  private static PpoLoss.Result categorical(PpoLoss loss, Tape t, Var logits, INDArray labels) {
    long b = logits.rows();
    Var v = t.constant(Nd4j.zeros(DataType.DOUBLE, b, 1));
    return loss.of(t, new Categorical((int) logits.columns()), logits, labels, v, Nd4j.zeros(DataType.DOUBLE, b, 2));
  }

  @Test
  void policyLossGoldenValueWithClipping() {
    // logits (0, ln 3): pi = (0.25, 0.75). Action 1, advantage 2, old log-prob ln 0.5:
    // ratio 1.5, clipped 1.2, min(3.0, 2.4) = 2.4; entropy = -(.25 ln .25 + .75 ln .75) = 0.562335
    Tape t = Tape.training();
    PpoLoss.Result r = categorical(new PpoLoss(0.2, 0.01, true, 0.5), t,
        t.constant(m(new double[][] {{0, Math.log(3)}})), m(new double[][] {{1, 2, Math.log(0.5)}}));
    assertEquals(-2.4 - 0.01 * 0.5623351446, r.total().scalar(), 1e-9);
    assertEquals(-2.4, r.policyLoss(), 1e-9);
    assertEquals(0.5623351446, r.entropy(), 1e-9);
    assertEquals(1.0, r.clipFraction(), 0.0);
    assertEquals(0.5 - Math.log(1.5), r.approxKl(), 1e-9);
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
    Parameters.Weight logits = param(m(new double[][] {{2, 0, 0}, {-2, 0, 0}, {2, 0, 0}}));
    INDArray labels = m(new double[][] {
        {0, 1.0, Math.log(0.5)},
        {0, -1.0, Math.log(0.3)},
        {0, -1.0, Math.log(0.5)}});
    Tape t = Tape.training();
    PpoLoss.Result r = categorical(new PpoLoss(0.2, 0.0, true, 0.5), t, logits.on(t), labels);
    t.backward(r.total());
    INDArray g = logits.gradient();
    for (int j = 0; j < 3; j++) {
      assertEquals(0.0, g.getDouble(0, j), 0.0, "row 0, clipped above");
      assertEquals(0.0, g.getDouble(1, j), 0.0, "row 1, clipped below");
    }
    assertTrue(Math.abs(g.getDouble(2, 0)) > 0.05, "row 2 is not clipped: " + g);
    assertEquals(1.0, r.clipFraction(), 0.0, "every row's ratio is outside [0.8, 1.2]");
    checkGradient(logits.values(), x -> {
      Tape u = Tape.training();
      return categorical(new PpoLoss(0.2, 0.05, true, 0.5), u, u.constant(x), labels).total().scalar();
    }, (u, x) -> categorical(new PpoLoss(0.2, 0.05, true, 0.5), u, x, labels).total());
  }

  @Test
  void policyGradientMatchesFiniteDifferences() {
    INDArray labels = m(new double[][] {
        {0, 1.5, Math.log(0.30)},
        {1, -0.7, Math.log(0.05)},
        {2, 0.4, Math.log(0.40)}});
    INDArray logits = m(new double[][] {{0.1, -0.3, 0.5}, {1.0, 0.2, -0.4}, {-0.2, 0.0, 0.3}});
    checkGradient(logits, x -> {
      Tape u = Tape.training();
      return categorical(new PpoLoss(0.2, 0.05, true, 0.5), u, u.constant(x), labels).total().scalar();
    }, (u, x) -> categorical(new PpoLoss(0.2, 0.05, true, 0.5), u, x, labels).total());
  }

  private static PpoLoss.Result value(PpoLoss loss, Tape t, Var v, INDArray valueLabels) {
    long b = v.rows();
    Var logits = t.constant(Nd4j.zeros(DataType.DOUBLE, b, 2));
    INDArray pl = Nd4j.zeros(DataType.DOUBLE, b, 3);
    pl.getColumn(2).assign(Math.log(0.5));
    return loss.of(t, new Categorical(2), logits, pl, v, valueLabels);
  }

  /** A value moved past the clip away from its target takes the clipped term: no gradient. */
  @Test
  void clippedValueRowsGetNoGradient() {
    // head 0: v = 2.0, old 1.0, target 3.0: clipped value 1.2, (1.2-3)^2 = 3.24 > (2-3)^2 = 1 -> clipped term
    // head 1: v = 2.0, old 1.0, target 0.0: (2-0)^2 = 4 > (1.2-0)^2 -> the unclipped term, gradient 0.5*0.5*2*2
    Parameters.Weight v = param(m(new double[][] {{2.0, 2.0}}));
    INDArray labels = m(new double[][] {{3.0, 0.0, 1.0, 1.0}});
    Tape t = Tape.training();
    t.backward(value(new PpoLoss(0.2, 0.0, true, 0.5), t, v.on(t), labels).total());
    assertEquals(0.0, v.gradient().getDouble(0, 0), 0.0);
    assertEquals(0.5 * 0.5 * 2 * 2.0, v.gradient().getDouble(0, 1), 1e-12);
  }

  @Test
  void valueGradientMatchesFiniteDifferencesClippedAndNot() {
    INDArray v = m(new double[][] {{0.5, -1.0}, {2.0, 0.3}});
    // targets (2), old values (2): head 0 of row 1 moved 1.0 from its old value: clipped branch
    INDArray labels = m(new double[][] {{1.0, -0.5, 0.45, -1.05}, {0.0, 0.0, 1.0, 0.25}});
    for (boolean clip : new boolean[] {true, false}) {
      checkGradient(v, x -> {
        Tape u = Tape.training();
        return value(new PpoLoss(0.2, 0.0, clip, 0.5), u, u.constant(x), labels).total().scalar();
      }, (u, x) -> value(new PpoLoss(0.2, 0.0, clip, 0.5), u, x, labels).total());
    }
  }

  @Test
  void valueLossGoldenValue() {
    // unclipped: 0.5 * sum_k (v - R)^2 averaged over rows, reported before c_V
    Tape t = Tape.training();
    PpoLoss.Result r = value(new PpoLoss(0.2, 0.0, false, 0.5), t, t.constant(m(new double[][] {{1.0, 2.0}})),
        m(new double[][] {{0.0, 0.0, 1.0, 2.0}}));
    assertEquals(0.5 * (1 + 4), r.valueLoss(), 1e-12);
    // clipped: old = v, so the clipped value equals v and both terms agree
    Tape u = Tape.training();
    PpoLoss.Result c = value(new PpoLoss(0.2, 0.0, true, 0.5), u, u.constant(m(new double[][] {{1.0, 2.0}})),
        m(new double[][] {{0.0, 0.0, 1.0, 2.0}}));
    assertEquals(2.5, c.valueLoss(), 1e-12);
    // the total adds c_V times it to the policy loss (-min(r A) = 0 with A = 0)
    assertEquals(0.5 * 2.5, c.total().scalar(), 1e-12);
  }

  @Test
  void gaussianGoldenValues() {
    // D = 1, mean 0, logStd ln 2, action 1: log N(1; 0, 4) = -0.5 * 0.25 - ln 2 - 0.5 ln 2 pi
    Tape t = Tape.training();
    INDArray labels = m(new double[][] {{1.0, 1.0, -0.5 * 0.25 - Math.log(2) - 0.5 * Math.log(2 * Math.PI)}});
    // params: mean 0, log-std ln 2
    PpoLoss.Result r = new PpoLoss(0.2, 0.0, true, 0.5).of(t, new DiagGaussian(1),
        t.constant(m(new double[][] {{0.0, Math.log(2)}})), labels, t.constant(Nd4j.zeros(DataType.DOUBLE, 1, 1)),
        Nd4j.zeros(DataType.DOUBLE, 1, 2));
    assertEquals(0.0, r.approxKl(), 1e-12, "the stored log-prob is the current one: ratio 1");
    assertEquals(-1.0, r.policyLoss(), 1e-12);
    assertEquals(Math.log(2) + 0.5 * (1 + Math.log(2 * Math.PI)), r.entropy(), 1e-12);
  }

  /** d loss / d x by central differences against the tape's gradient. */
  private static void checkGradient(INDArray x0, Function<INDArray, Double> lossOf,
                                    java.util.function.BiFunction<Tape, Var, Var> lossVar) {
    Parameters.Weight w = param(x0);
    Tape t = Tape.training();
    t.backward(lossVar.apply(t, w.on(t)));
    INDArray analytic = w.gradient().dup();
    double h = 1e-6;
    for (int i = 0; i < x0.rows(); i++) {
      for (int j = 0; j < x0.columns(); j++) {
        INDArray plus = x0.castTo(DataType.DOUBLE).dup();
        plus.putScalar(i, j, plus.getDouble(i, j) + h);
        INDArray minus = x0.castTo(DataType.DOUBLE).dup();
        minus.putScalar(i, j, minus.getDouble(i, j) - h);
        double numeric = (lossOf.apply(plus) - lossOf.apply(minus)) / (2 * h);
        assertEquals(numeric, analytic.getDouble(i, j), 1e-6, "d/dx[" + i + "," + j + "]");
      }
    }
  }
}
