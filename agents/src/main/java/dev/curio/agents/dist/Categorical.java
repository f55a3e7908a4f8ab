package dev.curio.agents.dist;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.EqualTo;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The categorical distribution over {@code 0 .. n-1}, parameterised by unnormalised logits
 * {@code params [B, n]}: {@code pi(a) = softmax(logits)_a}. Actions are {@code [B, 1]} (or {@code [B]})
 * integer-valued floats. Logits must be finite.
 *
 * <pre>
 *   log pi(a)       = z_a - logsumexp(z)                     (log-softmax, shifted by max z)
 *   H               = -sum_j pi_j log pi_j
 *   KL(p || q)      = sum_j p_j (log p_j - log q_j)
 * </pre>
 *
 * <p>{@link #sample} is the arithmetic PPO has always used (so swapping it in changes no run): per
 * row, the float max of the logits (first index on ties), {@code sum = sum_j exp(z_j - max)} in
 * double, {@code u = rng.nextDouble() * sum}, the first j whose cumulative sum exceeds u (the last
 * index if rounding leaves none), and log-probability {@code (float) (z_a - max - log(sum))}.
 */
public record Categorical(int n) implements ActionDistribution {

  public Categorical {
    if (n < 1) {
      throw new IllegalArgumentException("Categorical needs n >= 1, got " + n);
    }
  }

  @Override
  public int paramCount() {
    return n;
  }

  @Override
  public int actionDim() {
    return 1;
  }

  @Override
  public boolean discrete() {
    return true;
  }

  @Override
  public Sample sample(INDArray params, Rng rng) {
    Objects.requireNonNull(rng, "rng");
    return draw(params, rng);
  }

  @Override
  public Sample mode(INDArray params) {
    return draw(params, null);
  }

  private Sample draw(INDArray params, Rng rng) {
    int b = Checks.params(this, "params", params);
    float[] logits = Host.floats(params);
    float[] actions = new float[b];
    float[] logProbs = new float[b];
    for (int i = 0; i < b; i++) {
      logProbs[i] = (float) drawRow(logits, i * n, n, rng, actions, i);
    }
    return new Sample(actions, logProbs);
  }

  /**
   * Chooses from {@code logits[off .. off+n-1]}: drawn from {@code rng}, or the argmax when
   * {@code rng} is null. Writes the choice to {@code out[at]} and returns its log-probability before
   * the final rounding to float. One call draws exactly one {@code nextDouble()} (none for the argmax).
   */
  static double drawRow(float[] logits, int off, int n, Rng rng, float[] out, int at) {
    float max = Float.NEGATIVE_INFINITY;
    int arg = 0;
    for (int j = 0; j < n; j++) {
      if (logits[off + j] > max) {
        max = logits[off + j];
        arg = j;
      }
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += Math.exp(logits[off + j] - max);
    }
    int choice = arg;
    if (rng != null) {
      double u = rng.nextDouble() * sum;
      double acc = 0;
      choice = n - 1;
      for (int j = 0; j < n; j++) {
        acc += Math.exp(logits[off + j] - max);
        if (u < acc) {
          choice = j;
          break;
        }
      }
    }
    out[at] = choice;
    return logits[off + choice] - max - Math.log(sum);
  }

  @Override
  public INDArray logProb(INDArray params, INDArray actions) {
    return logProbOfOneHot(params, checkedOneHot(Checks.actions(this, params, actions)));
  }

  @Override
  public INDArray entropy(INDArray params) {
    Checks.params(this, "params", params);
    return entropyOf(params);
  }

  @Override
  public INDArray kl(INDArray p, INDArray q) {
    Checks.klPair(this, p, q);
    return klOf(p, q);
  }

  @Override
  public Var logProb(Tape tape, Var params, INDArray actions) {
    return logProbOfOneHot(tape, params, checkedOneHot(Checks.actions(this, params.value(), actions)));
  }

  /**
   * The one-hot rows of {@code actions [B, 1]}, which also checks them: a row has exactly one 1
   * when its action is an integer in {@code 0..n-1} and none otherwise (a fraction, a value out of
   * range or NaN equals no column index), so the whole check is one sum. Only a failure goes on to
   * {@link Checks#indices}, which names the first bad action.
   */
  private INDArray checkedOneHot(INDArray actions) {
    INDArray hot = oneHot(actions, n);
    if (hot.sumNumber().doubleValue() != actions.rows()) {
      Checks.indices(this, actions, new int[] {n});
      throw new IllegalArgumentException(this + ": the actions are not all integers in 0.." + (n - 1));
    }
    return hot;
  }

  @Override
  public Var entropy(Tape tape, Var params) {
    Checks.params(this, "params", params.value());
    return entropyOf(tape, params);
  }

  /** {@code [B, 1]} log pi(a) on the tape, for checked {@code actions [B, 1]}. */
  static Var logProbOf(Tape tape, Var logits, INDArray actions) {
    return logProbOfOneHot(tape, logits, oneHot(actions, (int) logits.columns()).castTo(logits.value().dataType()));
  }

  /** {@code [B, 1]} log pi(a) on the tape, the actions given as their one-hot rows {@code [B, n]}. */
  private static Var logProbOfOneHot(Tape tape, Var logits, INDArray hot) {
    return logits.logSoftmax().mul(tape.constant(hot)).sumRows();
  }

  /** {@code [B, 1]} entropy on the tape. */
  static Var entropyOf(Tape tape, Var logits) {
    Var logp = logits.logSoftmax();
    return logp.exp().mul(logp).sumRows().neg();
  }

  // The *Of functions take checked arguments; MultiDiscrete calls them on its column blocks.

  /** {@code [B, n]} log-softmax of {@code logits [B, n]}, shifted by the row max so large logits stay finite. */
  static INDArray logSoftmax(INDArray logits) {
    INDArray z = logits.subColumnVector(logits.max(true, 1));
    INDArray logSum = Transforms.log(Transforms.exp(z, true).sum(true, 1), false);
    return z.subiColumnVector(logSum);
  }

  /**
   * {@code [B, n]} one-hot rows of {@code actions [B, 1]}: 1 where the action equals the column
   * index (one broadcast comparison), so a row whose action is no integer in {@code 0..n-1} is all 0.
   */
  static INDArray oneHot(INDArray actions, int n) {
    DataType dt = actions.dataType();
    float[] iota = new float[n];
    for (int j = 0; j < n; j++) {
      iota[j] = j;
    }
    INDArray columns = Nd4j.create(iota, new long[] {1, n}, DataType.FLOAT).castTo(dt);
    INDArray equal = Nd4j.createUninitialized(DataType.BOOL, actions.rows(), n);
    Nd4j.exec(new EqualTo(new INDArray[] {actions, columns}, new INDArray[] {equal}));
    return equal.castTo(dt);
  }

  /** {@code [B]} log pi(a) for {@code logits [B, n]} and {@code actions [B, 1]}. */
  static INDArray logProbOf(INDArray logits, INDArray actions) {
    return logProbOfOneHot(logits, oneHot(actions, (int) logits.columns()));
  }

  /** {@code [B]} log pi(a), the actions given as their one-hot rows {@code [B, n]}. */
  private static INDArray logProbOfOneHot(INDArray logits, INDArray hot) {
    return logSoftmax(logits).muli(hot).sum(1);
  }

  /** {@code [B]} entropy of {@code logits [B, n]}. */
  static INDArray entropyOf(INDArray logits) {
    return entropyColumn(logSoftmax(logits)).reshape(logits.rows());
  }

  /** {@code [B, 1]} -sum_j p_j log p_j from {@code logp [B, n]}. */
  private static INDArray entropyColumn(INDArray logp) {
    return Transforms.exp(logp, true).muli(logp).sum(true, 1).negi();
  }

  /** {@code [B]} KL(p || q) for logits {@code p, q [B, n]}. */
  static INDArray klOf(INDArray p, INDArray q) {
    INDArray logp = logSoftmax(p);
    INDArray probs = Transforms.exp(logp, true);
    return probs.muli(logp.subi(logSoftmax(q))).sum(1);
  }





  @Override
  public String toString() {
    return "Categorical(" + n + ")";
  }
}
