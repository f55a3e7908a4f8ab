package dev.curio.agents.dist;

import static dev.curio.agents.dist.Fixtures.assertClose;
import static dev.curio.agents.dist.Fixtures.assertGradient;
import static dev.curio.agents.dist.Fixtures.doubles;
import static dev.curio.agents.dist.Fixtures.floats;
import static dev.curio.agents.dist.Fixtures.host;
import static dev.curio.agents.dist.Fixtures.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CategoricalTest {
  private static final double TOL = 1e-5;
  private static final Categorical DIST = new Categorical(3);
  // row 1 has logits near 1000: exp of them overflows, the log-softmax must not
  private static final double[][] P = {{0.5, -1.0, 2.0}, {1000, 999, 998}};
  private static final double[][] Q = {{0, 0, 0}, {998, 1000, 999}};

  @Test
  void goldenLogProb() {
    // log pi(a) = z_a - max z - log sum_j exp(z_j - max z), actions (2, 1)
    assertClose(new double[] {-0.24131129665715703, -1.4076059644443804},
        DIST.logProb(floats(P), vector(2, 1)), TOL, "logProb");
  }

  @Test
  void goldenEntropy() {
    // H = -sum_j pi_j log pi_j; row 1 is softmax(0, -1, -2)
    assertClose(new double[] {0.6215846046792745, 0.8323955818399389}, DIST.entropy(floats(P)), TOL, "entropy");
  }

  @Test
  void goldenKl() {
    // KL(p || q) = sum_j p_j (log p_j - log q_j) with log-softmax on both sides
    assertClose(new double[] {0.4770276839888354, 0.9957228673244655}, DIST.kl(floats(P), floats(Q)), TOL, "kl");
  }

  @Test
  void klOfADistributionWithItselfIsZeroAndOtherwisePositive() {
    Rng rng = new Rng(7);
    for (int trial = 0; trial < 20; trial++) {
      INDArray p = floats(Fixtures.randomParams(DIST, 8, rng));
      INDArray q = floats(Fixtures.randomParams(DIST, 8, rng));
      assertClose(new double[8], DIST.kl(p, p), 0, "KL(p, p)");
      for (double k : host(DIST.kl(p, q))) {
        assertTrue(k >= -1e-6, "KL(p, q) = " + k);
      }
    }
  }

  @Test
  void shiftingTheLogitsChangesNothing() {
    INDArray logits = floats(P);
    INDArray shifted = logits.add(3.5);
    INDArray actions = vector(0, 2);
    assertArrayEquals(host(DIST.logProb(logits, actions)), host(DIST.logProb(shifted, actions)), TOL);
    assertArrayEquals(host(DIST.entropy(logits)), host(DIST.entropy(shifted)), TOL);
    assertClose(new double[2], DIST.kl(logits, shifted), TOL, "KL(z, z + c)");
  }

  @Test
  void probabilitiesOfAllActionsSumToOne() {
    Categorical five = new Categorical(5);
    double[][] row = Fixtures.randomParams(five, 1, new Rng(3));
    double[][] repeated = {row[0], row[0], row[0], row[0], row[0]};
    INDArray logp = five.logProb(floats(repeated), vector(0, 1, 2, 3, 4));
    double total = 0;
    for (double l : host(logp)) {
      total += Math.exp(l);
    }
    assertEquals(1.0, total, TOL);
  }

  @Test
  void samplingIsExactlyPposLoop() {
    double[][] logits = {
        {0.1, -0.3, 0.5, 0.0},
        {2.0, 2.0, -1.0, 2.0}, // ties: the first index is the max
        {1000, 999.5, 1000, -1000},
        {-5, -5, -5, -5},
        {0.0, 0.0, 30.0, -30.0}};
    Categorical four = new Categorical(4);
    INDArray arr = floats(logits);
    for (long seed = 0; seed < 50; seed++) {
      Rng rng = new Rng(seed);
      Rng reference = new Rng(seed);
      for (int round = 0; round < 5; round++) {
        ActionDistribution.Sample got = four.sample(arr, rng);
        float[][] expected = ppoSample(arr, reference, false);
        assertArrayEquals(expected[0], got.actions(), "actions, seed " + seed);
        assertArrayEquals(expected[1], got.logProbs(), "log-probs, seed " + seed);
      }
      assertArrayEquals(reference.state(), rng.state(), "draws consumed, seed " + seed);
    }
    Rng untouched = new Rng(1);
    ActionDistribution.Sample greedy = four.mode(arr);
    float[][] expected = ppoSample(arr, untouched, true);
    assertArrayEquals(expected[0], greedy.actions());
    assertArrayEquals(expected[1], greedy.logProbs());
    assertArrayEquals(new float[] {2, 0, 0, 0, 2}, greedy.actions());
  }

  /** A copy of the loop in {@code Ppo.sample} (as of this commit), the reference for bit-exactness. */
  private static float[][] ppoSample(INDArray logitsArr, Rng rng, boolean greedy) {
    int n = (int) logitsArr.rows();
    int a = (int) logitsArr.columns();
    float[] logits = dev.curio.core.trajectory.Host.floats(logitsArr);
    float[] actions = new float[n];
    float[] logProbs = new float[n];
    for (int i = 0; i < n; i++) {
      int off = i * a;
      float max = Float.NEGATIVE_INFINITY;
      int arg = 0;
      for (int j = 0; j < a; j++) {
        if (logits[off + j] > max) {
          max = logits[off + j];
          arg = j;
        }
      }
      double sum = 0;
      for (int j = 0; j < a; j++) {
        sum += Math.exp(logits[off + j] - max);
      }
      int choice = arg;
      if (!greedy) {
        double u = rng.nextDouble() * sum;
        double acc = 0;
        choice = a - 1;
        for (int j = 0; j < a; j++) {
          acc += Math.exp(logits[off + j] - max);
          if (u < acc) {
            choice = j;
            break;
          }
        }
      }
      actions[i] = choice;
      logProbs[i] = (float) (logits[off + choice] - max - Math.log(sum));
    }
    return new float[][] {actions, logProbs};
  }

  @Test
  void sampledLogProbsAgreeWithLogProb() {
    INDArray params = floats(Fixtures.randomParams(DIST, 64, new Rng(11)));
    ActionDistribution.Sample s = DIST.sample(params, new Rng(12));
    assertArrayEquals(doubles(s.logProbs()), host(DIST.logProb(params, Fixtures.actions(s, 1))), TOL);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    INDArray params = doubles(Fixtures.randomParams(DIST, 4, new Rng(5)));
    INDArray actions = doubles(new double[][] {{0}, {1}, {2}, {1}});
    assertGradient("logProb", params, p -> DIST.logProb(p, actions), TapeGradients.logProb(DIST, params, actions));
    assertGradient("entropy", params, DIST::entropy, TapeGradients.entropy(DIST, params));
    // float inputs give the same gradients to float precision
    assertArrayEquals(host(TapeGradients.entropy(DIST, params)), host(TapeGradients.entropy(DIST, params.castTo(
        org.nd4j.linalg.api.buffer.DataType.FLOAT))), TOL);
  }

  @Test
  void gradientGoldenValues() {
    // logits (0, ln 3): pi = (1/4, 3/4), H = 0.5623351446; action 1
    // d logp/dz = onehot - pi = (-1/4, 1/4); dH/dz_j = -pi_j (ln pi_j + H)
    Categorical two = new Categorical(2);
    INDArray logits = floats(new double[][] {{0, Math.log(3)}});
    assertArrayEquals(new double[] {-0.25, 0.25}, host(TapeGradients.logProb(two, logits, vector(1))), TOL);
    // -(1/4)(ln 1/4 + H) = 0.20598980412527057, -(3/4)(ln 3/4 + H) = -0.20598980412527054
    assertArrayEquals(new double[] {0.20598980412527057, -0.20598980412527054},
        host(TapeGradients.entropy(two, logits)), TOL);
  }
}
