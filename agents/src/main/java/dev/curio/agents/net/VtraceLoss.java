package dev.curio.agents.net;

import dev.curio.agents.dist.ActionDistribution;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * IMPALA's actor-critic loss (Espeholt et al. 2018, section 4.2) on one minibatch, written with
 * {@link Tape} operations; the tape differentiates it. The V-trace targets {@code vs} and the
 * policy-gradient advantages {@code A = min(pgRhoBar, q_s) (r_s + gamma v_{s+1} - V(x_s))} come in
 * as constants (the learner computes them with {@code Vtrace} and mixes the streams' advantages):
 * <pre>
 *   policy  = -mean(A log pi(a|x))
 *   value   = 0.5 * mean over rows of sum_k (V_k(x) - vs_k)^2
 *   total   = policy - c_H mean(H(pi(.|x))) + c_V value
 * </pre>
 * The importance weight is inside {@code A} and not differentiated, as in the paper and its
 * reference code. Logged besides: {@code approxKl}, the mean of {@code (q - 1) - log q} with
 * {@code q = pi(a|x) / mu(a|x)} against the behaviour policy (how far the learner is from the
 * policy that acted), and {@code clipFraction}, the share of rows whose {@code q} exceeds
 * {@code rhoBar} (how often V-trace clipped).
 */
public final class VtraceLoss implements ActorCritic.Loss {
  private final INDArray labels;
  private final INDArray targets;
  private final double entropyCoef;
  private final double valueCoef;
  private final double rhoBar;

  /**
   * @param labels {@code [B, D + 2]}: the action taken (D values, {@code dist.actionDim()}), its
   *     policy-gradient advantage, its log-probability under the behaviour policy
   * @param targets {@code [B, K]}: the V-trace targets {@code vs} of each value head
   * @param entropyCoef c_H, weight of the entropy bonus
   * @param valueCoef c_V, weight of the value loss
   * @param rhoBar the clip of the importance weights, for the logged clip fraction only
   */
  public VtraceLoss(INDArray labels, INDArray targets, double entropyCoef, double valueCoef, double rhoBar) {
    this.labels = labels;
    this.targets = targets;
    this.entropyCoef = entropyCoef;
    this.valueCoef = valueCoef;
    this.rhoBar = rhoBar;
  }

  @Override
  public ActorCritic.Terms of(Tape t, ActionDistribution dist, Var params, Var values) {
    long d = dist.actionDim();
    check("policy", labels, params.rows(), d + 2);
    check("value", targets, values.rows(), values.columns());
    DataType dtype = params.value().dataType();
    INDArray l = labels.dataType() == dtype ? labels : labels.castTo(dtype);
    INDArray v = targets.dataType() == dtype ? targets : targets.castTo(dtype);
    Var logp = dist.logProb(t, params, cols(l, 0, d));
    Var adv = t.constant(cols(l, d, d + 1));
    Var policy = logp.mul(adv).mean().neg();
    Var entropy = dist.entropy(t, params).mean();
    Var value = values.sub(t.constant(v)).square().sumRows().mean().mul(0.5);
    Var total = policy.sub(entropy.mul(entropyCoef)).add(value.mul(valueCoef));

    INDArray logRatio = logp.value().sub(cols(l, d + 1, d + 2));
    INDArray q = Transforms.exp(logRatio, true);
    double approxKl = q.sub(1.0).subi(logRatio).meanNumber().doubleValue();
    double clipFraction = q.gt(rhoBar).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    return new ActorCritic.Terms(total, policy.scalar(), entropy.scalar(), approxKl, clipFraction, value.scalar());
  }

  private static INDArray cols(INDArray m, long from, long to) {
    return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
  }

  private static void check(String what, INDArray a, long rows, long columns) {
    if (a.rank() != 2 || a.rows() != rows || a.columns() != columns) {
      throw new IllegalArgumentException("V-trace loss: " + what + " labels must be [" + rows + ", " + columns
          + "], got " + Arrays.toString(a.shape()));
    }
  }
}
