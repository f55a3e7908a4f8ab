package dev.curio.agents.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.dist.ActionDistribution;
import dev.curio.agents.dist.Categorical;
import dev.curio.agents.dist.DiagGaussian;
import dev.curio.agents.dist.MultiDiscrete;
import dev.curio.core.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole training loss of the actor-critic network (clipped surrogate, entropy, clipped value
 * loss over two heads) against central finite differences, for parameters across every layer and,
 * for the Gaussian policy, its log-std: the Tape's backward pass through {@link PpoLoss} and the
 * network gives the true gradient. In double precision, on minibatches whose ratios and values land
 * on both sides of their clips.
 */
class ActorCriticGradientTest {
  private static final int B = 12;
  private static final int HEADS = 2;

  private static void check(ActionDistribution dist, int labelWidth, long seed) {
    NetworkConfig cfg = new NetworkConfig("mlp", List.of(6, 5), "tanh", List.of(16, 32, 64));
    ActorCritic net = ActorCritic.create(cfg, new int[] {3}, dist, HEADS, 1e-3, 1e-5, seed, DataType.DOUBLE);
    net.configureLosses(0.2, 0.05, true, 0.5);
    Rng rng = new Rng(seed);
    // larger weights than at initialisation, so the policy is far from uniform and ratios spread out
    INDArray p = net.parameterVector();
    for (int i = 0; i < p.length(); i++) {
      p.putScalar(i, p.getDouble(i) * 3 + 0.3 * (rng.nextDouble() - 0.5));
    }
    net.setParameters(p);
    INDArray obs = Nd4j.zeros(DataType.DOUBLE, B, 3);
    for (int i = 0; i < B * 3; i++) {
      obs.putScalar(i, 2 * rng.nextDouble() - 1);
    }
    ActorCritic.Output out = net.forward(obs);
    INDArray actions = Nd4j.createFromArray(dist.sample(out.logits(), rng).actions()).castTo(DataType.DOUBLE)
        .reshape(B, dist.actionDim());
    INDArray logp = dist.logProb(out.logits(), actions);
    INDArray pl = Nd4j.zeros(DataType.DOUBLE, B, labelWidth + 2);
    INDArray vl = Nd4j.zeros(DataType.DOUBLE, B, 2L * HEADS);
    int clippedHigh = 0;
    int clippedLow = 0;
    for (int i = 0; i < B; i++) {
      for (int d = 0; d < labelWidth; d++) {
        pl.putScalar(i, d, actions.getDouble(i, d));
      }
      double adv = (i % 2 == 0 ? 1 : -1) * (0.5 + rng.nextDouble());
      // old log-probabilities so the ratio is 0.5..1.7: inside and outside [0.8, 1.2]
      double ratio = 0.5 + 1.2 * ((i * 7 % B) + 0.5) / B;
      if (ratio > 1.2 && adv > 0) {
        clippedHigh++;
      }
      if (ratio < 0.8 && adv < 0) {
        clippedLow++;
      }
      pl.putScalar(i, labelWidth, adv);
      pl.putScalar(i, labelWidth + 1, logp.getDouble(i) - Math.log(ratio));
      for (int k = 0; k < HEADS; k++) {
        double v = out.values().getDouble(i, k);
        // old values 0.1-0.6 away (clip 0.2: both sides), targets on either side
        vl.putScalar(i, k, v + (rng.nextDouble() - 0.5) * 2);
        vl.putScalar(i, HEADS + k, v + (i % 3 == 0 ? 0.1 : -0.6) * (k == 0 ? 1 : -1));
      }
    }
    assertTrue(clippedHigh > 0 && clippedLow > 0, "both clipped branches of the surrogate are in the batch");

    ActorCritic.LossAndGradient at = net.lossAndGradient(obs, pl, vl);
    INDArray base = net.parameterVector();
    long n = base.length();
    double h = 1e-6;
    int checked = 0;
    for (long idx = 0; idx < n; idx += Math.max(1, n / 60)) {
      checked += checkOne(net, base, idx, h, obs, pl, vl, at);
    }
    for (long idx = n - dist.actionDim(); idx < n; idx++) { // the last parameters: value/log-std
      checked += checkOne(net, base, idx, h, obs, pl, vl, at);
    }
    net.setParameters(base);
    assertTrue(checked > 50, "checked " + checked + " parameters");
  }

  private static int checkOne(ActorCritic net, INDArray base, long idx, double h, INDArray obs, INDArray pl,
                              INDArray vl, ActorCritic.LossAndGradient at) {
    INDArray plus = base.dup();
    plus.putScalar(idx, base.getDouble(idx) + h);
    net.setParameters(plus);
    double lp = net.lossAndGradient(obs, pl, vl).loss();
    INDArray minus = base.dup();
    minus.putScalar(idx, base.getDouble(idx) - h);
    net.setParameters(minus);
    double lm = net.lossAndGradient(obs, pl, vl).loss();
    double numeric = (lp - lm) / (2 * h);
    double analytic = at.gradient().getDouble(idx);
    assertEquals(numeric, analytic, 1e-6 + 1e-5 * Math.abs(numeric), "dLoss/dparam[" + idx + "]");
    return 1;
  }

  @Test
  void categoricalPolicyLossGradientIsTheTrueGradient() {
    check(new Categorical(4), 1, 3);
  }

  @Test
  void gaussianPolicyLossGradientIsTheTrueGradientIncludingTheLogStd() {
    check(new DiagGaussian(2), 2, 5);
  }

  @Test
  void multiDiscretePolicyLossGradientIsTheTrueGradient() {
    // a world action of 5 and a message of 4, as a speaker-listener column with cheap talk
    check(new MultiDiscrete(5, 4), 2, 7);
  }
}
