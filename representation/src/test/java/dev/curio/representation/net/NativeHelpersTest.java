package dev.curio.representation.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The onednn build's convolutions against libnd4j's own (TapeTest's finite differences run in double
 * precision, which oneDNN does not take, so they never reach it): the CNN torso's operations in float
 * through oneDNN give the values and gradients of the plain path to float rounding.
 */
class NativeHelpersTest {
  @Test
  void theBuildLoadsTheOnednnBuildWhereTheBuildAsksForIt() {
    // the build's test JVMs ask for it (pom.xml, curio.native.extension) and this module has it on its
    // test classpath (profile cpu-onednn); a run of these tests with -Pcuda or without the extension does not
    String extension = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
    if (extension.contains("onednn") && Nd4j.getEnvironment().isCPU()) {
      assertTrue(NativeHelpers.onednn(), "the onednn build was asked for and did not load");
      assertFalse(Nd4j.getEnvironment().helpersAllowed(), "oneDNN must serve the convolutions only");
    }
  }

  /** Values, then gradients of every input, of conv, relu, 2x2 max-pool, conv on one training tape. */
  private static List<INDArray> torso(INDArray x, INDArray k1, INDArray b1, INDArray k2, INDArray b2) {
    Parameters p = new Parameters((int) (x.length() + k1.length() + b1.length() + k2.length() + b2.length()),
        DataType.FLOAT);
    Parameters.Slice slice = p.claim(p.size());
    INDArray[] values = {x, k1, b1, k2, b2};
    Parameters.Weight[] w = new Parameters.Weight[values.length];
    int at = 0;
    for (int i = 0; i < values.length; i++) {
      w[i] = slice.weight(at, values[i].shape());
      w[i].values().assign(values[i]);
      at += (int) values[i].length();
    }
    Tape t = Tape.training();
    Var out = t.conv2d(t.maxPool(t.relu(t.conv2d(w[0].on(t), w[1].on(t), w[2].on(t))), 2), w[3].on(t), w[4].on(t));
    Var loss = t.sum(t.mul(out, t.constant(Nd4j.linspace(-1, 1, out.value().length(), DataType.FLOAT)
        .reshape(out.value().shape()))));
    t.backward(loss);
    List<INDArray> result = new ArrayList<>();
    result.add(out.value().dup());
    result.add(p.gradient().dup());
    return result;
  }

  @Test
  void onednnConvolutionAndPoolingAgreeWithLibnd4jsOwnInFloat() {
    assumeTrue(NativeHelpers.onednn(), "the plain build has one convolution path only");
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.rand(DataType.FLOAT, 64, 7, 7, 3);
    INDArray k1 = Nd4j.randn(DataType.FLOAT, 2, 2, 3, 16).muli(0.3);
    INDArray b1 = Nd4j.randn(DataType.FLOAT, 1, 16).muli(0.1);
    INDArray k2 = Nd4j.randn(DataType.FLOAT, 2, 2, 16, 32).muli(0.3);
    INDArray b2 = Nd4j.randn(DataType.FLOAT, 1, 32).muli(0.1);
    List<INDArray> fast = torso(x, k1, b1, k2, b2); // through oneDNN on the onednn build
    List<INDArray> own = torsoWithoutHelpers(x, k1, b1, k2, b2);
    for (int i = 0; i < fast.size(); i++) {
      INDArray a = fast.get(i);
      INDArray b = own.get(i);
      double scale = Math.max(1, b.norm2Number().doubleValue());
      assertEquals(0, a.sub(b).norm2Number().doubleValue() / scale, 1e-5,
          (i == 0 ? "values" : "gradients") + " differ beyond float rounding");
    }
  }

  /** {@link #torso} with libnd4j's own convolutions: NativeHelpers told the build has no oneDNN. */
  private static List<INDArray> torsoWithoutHelpers(INDArray x, INDArray k1, INDArray b1, INDArray k2, INDArray b2) {
    NativeHelpers.forceOwnKernelsForTest(true);
    try {
      return torso(x, k1, b1, k2, b2);
    } finally {
      NativeHelpers.forceOwnKernelsForTest(false);
    }
  }
}
