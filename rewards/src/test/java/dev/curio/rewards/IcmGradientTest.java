package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.representation.MlpEncoder;
import dev.curio.representation.net.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The tape's gradient of ICM's loss (shared encoder on both inputs, unit-length features,
 * stop-gradients on the forward target and, unless the forward loss trains features, on phi_t in the
 * forward path) against central finite differences of {@link Icm#losses}, a forward-only computation
 * of the same losses with plain ND4J ops, in double precision.
 */
class IcmGradientTest {
  private static final int OBS = 3;
  private static final int ACTIONS = 3;
  private static final int B = 5;

  private static void check(boolean forwardTrainsFeatures, boolean unitFeatures) {
    IcmConfig c = IcmConfig.builder().featureDim(4).hidden(5).forwardTrainsFeatures(forwardTrainsFeatures)
        .unitFeatures(unitFeatures).obsClip(0.0).build();
    Icm icm = new Icm(c, new int[] {OBS}, ACTIONS, 42, DataType.DOUBLE);
    Rng rng = new Rng(8);
    double[] x = new double[2 * B * OBS];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    INDArray both = Nd4j.create(x, new long[] {2 * B, OBS}, DataType.DOUBLE);
    double[] a = new double[B * ACTIONS];
    for (int i = 0; i < B; i++) {
      a[i * ACTIONS + rng.nextInt(ACTIONS)] = 1;
    }
    INDArray actions = Nd4j.create(a, new long[] {B, ACTIONS}, DataType.DOUBLE);
    Parameters p = icm.parameters();
    double[] shift = new double[p.size()];
    for (int i = 0; i < shift.length; i++) {
      shift[i] = 0.1 * rng.nextGaussian(); // non-zero biases
    }
    p.values().addi(Nd4j.create(shift, new long[] {1, shift.length}, DataType.DOUBLE));

    INDArray target = icm.features(both).get(NDArrayIndex.interval(B, 2 * B), NDArrayIndex.all()).dup();
    double[] losses = icm.backward(both, actions);
    double[] direct = icm.losses(both, actions, target);
    assertEquals(direct[0], losses[0], 1e-9);
    assertEquals(direct[1], losses[1], 1e-9);
    double[] analytic = p.gradient().dup().data().asDouble();

    int encoderParams = MlpEncoder.paramCount(OBS, new int[] {5}, 4);
    double beta = c.beta();
    double eps = 1e-6;
    int nonZero = 0;
    for (int i = 0; i < p.size(); i++) {
      boolean encoder = i < encoderParams;
      double weightFwd = encoder && !forwardTrainsFeatures ? 0 : beta;
      double v = p.values().getDouble(0, i);
      p.values().putScalar(0, i, v + eps);
      double[] up = icm.losses(both, actions, target);
      p.values().putScalar(0, i, v - eps);
      double[] down = icm.losses(both, actions, target);
      p.values().putScalar(0, i, v);
      double numeric = ((1 - beta) * (up[0] - down[0]) + weightFwd * (up[1] - down[1])) / (2 * eps);
      assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)),
          "parameter " + i + (encoder ? " (encoder)" : ""));
      nonZero += Math.abs(analytic[i]) > 1e-9 ? 1 : 0;
    }
    assertTrue(nonZero > p.size() / 2, "most gradients should be non-zero, got " + nonZero + " of " + p.size());
  }

  @Test
  void gradientMatchesFiniteDifferencesWithFeaturesFromTheInverseModelOnly() {
    check(false, false);
  }

  @Test
  void gradientMatchesFiniteDifferencesWhenTheForwardLossTrainsFeatures() {
    check(true, false);
  }

  @Test
  void gradientMatchesFiniteDifferencesWithUnitLengthFeatures() {
    check(false, true);
  }

  @Test
  void gradientMatchesFiniteDifferencesWithUnitLengthFeaturesTrainedByBothLosses() {
    check(true, true);
  }
}
