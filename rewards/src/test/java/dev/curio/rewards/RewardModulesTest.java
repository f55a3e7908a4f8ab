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
      // two agents: influence needs several, the others ignore the count
      try (IntrinsicReward m = RewardModules.create(name, null, new int[] {3}, 2, 2, 1)) {
        assertEquals(name, m.stream().name());
      }
    }
  }

  @Test
  void unknownNameListsTheKnownOnesInOneLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> RewardModules.create("icn", null, new int[] {3}, 2, 1));
    assertEquals("rewards: unknown module 'icn' (known: icm, rnd, rfs, ec, count, noveld, disagreement, influence)", e.getMessage());
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
        () -> d.toBuilder().beta(1.5).build()).getMessage());
    RndConfig r = RndConfig.defaults();
    assertEquals("rewards.rnd.updateProportion", assertThrows(ConfigException.class,
        () -> r.toBuilder().updateProportion(0.0).build()).key());
    assertEquals("rewards.rfs.featureDim", assertThrows(ConfigException.class,
        () -> RfsConfig.builder().featureDim(0).build()).key());
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
