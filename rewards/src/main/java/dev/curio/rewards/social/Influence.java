package dev.curio.rewards.social;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The counterfactual social-influence reward of Jaques et al. (ICML 2019), <i>Social Influence as
 * Intrinsic Motivation for Multi-Agent Deep Reinforcement Learning</i>, as pure functions over
 * batched ND4J arrays. Nothing here holds state or trains; the functions only read their inputs.
 *
 * <p><b>Rows.</b> One row {@code b} is one (env e, influencing agent k, influenced agent j) triple.
 * For each row the caller supplies
 * <ul>
 *   <li>{@code pi [B, A]}: k's policy over its A actions in that step;</li>
 *   <li>{@code cond [B, A, C]}: the predicted distribution of j's next action over its C actions,
 *       once for each counterfactual action a' of k ({@code cond[b, a', :]} is conditioned on a');</li>
 *   <li>{@code actual [B]}: the action k took, an integer in {@code [0, A)} stored in any numeric
 *       data type;</li>
 *   <li>{@code visible [B]}: 1 where j was visible to k, 0 where not.</li>
 * </ul>
 * {@code pi} and {@code cond} are FLOAT or DOUBLE (the same type); results have their type. For
 * {@link #perAgent} the rows are laid out as {@code [E, K, J]} flattened in row-major order: row
 * {@code (e*K + k)*J + j} holds env e, agent k and k's j-th other agent (with J = K - 1 others per
 * agent, or J = K with k's own row marked invisible; the maths do not care which).
 *
 * <p><b>The reward.</b> With {@code p = cond[b, actual[b], :]}, the prediction given what k did, and
 * the counterfactual marginal {@code m = sum_a' pi[b, a'] cond[b, a', :]}, the prediction with k's
 * action averaged out under k's own policy, row b's influence is {@code KL(p || m)} or, as an option,
 * the Jensen-Shannon divergence {@code JSD(p, m)}; it is 0 where j was not visible. Agent k's reward
 * sums its rows over j and is clipped to {@code [-clip, clip]} (default 10, as in the reference
 * implementation; KL and JSD are never negative, so only the upper bound can act).
 *
 * <p><b>Numerics.</b> All logarithms are natural: divergences are in nats (JSD is at most ln 2).
 * {@code ln x} is computed as {@code ln(max(x, tiny))}, with {@code tiny} the smallest positive
 * normal number of the arrays' data type ({@link Float#MIN_NORMAL} or {@link Double#MIN_NORMAL}), so
 * <ul>
 *   <li>a term with {@code p_c = 0} contributes exactly 0 ({@code 0 * ln(tiny)});</li>
 *   <li>every probability {@code >= tiny} gets its exact logarithm;</li>
 *   <li>{@code m_c = 0} with {@code p_c > 0}, an infinite KL that arises only when
 *       {@code pi[b, actual[b]] = 0}, gives a large finite value instead, which the clip bounds.</li>
 * </ul>
 * In {@link #perRow} and {@link #perAgent} the marginal is taken around p,
 * {@code m = p + sum_a' pi[b, a'] (cond[b, a', :] - p)}. It equals the marginal above whenever pi
 * sums to 1, and it is exactly p when cond does not depend on a', whatever rounding error the sum of
 * pi carries, so the reward of an agent that changes nothing is exactly 0. The inputs are taken to
 * be probability distributions and are neither checked nor renormalised (the reference renormalises
 * p and m after its softmax); an entry below {@code tiny}, a negative one included, is logged as
 * {@code tiny}.
 *
 * <p><b>Non-finite input.</b> A row with NaN or infinity anywhere in {@code pi[b]} or
 * {@code cond[b]}, or whose divergence is not finite for another reason (an overflow, possible only
 * for finite values far outside [0, 1]), gets reward 0 and is counted in
 * {@link Result#nonFiniteRows()}, visible or not; the other rows are computed as if it were absent.
 * The output never holds NaN or infinity. The reference instead replaces the whole batch's
 * divergences by zeros when any of them is not finite ({@code MOAModel.kl_div} in
 * {@code models/moa_model.py}). Wrong shapes, data types, actions
 * outside {@code [0, A)} or visibility values other than 0 and 1 are caller errors: a one-line
 * {@link IllegalArgumentException} naming the array and its shape or the first bad row.
 *
 * <p>Every function is a fixed number of whole-array ND4J operations (broadcasts, a gather, logs and
 * reductions along dimensions); there is no Java loop over the batch.
 */
public final class Influence {
  /** The bound on each agent's summed reward used by the reference implementation. */
  public static final double DEFAULT_CLIP = 10.0;

  private Influence() {}

  /** The divergence between the prediction given k's actual action and the marginal. */
  public enum Divergence {
    /** {@code KL(p || m) = sum_c p_c ln(p_c / m_c)}, in nats, in {@code [0, inf)}. */
    KL,
    /**
     * {@code JSD(p, m) = KL(p || M)/2 + KL(m || M)/2} with {@code M = (p + m)/2}, in nats, in
     * {@code [0, ln 2]}.
     */
    JSD
  }

  /**
   * Influence rewards and how many rows were set to 0 because they were not finite.
   *
   * @param rewards {@code [B]} from {@link #perRow}, {@code [E, K]} from {@link #perAgent}; every
   *     element finite
   * @param nonFiniteRows rows whose inputs held NaN or infinity, or whose divergence was not finite
   *     (see the class notes); each contributed 0
   */
  public record Result(INDArray rewards, int nonFiniteRows) {
    /**
     * Checks that {@code rewards} is present and the count is not negative.
     *
     * @param rewards the rewards, see the record's description
     * @param nonFiniteRows the count of rows set to 0, {@code >= 0}
     */
    public Result {
      if (rewards == null) {
        throw new IllegalArgumentException("influence result: rewards must not be null");
      }
      if (nonFiniteRows < 0) {
        throw new IllegalArgumentException("influence result: nonFiniteRows must be >= 0, got " + nonFiniteRows);
      }
    }
  }

  /**
   * The counterfactual marginal {@code m[b, :] = sum_a' pi[b, a'] cond[b, a', :]}: agent j's
   * predicted next-action distribution with agent k's action averaged out under k's policy.
   *
   * @param pi {@code [B, A]} k's policy per row
   * @param cond {@code [B, A, C]} j's predicted distribution given each counterfactual action of k
   * @return {@code [B, C]}, the data type of the inputs
   */
  public static INDArray marginal(INDArray pi, INDArray cond) {
    checkPolicyAndPredictions(pi, cond);
    return weightedSum(pi, cond);
  }

  /**
   * The prediction given the action k actually took: {@code cond[b, actual[b], :]} per row.
   *
   * @param cond {@code [B, A, C]} j's predicted distribution given each counterfactual action of k
   * @param actual {@code [B]} k's actions, integers in {@code [0, A)} in any numeric data type
   * @return {@code [B, C]}, a copy in the data type of {@code cond}
   */
  public static INDArray conditional(INDArray cond, INDArray actual) {
    checkFloating("cond", cond);
    checkRank("cond", cond, 3, "[B, A, C]");
    checkActions(actual, cond.size(0), cond.size(1));
    return gatherActual(cond, actual);
  }

  /**
   * {@code KL(p || q) = sum_c p_c (ln p_c - ln q_c)} per row, in nats, with the logarithm rule of the
   * class notes. No row is guarded here: a NaN or infinity in a row gives a non-finite result for it.
   *
   * @param p {@code [B, C]} distributions
   * @param q {@code [B, C]} distributions, the data type of {@code p}
   * @return {@code [B]}
   */
  public static INDArray kl(INDArray p, INDArray q) {
    checkPair(p, q);
    return klRows(p, q);
  }

  /**
   * The Jensen-Shannon divergence {@code KL(p || M)/2 + KL(q || M)/2}, {@code M = (p + q)/2}, per
   * row, in nats; symmetric in p and q and at most ln 2. Unguarded, like {@link #kl}.
   *
   * @param p {@code [B, C]} distributions
   * @param q {@code [B, C]} distributions, the data type of {@code p}
   * @return {@code [B]}
   */
  public static INDArray jsd(INDArray p, INDArray q) {
    checkPair(p, q);
    return jsdRows(p, q);
  }

  /**
   * The influence of k's actual action on j, one value per row (see the class notes): the
   * divergence between {@code cond[b, actual[b], :]} and the counterfactual marginal, 0 where j was
   * not visible to k and 0 (counted) where the row is not finite. Not clipped.
   *
   * @param pi {@code [B, A]} k's policy per row
   * @param cond {@code [B, A, C]} j's predicted distribution given each counterfactual action of k
   * @param actual {@code [B]} k's actions, integers in {@code [0, A)}
   * @param visible {@code [B]} 1 where j was visible to k, 0 where not (any numeric data type)
   * @param divergence KL or JSD
   * @return rewards {@code [B]}, each finite, and the count of rows set to 0
   */
  public static Result perRow(INDArray pi, INDArray cond, INDArray actual, INDArray visible,
                              Divergence divergence) {
    checkPolicyAndPredictions(pi, cond);
    long rows = pi.size(0);
    checkActions(actual, rows, pi.size(1));
    checkVisibility(visible, rows);
    if (divergence == null) {
      throw new IllegalArgumentException("divergence: must be KL or JSD, got null");
    }
    DataType type = pi.dataType();

    // 1 where a row's inputs hold NaN or infinity: x * 0 is NaN exactly there, and a sum keeps it.
    INDArray badInput = pi.mul(0).sum(1).addi(cond.mul(0).sum(1, 2)).isNaN().castTo(type);
    int badInputs = (int) badInput.sumNumber().longValue();
    if (badInputs > 0) {
      // Such rows become uniform, whose divergence is 0, so their NaN cannot reach other rows.
      pi = uniformWhere(pi, badInput);
      cond = uniformWhere(cond, badInput);
    }

    INDArray p = gatherActual(cond, actual);
    INDArray deviation = Nd4j.createUninitialized(type, cond.shape());
    Broadcast.sub(cond, p, deviation, 0, 2);
    INDArray m = weightedSum(pi, deviation).addi(p);
    INDArray reward = divergence == Divergence.KL ? klRows(p, m) : jsdRows(p, m);

    // Whatever is still not finite (an overflow from values far outside [0, 1]) is zeroed and counted.
    INDArray bad = Transforms.max(badInput, reward.mul(0).isNaN().castTo(type), false);
    int nonFinite = (int) bad.sumNumber().longValue();
    if (nonFinite > 0) {
      zeroNonFinite(reward).muli(bad.rsub(1));
    }
    reward.muli(visible.castTo(type));
    return new Result(reward, nonFinite);
  }

  /**
   * Each agent's influence reward: {@link #perRow} summed over the J others of every (env, agent),
   * then clipped to {@code [-clip, clip]}. Rows are {@code [E, K, J]} flattened, row
   * {@code (e*K + k)*J + j} (see the class notes).
   *
   * @param pi {@code [E*K*J, A]}
   * @param cond {@code [E*K*J, A, C]}
   * @param actual {@code [E*K*J]}
   * @param visible {@code [E*K*J]}, 0 or 1
   * @param divergence KL or JSD
   * @param envs E, {@code >= 1}
   * @param agents K, {@code >= 1}
   * @param others J, {@code >= 1}
   * @param clip the bound, finite and {@code > 0} ({@link #DEFAULT_CLIP} in the reference)
   * @return rewards {@code [E, K]}, each finite and within {@code [-clip, clip]}, and the count of
   *     rows set to 0
   */
  public static Result perAgent(INDArray pi, INDArray cond, INDArray actual, INDArray visible,
                                Divergence divergence, int envs, int agents, int others, double clip) {
    if (envs < 1 || agents < 1 || others < 1) {
      throw new IllegalArgumentException("influence layout [E, K, J] needs each >= 1, got [" + envs + ", "
          + agents + ", " + others + "]");
    }
    if (!(clip > 0) || Double.isInfinite(clip)) {
      throw new IllegalArgumentException("influence clip: must be a finite number > 0, got " + clip);
    }
    checkFloating("pi", pi);
    checkRank("pi", pi, 2, "[B, A]");
    long rows = (long) envs * agents * others;
    if (pi.size(0) != rows) {
      throw new IllegalArgumentException("pi: expected E*K*J = " + rows + " rows for layout [" + envs + ", "
          + agents + ", " + others + "], got shape " + Arrays.toString(pi.shape()));
    }
    Result each = perRow(pi, cond, actual, visible, divergence);
    INDArray summed = each.rewards().reshape(envs, agents, others).sum(2);
    INDArray clipped = Transforms.min(Transforms.max(summed, -clip, false), clip, false);
    return new Result(clipped, each.nonFiniteRows());
  }

  // --- maths, unchecked -------------------------------------------------------------------------

  /** {@code sum_a w[b, a] x[b, a, :]}: {@code [B, A]} and {@code [B, A, C]} to {@code [B, C]}. */
  private static INDArray weightedSum(INDArray w, INDArray x) {
    INDArray product = Nd4j.createUninitialized(x.dataType(), x.shape());
    Broadcast.mul(x, w, product, 0, 1);
    return product.sum(1);
  }

  /** {@code cond[b, actual[b], :]} for every b, one gather over the rows of {@code [B*A, C]}. */
  private static INDArray gatherActual(INDArray cond, INDArray actual) {
    long rows = cond.size(0);
    long actions = cond.size(1);
    INDArray flat = cond.reshape(rows * actions, cond.size(2));
    INDArray index = Nd4j.arange(0, rows).castTo(DataType.LONG).muli(actions)
        .addi(actual.reshape(rows).castTo(DataType.LONG));
    return Nd4j.exec(new Gather(flat, index, 0))[0];
  }

  private static INDArray klRows(INDArray p, INDArray q) {
    double tiny = p.dataType() == DataType.DOUBLE ? Double.MIN_NORMAL : Float.MIN_NORMAL;
    INDArray logP = Transforms.log(Transforms.max(p, tiny, true), false);
    INDArray logQ = Transforms.log(Transforms.max(q, tiny, true), false);
    return logP.subi(logQ).muli(p).sum(1);
  }

  private static INDArray jsdRows(INDArray p, INDArray q) {
    INDArray mid = p.add(q).muli(0.5);
    return klRows(p, mid).muli(0.5).addi(klRows(q, mid).muli(0.5));
  }

  /** A copy of {@code x} ({@code [B, ...]}) whose rows marked 1 in {@code rowMask} are uniform. */
  private static INDArray uniformWhere(INDArray x, INDArray rowMask) {
    INDArray clean = zeroNonFinite(x.dup());
    Broadcast.mul(clean, rowMask.rsub(1), clean, 0);
    long width = x.shape()[x.rank() - 1];
    Broadcast.add(clean, rowMask.div(width), clean, 0);
    return clean;
  }

  /**
   * Sets NaN and infinite elements of {@code x} to 0 in place. Two conditions, because
   * {@code Conditions.notFinite()} matches nothing in ND4J 1.0.0-M2.1 (InfluenceTest caught it).
   */
  private static INDArray zeroNonFinite(INDArray x) {
    BooleanIndexing.replaceWhere(x, 0.0, Conditions.isNan());
    BooleanIndexing.replaceWhere(x, 0.0, Conditions.isInfinite());
    return x;
  }

  // --- checks -----------------------------------------------------------------------------------

  private static void checkPolicyAndPredictions(INDArray pi, INDArray cond) {
    checkFloating("pi", pi);
    checkFloating("cond", cond);
    checkRank("pi", pi, 2, "[B, A]");
    checkRank("cond", cond, 3, "[B, A, C]");
    if (cond.dataType() != pi.dataType()) {
      throw new IllegalArgumentException("cond: data type " + cond.dataType() + " differs from pi's "
          + pi.dataType());
    }
    if (cond.size(0) != pi.size(0) || cond.size(1) != pi.size(1)) {
      throw new IllegalArgumentException("cond: expected shape [B, A, C] with B = " + pi.size(0) + " and A = "
          + pi.size(1) + " as in pi " + Arrays.toString(pi.shape()) + ", got "
          + Arrays.toString(cond.shape()));
    }
  }

  private static void checkPair(INDArray p, INDArray q) {
    checkFloating("p", p);
    checkFloating("q", q);
    checkRank("p", p, 2, "[B, C]");
    if (!Arrays.equals(p.shape(), q.shape())) {
      throw new IllegalArgumentException("q: expected the shape of p " + Arrays.toString(p.shape()) + ", got "
          + (q.rank() == 0 ? "a scalar" : Arrays.toString(q.shape())));
    }
    if (q.dataType() != p.dataType()) {
      throw new IllegalArgumentException("q: data type " + q.dataType() + " differs from p's " + p.dataType());
    }
  }

  private static void checkFloating(String name, INDArray a) {
    if (a == null) {
      throw new IllegalArgumentException(name + ": must not be null");
    }
    if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException(name + ": must be FLOAT or DOUBLE, got " + a.dataType() + " of shape "
          + Arrays.toString(a.shape()));
    }
  }

  private static void checkRank(String name, INDArray a, int rank, String expected) {
    if (a.rank() != rank || a.length() == 0) {
      throw new IllegalArgumentException(name + ": expected a non-empty array of shape " + expected + ", got "
          + Arrays.toString(a.shape()));
    }
  }

  private static void checkActions(INDArray actual, long rows, long actions) {
    if (actual == null) {
      throw new IllegalArgumentException("actual: must not be null");
    }
    if (actual.rank() != 1 || actual.length() != rows) {
      throw new IllegalArgumentException("actual: expected shape [" + rows + "] (one action per row), got "
          + Arrays.toString(actual.shape()));
    }
    INDArray a = actual.castTo(DataType.DOUBLE);
    // NaN when any entry is NaN or infinite; > 0 when any entry has a fraction.
    double fraction = Transforms.abs(a.sub(Transforms.floor(a, true)), false).sumNumber().doubleValue();
    if (fraction == 0 && a.minNumber().doubleValue() >= 0 && a.maxNumber().doubleValue() < actions) {
      return;
    }
    double[] values = a.toDoubleVector(); // only on failure, to name the first bad row
    for (int b = 0; b < values.length; b++) {
      double v = values[b];
      if (!(v >= 0 && v < actions && v == Math.floor(v))) {
        throw new IllegalArgumentException("actual: actions must be integers in [0, " + actions + "), got " + v
            + " at row " + b + " of shape " + Arrays.toString(actual.shape()));
      }
    }
  }

  private static void checkVisibility(INDArray visible, long rows) {
    if (visible == null) {
      throw new IllegalArgumentException("visible: must not be null");
    }
    if (visible.rank() != 1 || visible.length() != rows) {
      throw new IllegalArgumentException("visible: expected shape [" + rows + "] (one flag per row), got "
          + Arrays.toString(visible.shape()));
    }
    INDArray v = visible.castTo(DataType.DOUBLE);
    // v (1 - v) is 0 exactly for 0 and 1; anything else (NaN included) makes the sum non-zero.
    double off = Transforms.abs(v.mul(v.rsub(1)), false).sumNumber().doubleValue();
    if (off == 0) {
      return;
    }
    double[] values = v.toDoubleVector(); // only on failure, to name the first bad row
    for (int b = 0; b < values.length; b++) {
      if (values[b] != 0 && values[b] != 1) {
        throw new IllegalArgumentException("visible: must be 0 or 1, got " + values[b] + " at row " + b
            + " of shape " + Arrays.toString(visible.shape()));
      }
    }
  }
}
