package dev.curio.envs.worlds.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import org.junit.jupiter.api.Test;

class SpeakerListenerTest {
  @Test
  void theListenerHearsTheSpeakersPreviousUtterance() {
    SpeakerListener env = new SpeakerListener();
    MultiReset<float[]> r = env.reset(0);
    float[] listener = r.observations().get(1);
    for (int k = 0; k < 3; k++) {
      assertEquals(0f, listener[25 + k], "nothing heard before the first step");
    }
    MultiStep<float[]> s = env.step(new int[] {2, 0});
    assertEquals(1f, s.observations().get(1)[25 + 2]);
    assertArrayEquals(new int[] {2, 0}, s.actions());
    s = env.step(new int[] {1, 0});
    assertEquals(1f, s.observations().get(1)[25 + 1]);
    assertEquals(0f, s.observations().get(1)[25 + 2], "only the last utterance");
    // the speaker sees the listener's last move (stay = 0) after the target one-hot
    assertEquals(1f, s.observations().get(0)[3]);
  }

  @Test
  void reachingTheTargetEndsTheEpisodeWithTheSharedReward() {
    SpeakerListener env = new SpeakerListener();
    MultiReset<float[]> r = env.reset(5);
    int target = r.info().require(SpeakerListener.TARGET);
    assertEquals(1f, r.observations().get(0)[target], "the speaker sees the target");
    // landmarks: 0 top-left, 1 top-right, 2 bottom-left; the listener starts in the centre (2, 2)
    int vertical = target == 2 ? 3 : 1;
    int horizontal = target == 1 ? 2 : 4;
    MultiStep<float[]> s = null;
    for (int i = 0; i < 2; i++) {
      s = env.step(new int[] {0, vertical});
      assertFalse(s.done());
    }
    s = env.step(new int[] {0, horizontal});
    assertFalse(s.done());
    s = env.step(new int[] {0, horizontal});
    assertTrue(s.done());
    assertArrayEquals(new double[] {1, 1}, s.rewards());
    assertTrue(s.terminated()[0] && s.terminated()[1]);
  }

  @Test
  void truncatesAtTheLimitAndChecksArguments() {
    SpeakerListener env = new SpeakerListener(3, 2, 4);
    env.reset(1);
    MultiStep<float[]> s = null;
    for (int i = 0; i < 4; i++) {
      s = env.step(new int[] {0, 0});
    }
    assertTrue(s.truncated()[1]);
    assertThrows(IllegalArgumentException.class, () -> new SpeakerListener(4, 3, 10));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> {
      SpeakerListener e = new SpeakerListener();
      e.reset(0);
      e.step(new int[] {3, 0});
    });
    assertTrue(bad.getMessage().contains("social:speaker-listener"), bad.getMessage());
  }

  @Test
  void passesTheContractSuite() {
    EnvChecker.checkMulti(SpeakerListener::new).assertPassed();
  }
}
