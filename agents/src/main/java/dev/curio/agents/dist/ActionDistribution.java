package dev.curio.agents.dist;

import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A family of action distributions over a batch, each row of {@code params [B, P]} naming one
 * member (one row per env or per sample).
 *
 * <p>Two kinds of work, kept apart on purpose:
 * <ul>
 *   <li>{@link #sample} and {@link #mode} run on the host, row by row, from one copy of
 *       {@code params}, so that the draws from the {@link Rng} are reproducible bit for bit;
 *   <li>{@link #logProb}, {@link #entropy} and {@link #kl} are batched ND4J ops in the data type of
 *       {@code params} (float in training; double works too, for checks), and the log-probability and
 *       entropy have a second form on a {@link Tape}, which a learner's loss differentiates.
 * </ul>
 *
 * <p>Actions are {@code [B, D]} with D = {@link #actionDim()}; {@code [B]} is accepted too when D is 1.
 * Actions of a {@link #discrete()} distribution are integer-valued floats.
 *
 * <p>A shape that does not fit, a discrete action out of range, or {@code p} and {@code q} of
 * different shapes fail with a one-line {@link IllegalArgumentException} naming the distribution
 * and the shapes or values.
 */
public interface ActionDistribution {

  /** P, the number of parameters per row. */
  int paramCount();

  /** D, the number of values per action: 1 for a categorical, the dimension of a Gaussian, the
   * number of components of a multi-discrete. */
  int actionDim();

  /** Whether actions are integer-valued. */
  boolean discrete();

  /**
   * One action per row of {@code params [B, P]}, drawn from {@code rng} row by row in row order.
   * The log-probabilities are those of the actions as stored (floats).
   */
  Sample sample(INDArray params, Rng rng);

  /** The most probable action per row of {@code params [B, P]}, with its log-probability; draws nothing. */
  Sample mode(INDArray params);

  /** {@code [B]}: log pi_b(a_b) for {@code params [B, P]} and {@code actions [B, D]} (or {@code [B]} when D = 1). */
  INDArray logProb(INDArray params, INDArray actions);

  /** {@code [B]}: the entropy of each row of {@code params [B, P]}, in nats. */
  INDArray entropy(INDArray params);

  /** {@code [B]}: KL(p_b || q_b) for {@code p} and {@code q} both {@code [B, P]}. */
  INDArray kl(INDArray p, INDArray q);

  /**
   * {@code [B, 1]}: log pi_b(a_b) as a computation on {@code tape}, differentiable in
   * {@code params [B, P]} (how a learner's loss uses it; the value equals {@link #logProb(INDArray,
   * INDArray)}'s).
   */
  Var logProb(Tape tape, Var params, INDArray actions);

  /** {@code [B, 1]}: the entropy of each row of {@code params [B, P]} as a computation on {@code tape}. */
  Var entropy(Tape tape, Var params);

  /**
   * The distribution for actions from {@code space}: {@link Discrete} gives {@link Categorical},
   * a {@link Box} of rank 1 gives {@link DiagGaussian}, a multi-discrete space gives
   * {@link MultiDiscrete}.
   *
   * @throws IllegalArgumentException for any other space
   */
  static ActionDistribution forSpace(Space<?> space) {
    if (space instanceof Discrete d) {
      return new Categorical(d.n());
    }
    if (space instanceof Box b && b.shape().length == 1) {
      return new DiagGaussian(b.size());
    }
    if (space instanceof dev.curio.core.space.MultiDiscrete m) {
      return new MultiDiscrete(m.nvec());
    }
    throw new IllegalArgumentException("no action distribution for " + space
        + "; supported: Discrete, MultiDiscrete, Box of rank 1");
  }

  /**
   * Actions drawn for a batch of B rows, with their log-probabilities.
   *
   * @param actions {@code [B * D]} row-major: row b's D values are {@code actions[b*D .. b*D + D-1]}
   * @param logProbs {@code [B]} log-probability of each row's action under the distribution it came from
   */
  record Sample(float[] actions, float[] logProbs) {
    public Sample {
      if (actions == null || logProbs == null) {
        throw new IllegalArgumentException("Sample needs actions and logProbs, got "
            + (actions == null ? "null" : "[" + actions.length + "]") + " and "
            + (logProbs == null ? "null" : "[" + logProbs.length + "]"));
      }
      boolean fits = logProbs.length == 0 ? actions.length == 0 : actions.length % logProbs.length == 0;
      if (!fits) {
        throw new IllegalArgumentException("Sample actions [" + actions.length
            + "] are not D values for each of the " + logProbs.length + " log-probabilities");
      }
    }

    /** B, the number of rows. */
    public int batch() {
      return logProbs.length;
    }

    /** {@code [B * D]}: the actions as ints, row-major (for discrete distributions, whose actions are integers). */
    public int[] intActions() {
      int[] out = new int[actions.length];
      for (int i = 0; i < actions.length; i++) {
        out[i] = (int) actions[i];
      }
      return out;
    }
  }
}
