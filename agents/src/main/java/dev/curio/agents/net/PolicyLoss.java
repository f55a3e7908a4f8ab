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
public final class PolicyLoss extends SurrogatePolicyLoss {
  private static final long serialVersionUID = 1L;

  public PolicyLoss() {}

  public PolicyLoss(double clip, double entropyCoef) {
    setClip(clip);
    setEntropyCoef(entropyCoef);
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
    ClippedSurrogate s = surrogate(logpA, oldLogp, adv, entropy);
    if (!wantGradient) {
      return new Parts(s.perExample(), null);
    }
    INDArray coef = s.logpCoefficient();
    INDArray grad = onehot.sub(p).muliColumnVector(coef);
    INDArray entGrad = logp.addColumnVector(entropy).muli(p).muli(getEntropyCoef());
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
    return "PpoPolicyLoss(clip=" + getClip() + ", entropyCoef=" + getEntropyCoef() + ")";
  }
}
