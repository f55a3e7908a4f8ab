package dev.curio.agents.net;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The DL4J plumbing shared by the PPO losses, whose labels pack more than targets (advantages, old
 * log-probabilities, old values). A subclass writes one method, {@link #compute}, giving the
 * per-example loss and, when asked, the gradient with respect to the pre-activation output,
 * averaged over the minibatch.
 *
 * <p>DL4J's training step asks for the gradient and then for the score of the same labels and
 * parameters. While {@link #reuseScoreOfGradient} is on (only inside {@code ActorCritic.train}),
 * the score call returns the sum kept from the gradient call instead of computing the loss again.
 * Only a number is kept: the arrays live in a DL4J workspace that is closed in between.
 */
public abstract class PackedLabelLoss implements ILossFunction {
  private static final long serialVersionUID = 1L;

  /** Per-example loss {@code [B, 1]} and, if requested, {@code dLoss/dPreOutput} {@code [B, out]}. */
  protected record Parts(INDArray perExample, INDArray gradient) {}

  private transient boolean reuse;
  private transient INDArray cachedLabels;
  private transient double cachedSum;

  protected abstract Parts compute(INDArray labels, INDArray preOutput, IActivation activationFn, boolean wantGradient);

  /** Turns the score-from-gradient shortcut on or off; off clears what was kept. */
  public void reuseScoreOfGradient(boolean on) {
    reuse = on;
    cachedLabels = null;
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
}
