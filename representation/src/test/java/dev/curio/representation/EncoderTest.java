package dev.curio.representation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.core.Rng;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EncoderTest {
  private final INDArray obs = Nd4j.createFromArray(new float[][] {{-1, -0.5f, 0, 0.5f, 1}, {0.3f, 0.1f, -0.2f, 0.9f, -0.7f}});

  @Test
  void identityReturnsItsInputAndChecksTheWidth() {
    IdentityEncoder e = new IdentityEncoder(5);
    assertSame(obs, e.encode(obs));
    assertEquals(5, e.latentDim());
    assertThrows(IllegalArgumentException.class, () -> e.encode(Nd4j.zeros(2, 4)));
  }

  @Test
  void randomEncoderIsAFunctionOfItsSeed() {
    INDArray a = new RandomEncoder(5, new int[] {8}, 3, Activation.RELU, new Rng(4)).encode(obs);
    INDArray b = new RandomEncoder(5, new int[] {8}, 3, Activation.RELU, new Rng(4)).encode(obs);
    INDArray c = new RandomEncoder(5, new int[] {8}, 3, Activation.RELU, new Rng(5)).encode(obs);
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void randomEncoderRestoresAnotherSeedsWeights() {
    RandomEncoder a = new RandomEncoder(5, new int[] {8}, 3, Activation.RELU, new Rng(4));
    RandomEncoder c = new RandomEncoder(5, new int[] {8}, 3, Activation.RELU, new Rng(5));
    c.restore(a.state());
    assertEquals(a.encode(obs), c.encode(obs));
  }

  @Test
  void mlpEncoderStateRoundTripsItsOwnWeights() {
    Parameters pa = new Parameters(MlpEncoder.paramCount(5, new int[] {4}, 2));
    MlpEncoder a = new MlpEncoder(pa, 5, new int[] {4}, 2, Activation.TANH, Activation.IDENTITY, new Rng(1));
    Parameters pb = new Parameters(MlpEncoder.paramCount(5, new int[] {4}, 2));
    MlpEncoder b = new MlpEncoder(pb, 5, new int[] {4}, 2, Activation.TANH, Activation.IDENTITY, new Rng(2));
    assertNotEquals(a.encode(obs), b.encode(obs));
    b.restore(a.state());
    assertEquals(a.encode(obs), b.encode(obs));
    assertEquals(pa.values(), pb.values()); // the restore went into b's owner's vector
  }
}
