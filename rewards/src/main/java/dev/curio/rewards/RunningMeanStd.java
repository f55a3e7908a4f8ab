package dev.curio.rewards;

import dev.curio.core.state.Snapshot;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Running mean and (population) variance of D features, merged batch by batch with the parallel
 * formula of Chan, Golub and LeVeque (1979): for counts {@code n_a, n_b}, means {@code m_a, m_b},
 * variances {@code v_a, v_b} and {@code d = m_b - m_a}, {@code n = n_a + n_b},
 * {@code m = m_a + d n_b / n}, {@code v = (v_a n_a + v_b n_b + d^2 n_a n_b / n) / n}.
 *
 * <p>Immutable: {@link #merge} returns the merged statistics, so a caller can normalise with
 * "statistics including this batch" without committing them (what a pure {@code compute} needs).
 */
public final class RunningMeanStd {
  private final double count;
  private final double[] mean;
  private final double[] var;

  private RunningMeanStd(double count, double[] mean, double[] var) {
    this.count = count;
    this.mean = mean;
    this.var = var;
  }

  /** No data yet: count 0, mean 0, variance 1. */
  public static RunningMeanStd empty(int dim) {
    double[] ones = new double[dim];
    Arrays.fill(ones, 1.0);
    return new RunningMeanStd(0, new double[dim], ones);
  }

  /** These statistics merged with a batch of {@code batchCount} samples with the given moments. */
  public RunningMeanStd merge(double[] batchMean, double[] batchVar, double batchCount) {
    if (batchMean.length != mean.length || batchVar.length != mean.length) {
      throw new IllegalArgumentException("batch moments have " + batchMean.length + " features, expected "
          + mean.length);
    }
    if (batchCount <= 0) {
      return this;
    }
    if (count == 0) {
      return new RunningMeanStd(batchCount, batchMean.clone(), batchVar.clone());
    }
    double n = count + batchCount;
    double[] m = new double[mean.length];
    double[] v = new double[mean.length];
    for (int j = 0; j < mean.length; j++) {
      double d = batchMean[j] - mean[j];
      m[j] = mean[j] + d * batchCount / n;
      v[j] = (var[j] * count + batchVar[j] * batchCount + d * d * count * batchCount / n) / n;
    }
    return new RunningMeanStd(n, m, v);
  }

  /** These statistics merged with the rows of {@code batch} {@code [B, D]} (two ND4J reductions). */
  public RunningMeanStd merge(INDArray batch) {
    INDArray x = batch.dataType() == DataType.DOUBLE ? batch : batch.castTo(DataType.DOUBLE);
    double[] m = x.mean(0).data().asDouble();
    double[] v = x.rows() > 1 ? x.var(false, 0).data().asDouble() : new double[mean.length];
    return merge(m, v, x.rows());
  }

  public double count() {
    return count;
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] var() {
    return var.clone();
  }

  /** {@code sqrt(var + epsilon)} per feature as a row {@code [1, D]} of {@code dataType}. */
  public INDArray stdRow(double epsilon, DataType dataType) {
    double[] s = new double[var.length];
    for (int j = 0; j < s.length; j++) {
      s[j] = Math.sqrt(var[j] + epsilon);
    }
    return Nd4j.createFromArray(s).reshape(1, s.length).castTo(dataType);
  }

  /** The mean as a row {@code [1, D]} of {@code dataType}. */
  public INDArray meanRow(DataType dataType) {
    return Nd4j.createFromArray(mean.clone()).reshape(1, mean.length).castTo(dataType);
  }

  public Snapshot state() {
    return new Snapshot().putDouble("count", count).putDoubles("mean", mean).putDoubles("var", var);
  }

  public static RunningMeanStd fromState(Snapshot s) {
    double[] m = s.doubles("mean");
    double[] v = s.doubles("var");
    if (m.length != v.length) {
      throw new IllegalArgumentException("snapshot has " + m.length + " means but " + v.length + " variances");
    }
    return new RunningMeanStd(s.getDouble("count"), m, v);
  }
}
