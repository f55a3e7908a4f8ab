package dev.curio.agents.net;

import dev.curio.agents.dist.DiagGaussian;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PPO's clipped surrogate loss with an entropy bonus for a diagonal Gaussian policy whose network
 * outputs the means {@code mu [B, D]} and whose log-standard-deviations are one state-independent
 * vector {@code logStd [1, D]} (CleanRL's continuous PPO; the vector lives outside the graph and is
 * handed in with {@link #setLogStd} before each step).
 *
 * <p>Labels pack {@code [B, D + 2]}: the action taken (D columns, unclipped), the advantage, and its
 * log-probability under the acting policy. With the distribution's own derivatives
 * ({@link DiagGaussian#logProbGradient}, {@link DiagGaussian#entropyGradient}):
 * <pre>
 *   loss      = -min(r A, clip(r, 1-eps, 1+eps) A) - c_H H
 *   dloss/dmu = -A r [unclipped] dlogp/dmu
 *   dloss/dlogStd = sum over rows of (-A r [unclipped] dlogp/dlogStd - c_H)
 * </pre>
 * The gradient for the means goes back through the graph; the one for {@code logStd}, averaged over
 * the minibatch like the rest, is kept for the caller ({@link #lastLogStdGradient()}).
 */
public final class GaussianPolicyLoss extends SurrogatePolicyLoss {
  private static final long serialVersionUID = 1L;
  private int dim = 1;
  private transient INDArray logStd;
  private transient INDArray lastLogStdGradient;

  public GaussianPolicyLoss() {}

  public GaussianPolicyLoss(int dim) {
    this.dim = dim;
  }

  public int getDim() {
    return dim;
  }

  public void setDim(int dim) {
    this.dim = dim;
  }

  /** The current log-standard-deviations {@code [1, D]}, read by the next loss computation. */
  public void setLogStd(INDArray logStd) {
    this.logStd = logStd;
  }

  /** {@code dloss/dlogStd [1, D]} of the last gradient computation. */
  public INDArray lastLogStdGradient() {
    return lastLogStdGradient;
  }

  @Override
  protected Parts compute(INDArray labels, INDArray preOutput, IActivation activationFn, boolean wantGradient) {
    if (logStd == null) {
      throw new IllegalStateException("GaussianPolicyLoss needs setLogStd before use");
    }
    INDArray mean = activationFn.getActivation(preOutput.dup(), true);
    long b = mean.rows();
    DiagGaussian dist = new DiagGaussian(dim);
    INDArray actions = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim));
    INDArray adv = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(dim, dim + 1));
    INDArray oldLogp = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(dim + 1, dim + 2));
    INDArray params = Nd4j.hstack(mean, Nd4j.zeros(mean.dataType(), b, dim).addiRowVector(logStd.castTo(mean.dataType())));

    INDArray logp = dist.logProb(params, actions).reshape(b, 1);
    INDArray entropy = dist.entropy(params).reshape(b, 1);
    ClippedSurrogate s = surrogate(logp, oldLogp, adv, entropy);
    if (!wantGradient) {
      return new Parts(s.perExample(), null);
    }
    INDArray coef = s.logpCoefficient();
    INDArray grad = dist.logProbGradient(params, actions).muliColumnVector(coef)
        .subi(dist.entropyGradient(params).muli(getEntropyCoef())).divi(b);
    INDArray dMean = grad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim)).dup();
    // detached: the loss runs inside a DL4J workspace that is closed before the caller reads this
    lastLogStdGradient = grad.get(NDArrayIndex.all(), NDArrayIndex.interval(dim, 2 * dim)).sum(true, 0).detach();
    INDArray dz = activationFn.backprop(preOutput.dup(), dMean).getFirst();
    return new Parts(s.perExample(), dz);
  }

  @Override
  public String name() {
    return "PpoGaussianPolicyLoss";
  }

  @Override
  public String toString() {
    return "PpoGaussianPolicyLoss(dim=" + dim + ", clip=" + getClip() + ", entropyCoef=" + getEntropyCoef() + ")";
  }
}
