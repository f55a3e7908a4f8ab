package dev.curio.agents.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.core.config.ConfigException;
import org.junit.jupiter.api.Test;

class PpoConfigTest {
  @Test
  void popArtSettingsAreCheckedByKey() {
    assertEquals("none", PpoConfig.defaults().valueNorm());
    assertEquals(3e-4, PpoConfig.defaults().popartBeta());
    assertEquals(1e-4, PpoConfig.defaults().popartSigmaMin());
    assertEquals(1e6, PpoConfig.defaults().popartSigmaMax());
    assertKey("ppo.valueNorm", PpoConfig.builder().valueNorm("PopArt"));
    assertKey("ppo.popartBeta", PpoConfig.builder().popartBeta(0));
    assertKey("ppo.popartBeta", PpoConfig.builder().popartBeta(1.5));
    assertKey("ppo.popartBeta", PpoConfig.builder().popartBeta(Double.NaN));
    assertKey("ppo.popartSigmaMin", PpoConfig.builder().popartSigmaMin(0));
    assertKey("ppo.popartSigmaMin", PpoConfig.builder().popartSigmaMin(-1));
    assertKey("ppo.popartSigmaMax", PpoConfig.builder().popartSigmaMax(-3));
    assertKey("ppo.popartSigmaMax", PpoConfig.builder().popartSigmaMin(10).popartSigmaMax(5));
    PpoConfig c = PpoConfig.builder().valueNorm("popart").popartBeta(0.01).popartSigmaMin(1e-3).popartSigmaMax(1e3).build();
    assertEquals(c, c.toBuilder().build());
  }

  private static void assertKey(String key, PpoConfig.Builder b) {
    ConfigException e = assertThrows(ConfigException.class, b::build);
    assertEquals(key, e.key(), e.getMessage());
  }
}
