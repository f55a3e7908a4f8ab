package dev.curio.agents.dist;

import static dev.curio.agents.dist.Fixtures.assertClose;
import static dev.curio.agents.dist.Fixtures.assertGradient;
import static dev.curio.agents.dist.Fixtures.doubles;
import static dev.curio.agents.dist.Fixtures.floats;
import static dev.curio.agents.dist.Fixtures.host;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MultiDiscreteTest {
  private static final double TOL = 1e-5;
  private static final MultiDiscrete DIST = new MultiDiscrete(2, 3);
  // rows are [component 0's 2 logits | component 1's 3 logits]
  private static final double[][] P = {{0.2, -0.4, 1.0, 0.0, -1.0}, {3.0, 3.0, -2.0, 0.5, 0.1}};
  private static final double[][] Q = {{0, 0, 0, 0, 0}, {1.0, -1.0, 0.0, 1.0, 2.0}};
  private static final double[][] A = {{1, 0}, {0, 2}};

  @Test
  void goldenLogProb() {
    // sum_c log softmax(z_c)[a_c]
    assertClose(new double[] {-1.4450939149302662, -1.6541363362280497},
        DIST.logProb(floats(P), floats(A)), TOL, "logProb");
  }

  @Test
  void goldenEntropy() {
    // sum_c -sum_j pi_cj log pi_cj
    assertClose(new double[] {1.4824897485903472, 1.5242454165554036}, DIST.entropy(floats(P)), TOL, "entropy");
  }

  @Test
  void goldenKl() {
    // sum_c sum_j p_cj (log p_cj - log q_cj)
    assertClose(new double[] {0.3092697206377077, 0.6746155652913588}, DIST.kl(floats(P), floats(Q)), TOL, "kl");
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
  void oneComponentIsCategorical() {
    MultiDiscrete multi = new MultiDiscrete(4);
    Categorical cat = new Categorical(4);
    INDArray params = floats(Fixtures.randomParams(cat, 16, new Rng(1)));
    INDArray other = floats(Fixtures.randomParams(cat, 16, new Rng(2)));
    ActionDistribution.Sample fromMulti = multi.sample(params, new Rng(3));
    ActionDistribution.Sample fromCat = cat.sample(params, new Rng(3));
    assertArrayEquals(fromCat.actions(), fromMulti.actions());
    assertArrayEquals(fromCat.logProbs(), fromMulti.logProbs());
    assertArrayEquals(cat.mode(params).actions(), multi.mode(params).actions());
    INDArray actions = Fixtures.actions(fromCat, 1);
    assertArrayEquals(host(cat.logProb(params, actions)), host(multi.logProb(params, actions)), 0);
    assertArrayEquals(host(cat.entropy(params)), host(multi.entropy(params)), 0);
    assertArrayEquals(host(cat.kl(params, other)), host(multi.kl(params, other)), 0);
    assertArrayEquals(host(TapeGradients.logProb(cat, params, actions)), host(TapeGradients.logProb(multi, params, actions)), 0);
    assertArrayEquals(host(TapeGradients.entropy(cat, params)), host(TapeGradients.entropy(multi, params)), 0);
  }

  @Test
  void samplingGoesRowByRowThenComponentByComponent() {
    INDArray params = floats(Fixtures.randomParams(DIST, 5, new Rng(4)));
    ActionDistribution.Sample s = DIST.sample(params, new Rng(5));
    Rng reference = new Rng(5);
    Categorical two = new Categorical(2);
    Categorical three = new Categorical(3);
    float[] expected = new float[10];
    for (int i = 0; i < 5; i++) {
      INDArray row = params.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
      expected[2 * i] = two.sample(row.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)), reference).actions()[0];
      expected[2 * i + 1] = three.sample(row.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5)), reference).actions()[0];
    }
    assertArrayEquals(expected, s.actions());
    assertArrayEquals(doubles(s.logProbs()), host(DIST.logProb(params, Fixtures.actions(s, 2))), TOL);
    ActionDistribution.Sample m = DIST.mode(floats(P));
    assertArrayEquals(new float[] {0, 0, 0, 1}, m.actions()); // ties go to the first index
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    INDArray params = doubles(Fixtures.randomParams(DIST, 4, new Rng(5)));
    INDArray actions = doubles(new double[][] {{0, 2}, {1, 0}, {1, 1}, {0, 0}});
    assertGradient("logProb", params, p -> DIST.logProb(p, actions), TapeGradients.logProb(DIST, params, actions));
    assertGradient("entropy", params, DIST::entropy, TapeGradients.entropy(DIST, params));
  }
}
