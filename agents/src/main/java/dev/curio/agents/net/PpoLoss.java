package dev.curio.agents.net;

import dev.curio.agents.dist.ActionDistribution;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PPO's losses written with {@link Tape} operations (Schulman et al. 2017; the clipped value loss of
 * OpenAI baselines' PPO2, as CleanRL has it). The tape differentiates them; nothing here is a
 * hand-derived gradient. With {@code r = exp(logp - logp_old)}:
 * <pre>
 *   policy = -mean(min(r A, clip(r, 1-eps, 1+eps) A)) - c_H mean(H)
 *   value  = c_V * 0.5 * mean over rows of sum_k max((v_k - R_k)^2, (old_k + clip(v_k - old_k, -eps, eps) - R_k)^2)
 * </pre>
 * (the second term of the value loss only when value clipping is on). Where both terms of a
 * {@code min} or {@code max} are equal the gradient goes to the first, the unclipped one.
 */
public final class PpoLoss {
  private double clip = 0.2;
  private double entropyCoef = 0.01;
  private boolean clipValues = true;
  private double valueCoef = 0.5;

  public PpoLoss() {}

  public PpoLoss(double clip, double entropyCoef, boolean clipValues, double valueCoef) {
    configure(clip, entropyCoef, clipValues, valueCoef);
  }

  public void configure(double clip, double entropyCoef, boolean clipValues, double valueCoef) {
    this.clip = clip;
    this.entropyCoef = entropyCoef;
    this.clipValues = clipValues;
    this.valueCoef = valueCoef;
  }

  /**
   * A minibatch's loss and what is logged of it.
   *
   * @param total the loss to back-propagate: policy loss (with the entropy term) plus value loss
   * @param policyLoss {@code -mean(min(...))}, without the entropy term
   * @param entropy mean entropy of the current policy
   * @param approxKl {@code mean((r - 1) - log r)} (Schulman's low-variance estimator)
   * @param clipFraction share of rows with {@code |r - 1| > eps}
   * @param valueLoss {@code 0.5 * sum_k (...)} averaged over rows, before {@code c_V}
   */
  public record Result(Var total, double policyLoss, double entropy, double approxKl, double clipFraction,
                       double valueLoss) {}

  /**
   * The loss of a minibatch.
   *
   * @param dist the policy's action distribution
   * @param params the distribution's parameters {@code [B, P]} (logits; or means and log-stds)
   * @param labels {@code [B, D + 2]}: the action taken (D values, {@code dist.actionDim()}), its
   *     advantage, its log-probability under the acting policy
   * @param values {@code [B, K]}
   * @param valueLabels {@code [B, 2K]}: return targets, then values under the acting parameters
   */
  public Result of(Tape t, ActionDistribution dist, Var params, INDArray labels, Var values, INDArray valueLabels) {
    long d = dist.actionDim();
    checkLabels("policy", labels, params.rows(), d + 2);
    INDArray actions = cols(labels, 0, d);
    return combine(t, dist.logProb(t, params, actions), dist.entropy(t, params), labels, d, values, valueLabels);
  }

  private Result combine(Tape t, Var logp, Var entropy, INDArray labels, long at, Var values, INDArray valueLabels) {
    Var adv = t.constant(cols(labels, at, at + 1));
    INDArray oldLogp = cols(labels, at + 1, at + 2);
    Var logRatio = logp.sub(t.constant(oldLogp));
    Var ratio = logRatio.exp();
    Var surrogate = t.minimum(ratio.mul(adv), ratio.clip(1 - clip, 1 + clip).mul(adv));
    Var policy = surrogate.mean().neg();
    Var meanEntropy = entropy.mean();

    long k = values.columns();
    checkLabels("value", valueLabels, values.rows(), 2 * k);
    Var targets = t.constant(cols(valueLabels, 0, k));
    Var err = values.sub(targets).square();
    if (clipValues) {
      Var old = t.constant(cols(valueLabels, k, 2 * k));
      Var clipped = values.sub(old).clip(-clip, clip).add(old).sub(targets).square();
      err = t.maximum(err, clipped);
    }
    Var value = err.sumRows().mean().mul(0.5);
    Var total = policy.sub(meanEntropy.mul(entropyCoef)).add(value.mul(valueCoef));

    INDArray r = ratio.value();
    double approxKl = r.sub(1.0).subi(logRatio.value()).meanNumber().doubleValue();
    double clipFraction = Transforms.abs(r.sub(1.0), false).gt(clip).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    return new Result(total, policy.scalar(), meanEntropy.scalar(), approxKl, clipFraction, value.scalar());
  }

  private static INDArray cols(INDArray m, long from, long to) {
    return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
  }

  private static void checkLabels(String what, INDArray labels, long rows, long cols) {
    if (labels.rank() != 2 || labels.rows() != rows || labels.columns() != cols) {
      throw new IllegalArgumentException(what + " labels must be [" + rows + ", " + cols + "], got "
          + java.util.Arrays.toString(labels.shape()));
    }
  }
}
