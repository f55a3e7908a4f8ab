package dev.curio.agents.dist;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Independent categoricals, component c over {@code 0 .. nvec[c]-1}. {@code params [B, sum(nvec)]}
 * are the components' logits side by side (component c in columns {@code off_c .. off_c + nvec[c]-1},
 * {@code off_c = nvec[0] + .. + nvec[c-1]}); actions are {@code [B, len(nvec)]} integer-valued floats.
 *
 * <p>The log-probability, entropy and KL are the sums of the components' {@link Categorical} ones.
 * {@link #sample} goes row by
 * row, component by component in order, each with exactly {@link Categorical}'s arithmetic, so a
 * single component draws the same actions and log-probabilities as {@code Categorical(n)}. A row's
 * log-probability is the sum of the components' in double, rounded to float once.
 */
public final class MultiDiscrete implements ActionDistribution {
  private final int[] nvec;
  private final int[] offsets;
  private final int paramCount;

  public MultiDiscrete(int... nvec) {
    if (nvec == null || nvec.length == 0) {
      throw new IllegalArgumentException("MultiDiscrete needs at least one component, got "
          + Arrays.toString(nvec));
    }
    this.nvec = nvec.clone();
    this.offsets = new int[nvec.length];
    long sum = 0;
    for (int c = 0; c < nvec.length; c++) {
      if (nvec[c] < 1) {
        throw new IllegalArgumentException("MultiDiscrete nvec[" + c + "] must be >= 1, got " + nvec[c]
            + " in " + Arrays.toString(nvec));
      }
      offsets[c] = (int) sum;
      sum += nvec[c];
    }
    if (sum > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("MultiDiscrete " + Arrays.toString(nvec) + " has too many logits");
    }
    this.paramCount = (int) sum;
  }

  /** The number of values of each component. */
  public int[] nvec() {
    return nvec.clone();
  }

  @Override
  public int paramCount() {
    return paramCount;
  }

  @Override
  public int actionDim() {
    return nvec.length;
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
    int k = nvec.length;
    float[] actions = new float[b * k];
    float[] logProbs = new float[b];
    for (int i = 0; i < b; i++) {
      double logp = 0;
      for (int c = 0; c < k; c++) {
        logp += Categorical.drawRow(logits, i * paramCount + offsets[c], nvec[c], rng, actions, i * k + c);
      }
      logProbs[i] = (float) logp;
    }
    return new Sample(actions, logProbs);
  }

  @Override
  public INDArray logProb(INDArray params, INDArray actions) {
    INDArray a = Checks.actions(this, params, actions);
    Checks.indices(this, a, nvec);
    return sumOfComponents(c -> Categorical.logProbOf(block(params, c), a.getColumn(c, true)));
  }

  @Override
  public INDArray entropy(INDArray params) {
    Checks.params(this, "params", params);
    return sumOfComponents(c -> Categorical.entropyOf(block(params, c)));
  }

  @Override
  public INDArray kl(INDArray p, INDArray q) {
    Checks.klPair(this, p, q);
    return sumOfComponents(c -> Categorical.klOf(block(p, c), block(q, c)));
  }

  @Override
  public Var logProb(Tape tape, Var params, INDArray actions) {
    INDArray a = Checks.actions(this, params.value(), actions);
    Checks.indices(this, a, nvec);
    Var total = null;
    for (int c = 0; c < nvec.length; c++) {
      Var part = Categorical.logProbOf(tape, params.columns(offsets[c], offsets[c] + nvec[c]), a.getColumn(c, true));
      total = total == null ? part : total.add(part);
    }
    return total;
  }

  @Override
  public Var entropy(Tape tape, Var params) {
    Checks.params(this, "params", params.value());
    Var total = null;
    for (int c = 0; c < nvec.length; c++) {
      Var part = Categorical.entropyOf(tape, params.columns(offsets[c], offsets[c] + nvec[c]));
      total = total == null ? part : total.add(part);
    }
    return total;
  }

  /** {@code [B]}: the sum over components c of the fresh {@code [B]} array {@code part(c)}. */
  private INDArray sumOfComponents(IntFunction<INDArray> part) {
    INDArray total = part.apply(0);
    for (int c = 1; c < nvec.length; c++) {
      total.addi(part.apply(c));
    }
    return total;
  }



  /** {@code [B, nvec[c]]} view of component c's logits. */
  private INDArray block(INDArray params, int c) {
    return params.get(NDArrayIndex.all(), NDArrayIndex.interval(offsets[c], offsets[c] + nvec[c]));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultiDiscrete m && Arrays.equals(nvec, m.nvec);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(nvec);
  }

  @Override
  public String toString() {
    return "MultiDiscrete" + Arrays.toString(nvec);
  }
}
