package dev.curio.agents.net;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
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
public final class ValueLoss implements ILossFunction {
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

  private record Parts(INDArray perExample, INDArray gradient) {}

  /**
   * DL4J's training step asks for the gradient and then for the score of the same labels and
   * parameters. While {@link #reuseScoreOfGradient} is on (only inside {@code ActorCritic.train}),
   * the score call returns the sum kept from the gradient call instead of recomputing the loss. (Only
   * a number: the arrays live in a DL4J workspace that is closed in between.)
   */
  private transient boolean reuse;
  private transient INDArray cachedLabels;
  private transient double cachedSum;

  /** Turns the score-from-gradient shortcut on or off; off clears what was kept. */
  public void reuseScoreOfGradient(boolean on) {
    reuse = on;
    cachedLabels = null;
  }

  private Parts compute(INDArray labels, INDArray preOutput, IActivation activationFn, boolean wantGradient) {
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
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
    double s;
    if (reuse && labels == cachedLabels) {
      s = cachedSum;
      cachedLabels = null;
    } else {
      s = compute(labels, preOutput, activationFn, false).perExample().sumNumber().doubleValue();
    }
    return average ? s / preOutput.rows() : s;
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return compute(labels, preOutput, activationFn, false).perExample();
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    Parts parts = compute(labels, preOutput, activationFn, true);
    if (reuse) {
      cachedLabels = labels;
      cachedSum = parts.perExample().sumNumber().doubleValue();
    }
    return parts.gradient();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                        INDArray mask, boolean average) {
    Parts parts = compute(labels, preOutput, activationFn, true);
    double s = parts.perExample().sumNumber().doubleValue();
    return new Pair<>(average ? s / parts.perExample().rows() : s, parts.gradient());
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
