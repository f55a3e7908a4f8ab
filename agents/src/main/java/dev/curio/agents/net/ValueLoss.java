package dev.curio.agents.net;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The critic's loss over K value heads (one per reward stream), optionally clipped around the old
 * values as in PPO2 / CleanRL:
 * <pre>
 *   l = c_V * 0.5 * sum_k max((v_k - R_k)^2, (old_k + clip(v_k - old_k, -eps, eps) - R_k)^2)
 * </pre>
 * Labels pack {@code [B, 2K]}: the K return targets, then the K values under the acting
 * parameters. Gradients are averaged over the minibatch here. The last call's mean loss is kept
 * for logging.
 */
public final class ValueLoss extends PackedLabelLoss {
  private static final long serialVersionUID = 1L;
  private double clip = 0.2;
  private boolean clipValues = true;
  private double valueCoef = 0.5;
  private transient double last;

  public ValueLoss() {}

  public ValueLoss(double clip, boolean clipValues, double valueCoef) {
    this.clip = clip;
    this.clipValues = clipValues;
    this.valueCoef = valueCoef;
  }

  public double getClip() {
    return clip;
  }

  public void setClip(double clip) {
    this.clip = clip;
  }

  public boolean isClipValues() {
    return clipValues;
  }

  public void setClipValues(boolean clipValues) {
    this.clipValues = clipValues;
  }

  public double getValueCoef() {
    return valueCoef;
  }

  public void setValueCoef(double valueCoef) {
    this.valueCoef = valueCoef;
  }

  /** Mean (unweighted) value loss 0.5*(v-R)^2 summed over heads, of the last call. */
  public double lastLoss() {
    return last;
  }

  @Override
  protected Parts compute(INDArray labels, INDArray preOutput, IActivation activationFn, boolean wantGradient) {
    INDArray v = activationFn.getActivation(preOutput.dup(), true);
    long k = v.columns();
    long b = v.rows();
    INDArray targets = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k));
    INDArray old = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(k, 2 * k));
    INDArray e1 = v.sub(targets);
    INDArray l1 = e1.mul(e1);
    INDArray perHead;
    INDArray grad = null;
    if (clipValues) {
      INDArray delta = v.sub(old);
      INDArray clippedDelta = Transforms.max(Transforms.min(delta, clip, true), -clip, false);
      INDArray e2 = old.add(clippedDelta).subi(targets);
      INDArray l2 = e2.mul(e2);
      INDArray useFirst = l1.sub(l2).gte(0.0).castTo(v.dataType());
      perHead = Transforms.max(l1, l2, true).muli(0.5);
      if (wantGradient) {
        INDArray inside = Transforms.abs(delta, false).lt(clip).castTo(v.dataType());
        INDArray useSecond = useFirst.rsub(1.0);
        grad = e1.mul(useFirst).addi(e2.mul(useSecond).muli(inside));
      }
    } else {
      perHead = l1.mul(0.5);
      grad = wantGradient ? e1 : null;
    }
    INDArray perExample = perHead.sum(true, 1);
    last = perExample.meanNumber().doubleValue();
    perExample.muli(valueCoef);
    if (!wantGradient) {
      return new Parts(perExample, null);
    }
    grad = grad.mul(valueCoef / b);
    INDArray dz = activationFn.backprop(preOutput.dup(), grad).getFirst();
    return new Parts(perExample, dz);
  }

  @Override
  public String name() {
    return "PpoValueLoss";
  }

  @Override
  public String toString() {
    return "PpoValueLoss(clip=" + clip + ", clipValues=" + clipValues + ", valueCoef=" + valueCoef + ")";
  }
}
