package dev.curio.agents.dist;

import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-wise derivatives of a distribution's log-probability and entropy, taken by the {@link Tape}
 * from their tape forms: row b is {@code d value_b / d params_b} (rows are independent, so this is
 * the gradient of the sum over rows). The golden gradient tests of the distributions use it.
 */
final class TapeGradients {
  private TapeGradients() {}

  static INDArray logProb(ActionDistribution dist, INDArray params, INDArray actions) {
    return gradient(params, (t, p) -> dist.logProb(t, p, actions));
  }

  static INDArray entropy(ActionDistribution dist, INDArray params) {
    return gradient(params, dist::entropy);
  }

  private static INDArray gradient(INDArray params, BiFunction<Tape, Var, Var> rows) {
    Parameters p = new Parameters((int) params.length(), params.dataType());
    Parameters.Weight w = p.claim(p.size()).weight(0, params.shape());
    w.values().assign(params);
    Tape t = Tape.training();
    t.backward(rows.apply(t, w.on(t)).sum());
    return w.gradient().dup();
  }
}
