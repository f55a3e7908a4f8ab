package dev.curio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.ConfigLoader;
import dev.curio.loop.TrainConfig;
import org.junit.jupiter.api.Test;

/** What {@link NoisyTvStudy#run} counts as the agent's steps. */
class NoisyTvStudyTest {
  @Test
  void aPretrainedComparatorsRandomWalksAreNotTheAgentsSteps() {
    TrainConfig base = ConfigLoader.fromYaml("""
        env: maze:noisy-tv-pos
        totalSteps: 1024
        numEnvs: 8
        rolloutLength: 64
        rewards:
          ec:
            pretrained: true
            pretrainSteps: 3000
        """);
    NoisyTvStudy.Result ec = NoisyTvStudy.run("ppo+ec", base, 1);
    // the loop's steps, not the 3,000 walk steps on top; the whole-run share is over the same steps
    assertEquals(1024, ec.steps(), ec.toString());
    assertTrue(ec.pressShareAll() > 0 && ec.pressShareAll() < 0.5, ec.toString());
    assertEquals(1024, NoisyTvStudy.run("ppo", base, 1).steps());
  }
}
