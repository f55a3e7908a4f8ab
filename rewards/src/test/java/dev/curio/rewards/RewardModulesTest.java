package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.core.config.ConfigException;
import dev.curio.rewards.examples.CountConfig;
import org.junit.jupiter.api.Test;

class RewardModulesTest {
  @Test
  void createsEachKnownModuleUnderItsStreamName() {
    for (String name : RewardModules.NAMES) {
      try (IntrinsicReward m = RewardModules.create(name, null, new int[] {3}, 2, 1)) {
        assertEquals(name, m.stream().name());
      }
    }
  }

  @Test
  void unknownNameListsTheKnownOnesInOneLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> RewardModules.create("icn", null, new int[] {3}, 2, 1));
    assertEquals("rewards: unknown module 'icn' (known: icm, rnd, rfs, ec, count)", e.getMessage());
  }

  @Test
  void configOfAnotherModuleIsRejectedByKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> RewardModules.create("rnd", IcmConfig.defaults(), new int[] {3}, 2, 1));
    assertEquals("rewards.rnd", e.key());
  }

  @Test
  void configRecordsNameTheBadKey() {
    IcmConfig d = IcmConfig.defaults();
    assertEquals("rewards.icm.beta: must be in [0.0, 1.0], got 1.5", assertThrows(ConfigException.class,
        () -> new IcmConfig(d.eta(), 1.5, d.featureDim(), d.hidden(), d.learningRate(), d.gradientSteps(),
            d.forwardTrainsFeatures(), d.unitFeatures(), d.obsClip(), d.gamma(), d.episodic(), d.coefficient())).getMessage());
    RndConfig r = RndConfig.defaults();
    assertEquals("rewards.rnd.updateProportion", assertThrows(ConfigException.class,
        () -> new RndConfig(r.outputDim(), r.hidden(), r.learningRate(), r.gradientSteps(), 0.0, r.obsClip(),
            r.gamma(), r.episodic(), r.coefficient())).key());
    assertEquals("rewards.rfs.featureDim", assertThrows(ConfigException.class,
        () -> new RfsConfig(0, 64, 1e-3, 1, 0.99, false, 1)).key());
    assertEquals("rewards.count.beta", assertThrows(ConfigException.class,
        () -> new CountConfig(-1, false, 0.99, 1)).key());
  }

  @Test
  void defaultsAreThePapersWhereThePaperSaysSo() {
    assertEquals(0.2, IcmConfig.defaults().beta());
    assertEquals(false, IcmConfig.defaults().forwardTrainsFeatures());
    assertEquals(0.25, RndConfig.defaults().updateProportion());
    assertEquals(5.0, RndConfig.defaults().obsClip());
    assertEquals(0.99, RndConfig.defaults().gamma());
    assertEquals(false, RndConfig.defaults().episodic());
  }
}
