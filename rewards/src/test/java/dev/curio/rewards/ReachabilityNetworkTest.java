package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.representation.net.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tape's gradient of the comparator's loss (one embedding network on both inputs, the
 * concatenated embeddings or, with the difference head, {@code |e_a - e_b|}, cross-entropy through
 * the sigmoid) against central finite differences of {@link ReachabilityNetwork#loss}, a
 * forward-only computation with plain ND4J ops, in double precision; the difference head's symmetry
 * and its one score for every identical pair.
 */
class ReachabilityNetworkTest {
  private static final int OBS = 4;
  private static final int B = 6;

  @Test
  void initScaleMultipliesTheEmbeddingsFirstLayerWeightsOnly() {
    double[] plain = new ReachabilityNetwork(OBS, 5, 3, 1.0, false, new Rng(3), DataType.DOUBLE).parameters().values()
        .dup().data().asDouble();
    double[] scaled = new ReachabilityNetwork(OBS, 5, 3, 4.0, false, new Rng(3), DataType.DOUBLE).parameters().values()
        .dup().data().asDouble();
    int firstLayer = OBS * 5;
    for (int i = 0; i < plain.length; i++) {
      assertEquals(i < firstLayer ? 4.0 * plain[i] : plain[i], scaled[i], 1e-12, "parameter " + i);
    }
  }

  @ParameterizedTest(name = "difference head {0}")
  @ValueSource(booleans = {false, true})
  void gradientMatchesFiniteDifferences(boolean differenceHead) {
    ReachabilityNetwork net = new ReachabilityNetwork(OBS, 5, 3, 1.0, differenceHead, new Rng(3), DataType.DOUBLE);
    Rng rng = new Rng(9);
    INDArray a = gaussian(rng, B, OBS);
    INDArray b = gaussian(rng, B, OBS);
    double[] y = new double[B];
    for (int i = 0; i < B; i++) {
      y[i] = i % 2;
    }
    INDArray labels = Nd4j.create(y, new long[] {B, 1}, DataType.DOUBLE);
    Parameters p = net.parameters();
    p.values().addi(gaussian(rng, 1, p.size()).muli(0.1)); // non-zero biases

    double loss = net.gradient(a, b, labels);
    assertEquals(net.loss(a, b, labels), loss, 1e-12);
    double[] analytic = p.gradient().dup().data().asDouble();
    double eps = 1e-6;
    int nonZero = 0;
    for (int i = 0; i < p.size(); i++) {
      double v = p.values().getDouble(0, i);
      p.values().putScalar(0, i, v + eps);
      double up = net.loss(a, b, labels);
      p.values().putScalar(0, i, v - eps);
      double down = net.loss(a, b, labels);
      p.values().putScalar(0, i, v);
      double numeric = (up - down) / (2 * eps);
      assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + i);
      nonZero += Math.abs(analytic[i]) > 1e-9 ? 1 : 0;
    }
    assertTrue(nonZero > p.size() / 2, "most gradients should be non-zero, got " + nonZero + " of " + p.size());
  }

  @Test
  void theDifferenceHeadIsSymmetricAndScoresEveryIdenticalPairAlike() {
    ReachabilityNetwork net = new ReachabilityNetwork(OBS, 5, 3, 4.0, true, new Rng(3), DataType.DOUBLE);
    Rng rng = new Rng(9);
    net.parameters().values().addi(gaussian(rng, 1, net.parameters().size()).muli(0.1));
    INDArray a = gaussian(rng, B, OBS);
    INDArray b = gaussian(rng, B, OBS).muli(3);
    double[] ab = net.similarity(a, b).data().asDouble();
    double[] ba = net.similarity(b, a).data().asDouble();
    double[] aa = net.similarity(a, a).data().asDouble();
    double[] bb = net.similarity(b, b).data().asDouble();
    for (int i = 0; i < B; i++) {
      assertEquals(ab[i], ba[i], 1e-12, "pair " + i + " in either order");
      assertEquals(aa[0], aa[i], 1e-12, "identical pair " + i);
      assertEquals(aa[0], bb[i], 1e-12, "identical pair " + i + " of the other batch");
    }
    // the concatenating head has neither property
    ReachabilityNetwork concat = new ReachabilityNetwork(OBS, 5, 3, 4.0, false, new Rng(3), DataType.DOUBLE);
    double[] cab = concat.similarity(a, b).data().asDouble();
    double[] cba = concat.similarity(b, a).data().asDouble();
    double[] caa = concat.similarity(a, a).data().asDouble();
    assertTrue(Math.abs(cab[0] - cba[0]) > 1e-6 && Math.abs(caa[0] - caa[1]) > 1e-6,
        "the concatenating head should depend on order and on the frame");
  }

  private static INDArray gaussian(Rng rng, int rows, int cols) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
  }
}
