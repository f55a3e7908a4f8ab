package dev.curio.agents.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PPO's clipped surrogate with an entropy bonus, on per-row log-probabilities, shared by the policy
 * losses of every action distribution. All arrays {@code [B, 1]}:
 * <pre>
 *   r = exp(logp - logp_old)
 *   loss_b = -min(r A, clip(r, 1-eps, 1+eps) A) - c_H H
 *   dloss_b/dlogp_b = -A r [the unclipped term is the minimum]     (the coefficient)
 * </pre>
 *
 * @param perExample {@code [B, 1]} the loss per row
 * @param logpCoefficient {@code [B, 1]} dloss/dlogp per row (0 where the clipped term is taken)
 * @param stats policy loss, mean entropy, approximate KL {@code mean((r - 1) - log r)}, clip fraction
 */
record ClippedSurrogate(INDArray perExample, INDArray logpCoefficient, double[] stats) {
  static ClippedSurrogate of(INDArray logp, INDArray oldLogp, INDArray adv, INDArray entropy, double clip,
                             double entropyCoef) {
    INDArray logRatio = logp.sub(oldLogp);
    INDArray ratio = Transforms.exp(logRatio, true);
    INDArray surr1 = ratio.mul(adv);
    INDArray clipped = Transforms.max(Transforms.min(ratio, 1 + clip, true), 1 - clip, false);
    INDArray surr2 = clipped.mul(adv);
    INDArray unclipped = surr1.sub(surr2).lte(0.0).castTo(logp.dataType());
    INDArray minSurr = Transforms.min(surr1, surr2, true);
    INDArray perExample = minSurr.neg().subi(entropy.mul(entropyCoef));
    double clipFrac = Transforms.abs(ratio.sub(1.0), false).gt(clip).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    double approxKl = ratio.sub(1.0).subi(logRatio).meanNumber().doubleValue();
    double[] stats = {minSurr.neg().meanNumber().doubleValue(), entropy.meanNumber().doubleValue(), approxKl, clipFrac};
    return new ClippedSurrogate(perExample, adv.mul(ratio).muli(unclipped).negi(), stats);
  }
}
