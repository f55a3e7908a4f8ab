package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.agents.LearnerSpec;
import dev.curio.agents.impala.ImpalaConfig;
import dev.curio.agents.impala.ImpalaLearner;
import dev.curio.agents.ppo.Ppo;
import dev.curio.core.space.Discrete;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.loop.io.ConfigLoadException;
import dev.curio.loop.io.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code learner} key picks the learner the loop builds; its section's errors name the key. */
class LearnerChoiceTest {
  private static final LearnerSpec SPEC = new LearnerSpec(new int[] {4}, new Discrete(2),
      List.of(RewardStream.extrinsic(0.99)), 10, 1);

  @Test
  void ppoByDefaultImpalaWhenAsked() {
    assertEquals("ppo", TrainConfig.defaults().learnerName());
    assertInstanceOf(Ppo.class, TrainConfig.defaults().learner().create(SPEC));
    TrainConfig impala = ConfigLoader.fromYaml("learner: impala\nimpala:\n  rhoBar: 2.0\n  cBar: 0.5\n");
    assertInstanceOf(ImpalaLearner.class, impala.learner().create(SPEC));
    assertEquals(ImpalaConfig.builder().rhoBar(2.0).cBar(0.5).build(), impala.impala());
    assertEquals(impala, ConfigLoader.fromYaml(ConfigLoader.toYaml(impala)), "YAML round trip");
  }

  @Test
  void badValuesAreOneLineErrorsNamingTheKey() {
    ConfigLoadException e = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().set("learner=impalla", "--set").build());
    assertEquals("--set learner=impalla: learner: must be one of ppo, impala, got 'impalla'", e.getMessage());
    e = assertThrows(ConfigLoadException.class, () -> ConfigLoader.fromYaml("learner: impala\nimpala:\n  cBar: 0\n"));
    assertEquals("<yaml>:3: impala.cBar: must be a finite number > 0, got 0.0", e.getMessage());
    e = assertThrows(ConfigLoadException.class,
        () -> ConfigLoader.fromYaml("learner: impala\nppo:\n  valueNorm: popart\n"));
    assertEquals("<yaml>:3: ppo.valueNorm: is popart, which only the ppo learner has; learner impala does not"
        + " normalise its critic's targets: set ppo.valueNorm: none or learner: ppo", e.getMessage());
    e = assertThrows(ConfigLoadException.class, () -> ConfigLoader.fromYaml(
        "learner: impala\nnumEnvs: 1\nrolloutLength: 2\nimpala:\n  minibatches: 3\n"));
    assertEquals("<yaml>:5: impala.minibatches: must be <= numEnvs * rolloutLength = 2, got 3", e.getMessage());
  }
}
