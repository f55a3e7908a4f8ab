package dev.curio.agents.dist;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import java.util.Objects;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A Gaussian with diagonal covariance over {@code R^dim}, parameterised per row by
 * {@code params [B, 2*dim] = [mean (dim) | logStd (dim)]}. A policy whose log-std does not depend on
 * the state writes it into every row, so a trajectory that stores {@code params} carries the whole
 * distribution. Actions are {@code [B, dim]}.
 *
 * <p>Actions are unbounded: this class never clips. The caller clips an action to its {@code Box}
 * at the env (as CleanRL does) and keeps the unclipped action in the trajectory, so that
 * log-probabilities stay exact.
 *
 * <p>With {@code sigma = exp(logStd)} and sums over the dim components:
 * <pre>
 *   log pi(a)           = sum_d [ -0.5 ((a - mu)/sigma)^2 - logSigma - 0.5 log(2 pi) ]
 *   H                   = sum_d [ 0.5 + 0.5 log(2 pi) + logSigma ]
 *   KL(p || q)          = sum_d [ logSigma_q - logSigma_p + (sigma_p^2 + (mu_p - mu_q)^2) / (2 sigma_q^2) - 0.5 ]
 * </pre>
 *
 * <p>{@link #sample} draws {@code a = mu + sigma * rng.nextGaussian()} per component in row-major
 * order, in double, stored as float; its log-probability is that of the stored float action.
 */
public record DiagGaussian(int dim) implements ActionDistribution {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  public DiagGaussian {
    if (dim < 1) {
      throw new IllegalArgumentException("DiagGaussian needs dim >= 1, got " + dim);
    }
  }

  @Override
  public int paramCount() {
    return 2 * dim;
  }

  @Override
  public int actionDim() {
    return dim;
  }

  @Override
  public boolean discrete() {
    return false;
  }

  @Override
  public Sample sample(INDArray params, Rng rng) {
    Objects.requireNonNull(rng, "rng");
    return draw(params, rng);
  }

  /** The means, with their log-probabilities {@code sum_d (-logSigma - 0.5 log(2 pi))}. */
  @Override
  public Sample mode(INDArray params) {
    return draw(params, null);
  }

  private Sample draw(INDArray params, Rng rng) {
    int b = Checks.params(this, "params", params);
    float[] p = Host.floats(params);
    float[] actions = new float[b * dim];
    float[] logProbs = new float[b];
    for (int i = 0; i < b; i++) {
      int off = i * 2 * dim;
      double logp = 0;
      for (int d = 0; d < dim; d++) {
        double mu = p[off + d];
        double logSigma = p[off + dim + d];
        double sigma = Math.exp(logSigma);
        float a = rng == null ? (float) mu : (float) (mu + sigma * rng.nextGaussian());
        actions[i * dim + d] = a;
        double z = (a - mu) / sigma;
        logp += -0.5 * z * z - logSigma - HALF_LOG_2PI;
      }
      logProbs[i] = (float) logp;
    }
    return new Sample(actions, logProbs);
  }

  @Override
  public INDArray logProb(INDArray params, INDArray actions) {
    INDArray a = Checks.actions(this, params, actions);
    INDArray logSigma = logStd(params);
    INDArray z = a.sub(mean(params)).muli(Transforms.exp(logSigma.neg(), false));
    return z.muli(z).muli(-0.5).subi(logSigma).subi(HALF_LOG_2PI).sum(1);
  }

  @Override
  public INDArray entropy(INDArray params) {
    Checks.params(this, "params", params);
    return logStd(params).add(0.5 + HALF_LOG_2PI).sum(1);
  }

  @Override
  public INDArray kl(INDArray p, INDArray q) {
    Checks.klPair(this, p, q);
    INDArray logSigmaP = logStd(p);
    INDArray logSigmaQ = logStd(q);
    // sigma_p^2 / sigma_q^2 and 1 / sigma_q^2 as exponentials of log-std differences
    INDArray varRatio = Transforms.exp(logSigmaP.sub(logSigmaQ).muli(2), false);
    INDArray diff = mean(p).sub(mean(q));
    INDArray meanTerm = diff.muli(diff).muli(Transforms.exp(logSigmaQ.mul(-2), false));
    // the terms that cancel for p = q are subtracted first, so KL(p, p) is exactly 0
    INDArray quadratic = varRatio.addi(meanTerm).subi(1).muli(0.5);
    return logSigmaQ.sub(logSigmaP).addi(quadratic).sum(1);
  }

  @Override
  public Var logProb(Tape tape, Var params, INDArray actions) {
    INDArray a = Checks.actions(this, params.value(), actions);
    Var logSigma = params.columns(dim, 2 * dim);
    Var z = tape.constant(a.castTo(params.value().dataType())).sub(params.columns(0, dim)).mul(logSigma.neg().exp());
    return z.square().mul(-0.5).sub(logSigma).add(-HALF_LOG_2PI).sumRows();
  }

  @Override
  public Var entropy(Tape tape, Var params) {
    Checks.params(this, "params", params.value());
    return params.columns(dim, 2 * dim).add(0.5 + HALF_LOG_2PI).sumRows();
  }

  /** {@code [B, dim]} view of the means. */
  private INDArray mean(INDArray params) {
    return params.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim));
  }

  /** {@code [B, dim]} view of the log-stds. */
  private INDArray logStd(INDArray params) {
    return params.get(NDArrayIndex.all(), NDArrayIndex.interval(dim, 2 * dim));
  }

  @Override
  public String toString() {
    return "DiagGaussian(" + dim + ")";
  }
}
