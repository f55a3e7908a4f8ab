package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.core.config.ConfigException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AcStateConfigTest {

  private static String error(UnaryOperator<AcStateConfig.Builder> change) {
    return assertThrows(ConfigException.class, () -> change.apply(AcStateConfig.builder()).build()).getMessage();
  }

  @Test
  void badValuesGetOneLineNamingTheKey() {
    assertEquals("encoder.acState.maxK: must be >= 1, got 0", error(b -> b.maxK(0)));
    assertEquals("encoder.acState.codes: must be >= 1, got 0", error(b -> b.codes(0)));
    assertEquals("encoder.acState.latentDim: must be >= 1, got -2", error(b -> b.latentDim(-2)));
    assertEquals("encoder.acState.encoderHidden: must be >= 1, got 0", error(b -> b.encoderHidden(0)));
    assertEquals("encoder.acState.headHidden: must be >= 1, got 0", error(b -> b.headHidden(0)));
    assertEquals("encoder.acState.learningRate: must be a finite number > 0, got 0.0",
        error(b -> b.learningRate(0)));
    assertEquals("encoder.acState.commitmentCost: must be a finite number >= 0, got -0.25",
        error(b -> b.commitmentCost(-0.25)));
    assertEquals("encoder.acState.forwardWeight: must be a finite number >= 0, got NaN",
        error(b -> b.forwardWeight(Double.NaN)));
    assertEquals("encoder.acState.bottleneck: is required", error(b -> b.bottleneck(null)));
    assertEquals("encoder.acState.forwardLoss: is required", error(b -> b.forwardLoss(null)));
    assertEquals("encoder.acState.forwardLoss: is CODE, a likelihood of the next code, but"
        + " encoder.acState.bottleneck is CONTINUOUS, which has no codes; use LATENT",
        error(b -> b.bottleneck(AcStateConfig.Bottleneck.CONTINUOUS).forwardLoss(AcStateConfig.ForwardLoss.CODE)));
    assertEquals("encoder.acState.deadCodeWindow: must be >= 0, got -1", error(b -> b.deadCodeWindow(-1)));
  }

  @Test
  void defaultsAndBuilderRoundTrip() {
    AcStateConfig d = AcStateConfig.defaults();
    assertEquals(0.25, d.commitmentCost());
    assertEquals(0.0, d.forwardWeight());
    assertEquals(AcStateConfig.ForwardLoss.LATENT, d.forwardLoss());
    assertEquals(AcStateConfig.Bottleneck.VQ, d.bottleneck());
    assertEquals(d, d.toBuilder().build());
    assertEquals(5, d.toBuilder().maxK(5).build().maxK());
  }
}
