package dev.curio.agents.net;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PPO's clipped surrogate loss with an entropy bonus, on the policy logits (the output layer's
 * activation is the identity; the softmax is taken here).
 *
 * <p>Labels pack three things per row, {@code [B, A + 2]}: the one-hot action (A columns), the
 * advantage, and the log-probability under the acting policy. With {@code r = pi(a)/pi_old(a)}:
 * <pre>
 *   loss = -min(r A, clip(r, 1-eps, 1+eps) A) - c_H H(pi)
 *   dloss/dlogits = -A r [unclipped] (onehot(a) - pi) + c_H pi (log pi + H)
 * </pre>
 * Gradients are averaged over the minibatch here (the updater is then called with batch size 1).
 * The last call's statistics are kept for logging ({@link #lastStats()}).
 */
public final class PolicyLoss extends PackedLabelLoss {
  private static final long serialVersionUID = 1L;
  private double clip = 0.2;
  private double entropyCoef = 0.01;
  private transient double[] last = new double[4];

  public PolicyLoss() {}

  public PolicyLoss(double clip, double entropyCoef) {
    this.clip = clip;
    this.entropyCoef = entropyCoef;
  }

  public double getClip() {
    return clip;
  }

  public void setClip(double clip) {
    this.clip = clip;
  }

  public double getEntropyCoef() {
    return entropyCoef;
  }

  public void setEntropyCoef(double entropyCoef) {
    this.entropyCoef = entropyCoef;
  }

  /** Of the last gradient computation: policy loss, mean entropy, approximate KL, clip fraction. */
  public double[] lastStats() {
    return last == null ? new double[4] : last.clone();
  }

  @Override
  protected Parts compute(INDArray labels, INDArray preOutput, IActivation activationFn, boolean wantGradient) {
    INDArray logits = activationFn.getActivation(preOutput.dup(), true);
    long b = logits.rows();
    long a = logits.columns();
    INDArray onehot = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, a));
    INDArray adv = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(a, a + 1));
    INDArray oldLogp = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(a + 1, a + 2));

    INDArray z = logits.subColumnVector(logits.max(true, 1));
    INDArray lse = Transforms.log(Transforms.exp(z, true).sum(true, 1), false);
    INDArray logp = z.subColumnVector(lse);
    INDArray p = Transforms.exp(logp, true);
    INDArray logpA = logp.mul(onehot).sum(true, 1);
    INDArray entropy = p.mul(logp).sum(true, 1).negi();
    ClippedSurrogate s = ClippedSurrogate.of(logpA, oldLogp, adv, entropy, clip, entropyCoef);
    last = s.stats();
    if (!wantGradient) {
      return new Parts(s.perExample(), null);
    }
    INDArray coef = s.logpCoefficient();
    INDArray grad = onehot.sub(p).muliColumnVector(coef);
    INDArray entGrad = logp.addColumnVector(entropy).muli(p).muli(entropyCoef);
    grad.addi(entGrad).divi(b);
    // back through the output activation (the identity for the policy head)
    INDArray dz = activationFn.backprop(preOutput.dup(), grad).getFirst();
    return new Parts(s.perExample(), dz);
  }

  @Override
  public String name() {
    return "PpoPolicyLoss";
  }

  @Override
  public String toString() {
    return "PpoPolicyLoss(clip=" + clip + ", entropyCoef=" + entropyCoef + ")";
  }
}
