package dev.curio.agents.dist;

import static dev.curio.agents.dist.Fixtures.assertClose;
import static dev.curio.agents.dist.Fixtures.assertGradient;
import static dev.curio.agents.dist.Fixtures.doubles;
import static dev.curio.agents.dist.Fixtures.floats;
import static dev.curio.agents.dist.Fixtures.host;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DiagGaussianTest {
  private static final double TOL = 1e-5;
  private static final DiagGaussian DIST = new DiagGaussian(2);
  // rows are [mu_0, mu_1 | logSigma_0, logSigma_1]
  private static final double[][] P = {{0.3, -1.2, -0.5, 0.2}, {2.0, 0.0, 0.0, -1.0}};
  private static final double[][] Q = {{0.0, -1.0, 0.1, 0.0}, {2.5, 0.3, 0.5, -0.5}};
  private static final double[][] A = {{0.7, -1.0}, {1.5, 0.25}};

  @Test
  void goldenLogProb() {
    // sum_d [ -0.5 ((a - mu)/sigma)^2 - logSigma - 0.5 log(2 pi) ]
    assertClose(new double[] {-1.7687460136067816, -1.1937850695009282},
        DIST.logProb(floats(P), floats(A)), TOL, "logProb");
  }

  @Test
  void goldenEntropy() {
    // sum_d [ 0.5 + 0.5 log(2 pi) + logSigma ]
    assertClose(new double[] {2.5378770664093455, 1.8378770664093453}, DIST.entropy(floats(P)), TOL, "entropy");
  }

  @Test
  void goldenKl() {
    // sum_d [ logSigma_q - logSigma_p + (sigma_p^2 + (mu_p - mu_q)^2) / (2 sigma_q^2) - 0.5 ]
    assertClose(new double[] {0.3533523386652454, 0.5361870535985297}, DIST.kl(floats(P), floats(Q)), TOL, "kl");
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
  void samplesHaveTheRequestedMeanAndStd() {
    // 20000 draws of (mu, sigma) = (1.5, 0.5) and (-2, 1): standard errors ~0.004 and ~0.007
    int n = 20000;
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = new double[] {1.5, -2.0, Math.log(0.5), 0.0};
    }
    ActionDistribution.Sample s = DIST.sample(floats(rows), new Rng(2024));
    double[] expectedMean = {1.5, -2.0};
    double[] expectedStd = {0.5, 1.0};
    for (int d = 0; d < 2; d++) {
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < n; i++) {
        double a = s.actions()[i * 2 + d];
        sum += a;
        sumSq += a * a;
      }
      double mean = sum / n;
      double std = Math.sqrt(sumSq / n - mean * mean);
      assertEquals(expectedMean[d], mean, 0.03, "mean of component " + d);
      assertEquals(expectedStd[d], std, 0.03, "std of component " + d);
    }
  }

  @Test
  void samplingDrawsOneGaussianPerComponentInRowMajorOrder() {
    INDArray params = floats(P);
    ActionDistribution.Sample s = DIST.sample(params, new Rng(9));
    Rng reference = new Rng(9);
    float[] p = dev.curio.core.trajectory.Host.floats(params);
    float[] expected = new float[4];
    for (int i = 0; i < 2; i++) {
      for (int d = 0; d < 2; d++) {
        double mu = p[i * 4 + d];
        double sigma = Math.exp(p[i * 4 + 2 + d]);
        expected[i * 2 + d] = (float) (mu + sigma * reference.nextGaussian());
      }
    }
    assertArrayEquals(expected, s.actions());
    assertArrayEquals(s.logProbs(), DIST.sample(params, new Rng(9)).logProbs());
  }

  @Test
  void sampledAndModeLogProbsAgreeWithLogProb() {
    INDArray params = floats(Fixtures.randomParams(DIST, 64, new Rng(11)));
    ActionDistribution.Sample s = DIST.sample(params, new Rng(12));
    assertArrayEquals(doubles(s.logProbs()), host(DIST.logProb(params, Fixtures.actions(s, 2))), TOL);
    ActionDistribution.Sample m = DIST.mode(params);
    assertArrayEquals(doubles(m.logProbs()), host(DIST.logProb(params, Fixtures.actions(m, 2))), TOL);
    // the mode is the mean
    assertArrayEquals(host(params.getColumn(0)), doubles(everyOther(m.actions(), 0)), 0);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    INDArray params = doubles(Fixtures.randomParams(DIST, 4, new Rng(5)));
    INDArray actions = doubles(new double[][] {{0.3, -1.0}, {1.2, 0.0}, {-2.0, 0.5}, {0.0, 0.0}});
    assertGradient("logProb", params, p -> DIST.logProb(p, actions), TapeGradients.logProb(DIST, params, actions));
    assertGradient("entropy", params, DIST::entropy, TapeGradients.entropy(DIST, params));
  }

  @Test
  void gradientGoldenValues() {
    // mu = 1, logSigma = ln 2, a = 2: z = 0.5, d/dmu = (a - mu)/sigma^2 = 0.25, d/dlogSigma = z^2 - 1 = -0.75
    DiagGaussian one = new DiagGaussian(1);
    INDArray params = floats(new double[][] {{1.0, Math.log(2)}});
    assertArrayEquals(new double[] {0.25, -0.75}, host(TapeGradients.logProb(one, params, Fixtures.vector(2.0))), TOL);
    assertArrayEquals(new double[] {0.0, 1.0}, host(TapeGradients.entropy(one, params)), 0);
  }

  private static float[] everyOther(float[] a, int start) {
    float[] out = new float[a.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = a[2 * i + start];
    }
    return out;
  }
}
