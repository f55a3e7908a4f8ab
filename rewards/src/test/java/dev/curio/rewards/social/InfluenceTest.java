package dev.curio.rewards.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.rewards.social.Influence.Divergence;
import dev.curio.rewards.social.Influence.Result;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InfluenceTest {
  private static final double LN2 = Math.log(2);

  // --- the two invariances of the paper's reward ------------------------------------------------

  @Test
  void predictionsThatIgnoreTheCounterfactualGiveExactlyZero() {
    Random rng = new Random(7);
    int rows = 40;
    int actions = 3;
    int others = 5;
    double[][] pi = new double[rows][];
    double[][][] cond = new double[rows][actions][];
    double[] actual = new double[rows];
    for (int b = 0; b < rows; b++) {
      // every fourth policy is one whose sum is not exactly 1 in binary
      pi[b] = b % 4 == 0 ? new double[] {0.1, 0.2, 0.7} : distribution(rng, actions);
      double[] same = distribution(rng, others);
      for (int a = 0; a < actions; a++) {
        cond[b][a] = same.clone();
      }
      actual[b] = b % actions;
    }
    double[] visible = filled(rows, 1);
    for (Divergence d : Divergence.values()) {
      Result r64 = Influence.perRow(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
          Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), d);
      assertArrayEquals(new double[rows], r64.rewards().toDoubleVector(), 0.0, d + ", double");
      Result r32 = Influence.perRow(Nd4j.createFromArray(pi).castTo(DataType.FLOAT),
          Nd4j.createFromArray(cond).castTo(DataType.FLOAT), Nd4j.createFromArray(actual),
          Nd4j.createFromArray(visible), d);
      assertEquals(DataType.FLOAT, r32.rewards().dataType());
      assertArrayEquals(new double[rows], r32.rewards().toDoubleVector(), 0.0, d + ", float");
      assertEquals(0, r64.nonFiniteRows());
    }
  }

  @Test
  void anAgentCopiedDeterministicallyEarnsTheEntropyOfItsPolicyInExpectation() {
    Random rng = new Random(11);
    for (int actions : new int[] {2, 3, 5}) {
      for (int trial = 0; trial < 4; trial++) {
        double[] policy = distribution(rng, actions);
        // one row per possible actual action a; j copies k: cond[a'] = one-hot(a'), so C = A
        double[][] pi = new double[actions][];
        double[][][] cond = new double[actions][actions][actions];
        double[] actual = new double[actions];
        for (int a = 0; a < actions; a++) {
          pi[a] = policy;
          for (int c = 0; c < actions; c++) {
            cond[a][c][c] = 1;
          }
          actual[a] = a;
        }
        double entropy = 0;
        for (double q : policy) {
          entropy -= q * Math.log(q);
        }
        double[] r64 = Influence.perRow(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
            Nd4j.createFromArray(actual), Nd4j.createFromArray(filled(actions, 1)), Divergence.KL)
            .rewards().toDoubleVector();
        assertEquals(entropy, expectation(policy, r64), 1e-6, "double, A = " + actions);
        double[] r32 = Influence.perRow(Nd4j.createFromArray(pi).castTo(DataType.FLOAT),
            Nd4j.createFromArray(cond).castTo(DataType.FLOAT), Nd4j.createFromArray(actual),
            Nd4j.createFromArray(filled(actions, 1)), Divergence.KL).rewards().toDoubleVector();
        assertEquals(entropy, expectation(policy, r32), 1e-5, "float, A = " + actions);
        // and each row on its own is -ln pi(a): KL(one-hot(a) || pi)
        for (int a = 0; a < actions; a++) {
          assertEquals(-Math.log(policy[a]), r64[a], 1e-9);
        }
      }
    }
  }

  // --- golden values ------------------------------------------------------------------------------

  @Test
  void klAndJsdMatchHandComputedValues() {
    INDArray p = Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {0.25, 0.75}, {1, 0}, {0.5, 0.5}});
    INDArray q = Nd4j.createFromArray(new double[][] {{0.25, 0.75}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}});
    // row 0: KL = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3)                 = 0.1438410362
    // row 1: KL = 0.25 ln(0.25/0.5) + 0.75 ln(0.75/0.5) = 0.75 ln 3 - ln 2            = 0.1308120359
    // row 2: KL = 1 ln(1/0.5) + (0 ln 0 := 0)                                          = ln 2
    // row 3: p = q                                                                      = 0
    assertArrayEquals(new double[] {0.14384103622589042, 0.130812035941137, LN2, 0},
        Influence.kl(p, q).toDoubleVector(), 1e-12);
    // row 0: M = (0.375, 0.625); KL(p||M) = 0.5 ln(4/3) + 0.5 ln(0.8) = 0.5 ln(16/15) = 0.0322692606
    //        KL(q||M) = 0.25 ln(2/3) + 0.75 ln(1.2)                                    = 0.0353748906
    //        JSD = (0.0322692606 + 0.0353748906) / 2                                   = 0.0338220756
    // row 1: the same pair swapped                                                      = 0.0338220756
    // row 2: M = (0.75, 0.25); KL(p||M) = ln(4/3) = 0.2876820725;
    //        KL(q||M) = 0.5 ln(2/3) + 0.5 ln 2 = 0.5 ln(4/3) = 0.1438410362; JSD          = 0.2157615543
    assertArrayEquals(new double[] {0.033822075568605205, 0.033822075568605205, 0.21576155433883564, 0},
        Influence.jsd(p, q).toDoubleVector(), 1e-12);
    // p = (1, 0, 0), q = (0, 0.5, 0.5): disjoint supports, M = (0.5, 0.25, 0.25), JSD = ln 2
    assertEquals(LN2, Influence.jsd(Nd4j.createFromArray(new double[][] {{1, 0, 0}}),
        Nd4j.createFromArray(new double[][] {{0, 0.5, 0.5}})).getDouble(0), 1e-12);
  }

  @Test
  void theRewardOfAHandMadeCaseMatchesItsHandComputedValue() {
    // pi = (0.5, 0.5); cond[0] = (1, 0), cond[1] = (0.5, 0.5), so m = (0.75, 0.25)
    // actual 0: p = (1, 0):     KL = ln(1/0.75) = ln(4/3)                                  = 0.2876820725
    //                           M = (0.875, 0.125); KL(p||M) = ln(8/7) = 0.1335313926,
    //                           KL(m||M) = 0.75 ln(6/7) + 0.25 ln 2 = 0.0576737853, JSD    = 0.0956025889
    // actual 1: p = (0.5, 0.5): KL = 0.5 ln(2/3) + 0.5 ln 2 = 0.5 ln(4/3)                 = 0.1438410362
    //                           JSD: the pair of row 0 of the golden test above            = 0.0338220756
    double[][] pi = {{0.5, 0.5}, {0.5, 0.5}};
    double[][][] cond = {{{1, 0}, {0.5, 0.5}}, {{1, 0}, {0.5, 0.5}}};
    double[] actual = {0, 1};
    double[] visible = {1, 1};
    Result kl = Influence.perRow(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.KL);
    assertArrayEquals(new double[] {0.28768207245178085, 0.14384103622589042}, kl.rewards().toDoubleVector(),
        1e-12);
    Result jsd = Influence.perRow(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.JSD);
    assertArrayEquals(new double[] {0.09560258894703257, 0.033822075568605205}, jsd.rewards().toDoubleVector(),
        1e-12);
    // the building blocks on the same case
    assertArrayEquals(new double[] {0.75, 0.25, 0.75, 0.25},
        flat(Influence.marginal(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond))), 1e-15);
    assertArrayEquals(new double[] {1, 0, 0.5, 0.5},
        flat(Influence.conditional(Nd4j.createFromArray(cond), Nd4j.createFromArray(new int[] {0, 1}))), 0.0);
  }

  @Test
  void theMarginalWeighsEachCounterfactualByThePolicy() {
    // B = 1, A = 3, C = 2: m = 0.2 (1, 0) + 0.3 (0, 1) + 0.5 (0.4, 0.6) = (0.4, 0.6)
    INDArray m = Influence.marginal(Nd4j.createFromArray(new float[][] {{0.2f, 0.3f, 0.5f}}),
        Nd4j.createFromArray(new float[][][] {{{1, 0}, {0, 1}, {0.4f, 0.6f}}}));
    assertArrayEquals(new long[] {1, 2}, m.shape());
    assertEquals(DataType.FLOAT, m.dataType());
    assertArrayEquals(new double[] {0.4, 0.6}, flat(m), 1e-7);
  }

  @Test
  void jsdIsSymmetricAndAtMostLn2() {
    Random rng = new Random(3);
    int rows = 200;
    int width = 4;
    double[][] p = new double[rows][];
    double[][] q = new double[rows][];
    for (int b = 0; b < rows; b++) {
      p[b] = b % 10 == 0 ? peaked(width, b % width, 1e-300) : distribution(rng, width);
      q[b] = b % 10 == 0 ? peaked(width, (b + 1) % width, 1e-300) : distribution(rng, width);
    }
    double[] pq = Influence.jsd(Nd4j.createFromArray(p), Nd4j.createFromArray(q)).toDoubleVector();
    double[] qp = Influence.jsd(Nd4j.createFromArray(q), Nd4j.createFromArray(p)).toDoubleVector();
    assertArrayEquals(pq, qp, 1e-15);
    for (int b = 0; b < rows; b++) {
      assertTrue(pq[b] >= 0 && pq[b] <= LN2 + 1e-12, "row " + b + ": " + pq[b]);
    }
    // the nearly disjoint rows come close to the bound
    assertEquals(LN2, pq[0], 1e-9);
  }

  // --- visibility and per-agent sums --------------------------------------------------------------

  @Test
  void anInvisibleRowContributesNothing() {
    // the row of the golden case with reward ln(4/3), once visible and once not
    double[][] pi = {{0.5, 0.5}, {0.5, 0.5}};
    double[][][] cond = {{{1, 0}, {0.5, 0.5}}, {{1, 0}, {0.5, 0.5}}};
    double[] actual = {0, 0};
    for (Divergence d : Divergence.values()) {
      double[] r = Influence.perRow(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
          Nd4j.createFromArray(actual), Nd4j.createFromArray(new boolean[] {true, false}), d)
          .rewards().toDoubleVector();
      assertTrue(r[0] > 0.09, d + ": " + r[0]);
      assertEquals(0.0, r[1], 0.0, d.toString());
    }
  }

  @Test
  void eachAgentSumsItsVisibleOthers() {
    // E = 2 envs, K = 3 agents, J = 2 others each: rows (e*3 + k)*2 + j
    int envs = 2;
    int agents = 3;
    int others = 2;
    int rows = envs * agents * others;
    Random rng = new Random(5);
    double[][] pi = new double[rows][];
    double[][][] cond = new double[rows][3][];
    double[] actual = new double[rows];
    double[] visible = new double[rows];
    for (int b = 0; b < rows; b++) {
      pi[b] = distribution(rng, 3);
      for (int a = 0; a < 3; a++) {
        cond[b][a] = distribution(rng, 4);
      }
      actual[b] = rng.nextInt(3);
      visible[b] = b % 3 == 0 ? 0 : 1; // rows 0, 3, 6, 9 invisible: agents see 1, 1, 2, 1, 1, 2 others
    }
    double[] all = Influence.perRow(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(filled(rows, 1)), Divergence.KL)
        .rewards().toDoubleVector();
    Result perAgent = Influence.perAgent(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.KL, envs, agents, others,
        Influence.DEFAULT_CLIP);
    assertArrayEquals(new long[] {envs, agents}, perAgent.rewards().shape());
    for (int e = 0; e < envs; e++) {
      for (int k = 0; k < agents; k++) {
        double expected = 0;
        for (int j = 0; j < others; j++) {
          int b = (e * agents + k) * others + j;
          expected += visible[b] * all[b];
        }
        assertEquals(expected, perAgent.rewards().getDouble(e, k), 1e-12, "env " + e + ", agent " + k);
      }
    }
    // changing an invisible row's inputs changes nothing
    cond[3][(int) actual[3]] = new double[] {1, 0, 0, 0};
    pi[3] = new double[] {0, 0, 1};
    Result changed = Influence.perAgent(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.KL, envs, agents, others,
        Influence.DEFAULT_CLIP);
    assertArrayEquals(flat(perAgent.rewards()), flat(changed.rewards()), 0.0);
  }

  // --- non-finite input ---------------------------------------------------------------------------

  @Test
  void aNonFiniteRowGivesZeroAndIsCountedWhileTheOthersAreUnaffected() {
    double[][] pi = {{0.5, 0.5}, {0.5, 0.5}, {Double.NaN, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}};
    double[][][] cond = {
        {{1, 0}, {0.5, 0.5}},
        {{1, 0}, {Double.POSITIVE_INFINITY, 0.5}}, // infinite at the counterfactual k did not take
        {{1, 0}, {0.5, 0.5}},
        {{1, 0}, {0.5, 0.5}},
        {{1e308, 0}, {-1e308, 0}},                  // finite, far outside [0, 1]: the divergence overflows
        {{1, 0}, {Double.NaN, Double.NaN}}};         // NaN, and j invisible: still counted
    double[] actual = {0, 0, 0, 1, 0, 0};
    double[] visible = {1, 1, 1, 1, 1, 0};
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      for (Divergence d : Divergence.values()) {
        Result r = Influence.perRow(Nd4j.createFromArray(pi).castTo(type), Nd4j.createFromArray(cond).castTo(type),
            Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), d);
        assertEquals(4, r.nonFiniteRows(), type + " " + d);
        double[] v = r.rewards().toDoubleVector();
        double[] clean = Influence.perRow(Nd4j.createFromArray(new double[][] {pi[0], pi[3]}).castTo(type),
            Nd4j.createFromArray(new double[][][] {cond[0], cond[3]}).castTo(type),
            Nd4j.createFromArray(new double[] {0, 1}), Nd4j.createFromArray(new double[] {1, 1}), d)
            .rewards().toDoubleVector();
        assertArrayEquals(new double[] {clean[0], 0, 0, clean[1], 0, 0}, v, 0.0, type + " " + d);
        assertTrue(clean[0] > 0 && clean[1] > 0);
      }
    }
    Result agents = Influence.perAgent(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.KL, 1, 3, 2, Influence.DEFAULT_CLIP);
    assertEquals(4, agents.nonFiniteRows());
    // agent 0: rows 0 and 1 (row 1 zeroed); agent 1: rows 2 (zeroed) and 3; agent 2: both zeroed
    assertArrayEquals(new double[] {Math.log(4.0 / 3), 0.5 * Math.log(4.0 / 3), 0}, flat(agents.rewards()), 1e-12);
  }

  // --- the clip -----------------------------------------------------------------------------------

  @Test
  void eachAgentsRewardIsClippedAtTheBound() {
    // k almost always plays 0 but played 1, and j's prediction flips with k's action:
    // pi = (1 - 1e-6, 1e-6), cond[0] = (1 - e, e), cond[1] = (e, 1 - e), e = 1e-6, actual = 1.
    // m = (1 - 2e-6 + 2e-12, 2e-6 - 2e-12), p = cond[1]: KL(p || m) is about ln(5e5) = 13.1 > 10.
    // KL and JSD are never negative, so only the upper bound +clip can act; -clip never does.
    double e = 1e-6;
    double[][] pi = {{1 - e, e}, {1 - e, e}};
    double[][][] cond = {{{1 - e, e}, {e, 1 - e}}, {{1 - e, e}, {e, 1 - e}}};
    double[] actual = {1, 1};
    double[] visible = {1, 1};
    double m0 = (1 - e) * (1 - e) + e * e;
    double expected = e * Math.log(e / m0) + (1 - e) * Math.log((1 - e) / (1 - m0));
    double[] rows = Influence.perRow(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.KL).rewards().toDoubleVector();
    assertEquals(expected, rows[0], 1e-6);
    assertTrue(rows[0] > 10, "KL " + rows[0]);
    // one agent with both rows (J = 2): the sum, about 26, is clipped to 10
    Result clipped = Influence.perAgent(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.KL, 1, 1, 2, Influence.DEFAULT_CLIP);
    assertEquals(10.0, clipped.rewards().getDouble(0, 0), 0.0);
    // two agents with one row each and a bound of 20: each is 13.1, below the bound
    Result wide = Influence.perAgent(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.KL, 1, 2, 1, 20);
    assertArrayEquals(rows, flat(wide.rewards()), 1e-12);
    // a bound of 0.1 clips a small reward too
    Result tight = Influence.perAgent(Nd4j.createFromArray(pi), Nd4j.createFromArray(cond),
        Nd4j.createFromArray(actual), Nd4j.createFromArray(visible), Divergence.JSD, 2, 1, 1, 0.1);
    assertArrayEquals(new double[] {0.1, 0.1}, flat(tight.rewards()), 0.0);
  }

  // --- caller errors ------------------------------------------------------------------------------

  @Test
  void wrongShapesAndValuesGetOneLineMessagesNamingTheArray() {
    INDArray pi = Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
    INDArray cond = Nd4j.createFromArray(new double[][][] {{{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}});
    INDArray actual = Nd4j.createFromArray(new double[] {0, 1});
    INDArray visible = Nd4j.createFromArray(new double[] {1, 1});
    Divergence kl = Divergence.KL;

    expect("pi: expected a non-empty array of shape [B, A], got [2]",
        () -> Influence.perRow(Nd4j.createFromArray(new double[] {0.5, 0.5}), cond, actual, visible, kl));
    expect("cond: expected a non-empty array of shape [B, A, C], got [2, 2]",
        () -> Influence.marginal(pi, Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}})));
    expect("cond: expected shape [B, A, C] with B = 2 and A = 2 as in pi [2, 2], got [2, 3, 2]",
        () -> Influence.perRow(pi, Nd4j.zeros(DataType.DOUBLE, 2, 3, 2), actual, visible, kl));
    expect("cond: data type FLOAT differs from pi's DOUBLE",
        () -> Influence.perRow(pi, cond.castTo(DataType.FLOAT), actual, visible, kl));
    expect("pi: must be FLOAT or DOUBLE, got INT of shape [2, 2]",
        () -> Influence.marginal(pi.castTo(DataType.INT), cond));
    expect("actual: expected shape [2] (one action per row), got [2, 1]",
        () -> Influence.perRow(pi, cond, actual.reshape(2, 1), visible, kl));
    expect("actual: actions must be integers in [0, 2), got 2.0 at row 1 of shape [2]",
        () -> Influence.perRow(pi, cond, Nd4j.createFromArray(new int[] {0, 2}), visible, kl));
    expect("actual: actions must be integers in [0, 2), got 0.5 at row 0 of shape [2]",
        () -> Influence.conditional(cond, Nd4j.createFromArray(new double[] {0.5, 1})));
    expect("actual: actions must be integers in [0, 2), got NaN at row 1 of shape [2]",
        () -> Influence.perRow(pi, cond, Nd4j.createFromArray(new double[] {0, Double.NaN}), visible, kl));
    expect("visible: expected shape [2] (one flag per row), got [3]",
        () -> Influence.perRow(pi, cond, actual, Nd4j.createFromArray(new double[] {1, 1, 0}), kl));
    expect("visible: must be 0 or 1, got 0.5 at row 1 of shape [2]",
        () -> Influence.perRow(pi, cond, actual, Nd4j.createFromArray(new double[] {1, 0.5}), kl));
    expect("divergence: must be KL or JSD, got null",
        () -> Influence.perRow(pi, cond, actual, visible, null));
    expect("q: expected the shape of p [2, 2], got [2, 3]",
        () -> Influence.kl(pi, Nd4j.zeros(DataType.DOUBLE, 2, 3)));
    expect("q: data type FLOAT differs from p's DOUBLE", () -> Influence.jsd(pi, pi.castTo(DataType.FLOAT)));
    expect("pi: expected E*K*J = 4 rows for layout [1, 2, 2], got shape [2, 2]",
        () -> Influence.perAgent(pi, cond, actual, visible, kl, 1, 2, 2, 10));
    expect("pi: must not be null", () -> Influence.perAgent(null, cond, actual, visible, kl, 1, 1, 2, 10));
    expect("influence layout [E, K, J] needs each >= 1, got [1, 0, 2]",
        () -> Influence.perAgent(pi, cond, actual, visible, kl, 1, 0, 2, 10));
    expect("influence clip: must be a finite number > 0, got 0.0",
        () -> Influence.perAgent(pi, cond, actual, visible, kl, 1, 1, 2, 0));
    expect("influence clip: must be a finite number > 0, got NaN",
        () -> Influence.perAgent(pi, cond, actual, visible, kl, 1, 1, 2, Double.NaN));
  }

  // --- helpers ------------------------------------------------------------------------------------

  private static void expect(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  /** A random distribution with every entry at least 0.01. */
  private static double[] distribution(Random rng, int n) {
    double[] d = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      d[i] = 0.01 + rng.nextDouble();
      sum += d[i];
    }
    for (int i = 0; i < n; i++) {
      d[i] /= sum;
    }
    return d;
  }

  private static double[] peaked(int n, int at, double rest) {
    double[] d = filled(n, rest);
    d[at] = 1 - (n - 1) * rest;
    return d;
  }

  private static double[] filled(int n, double v) {
    double[] d = new double[n];
    Arrays.fill(d, v);
    return d;
  }

  private static double expectation(double[] policy, double[] perAction) {
    double s = 0;
    for (int a = 0; a < policy.length; a++) {
      s += policy[a] * perAction[a];
    }
    return s;
  }

  private static double[] flat(INDArray a) {
    return a.dup('c').reshape(a.length()).toDoubleVector();
  }
}
