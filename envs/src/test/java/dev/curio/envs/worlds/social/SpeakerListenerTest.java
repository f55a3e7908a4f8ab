package dev.curio.envs.worlds.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpeakerListenerTest {
  // listener moves
  private static final int UP = 0;
  private static final int RIGHT = 1;
  private static final int DOWN = 2;
  private static final int LEFT = 3;
  private static final int STAY = 4;

  @Test
  void passesTheContractSuite() {
    EnvChecker.checkMulti(SpeakerListener::new).assertPassed();
    EnvChecker.checkMulti(() -> new SpeakerListener(3, 8, 3, 5)).assertPassed();
  }

  @Test
  void spacesAreAsDocumented() {
    var spec = new SpeakerListener(5, 4, 6, 12).spec();
    assertEquals("social:speaker-listener", spec.id());
    assertEquals(2, spec.numAgents());
    assertEquals(6, spec.actionSpace(0).n());
    assertEquals(5, spec.actionSpace(1).n());
    assertArrayEquals(new int[] {4 + 5}, spec.observationSpace(0).shape());
    assertArrayEquals(new int[] {25 + 6}, spec.observationSpace(1).shape());
    assertEquals(12, spec.maxEpisodeSteps());
  }

  @Test
  void speakerSeesTheTargetAndListenerSeesOnlyItsCell() {
    SpeakerListener env = new SpeakerListener();
    MultiReset<float[]> r = env.reset(7);
    float[] speaker = r.observations().get(0);
    float[] listener = r.observations().get(1);
    float[] expectedSpeaker = new float[9];
    expectedSpeaker[env.target()] = 1f;
    assertArrayEquals(expectedSpeaker, speaker, "target one-hot, no listener action yet");
    float[] expectedListener = new float[29];
    expectedListener[12] = 1f; // centre of 5 x 5, no word heard yet
    assertArrayEquals(expectedListener, listener);
    assertEquals(env.target(), r.info().require(SpeakerListener.TARGET));
  }

  @Test
  void listenerObservesTheSpeakersPreviousUtterance() {
    SpeakerListener env = new SpeakerListener();
    env.reset(1);
    int[] words = {2, 0, 3, 3};
    for (int word : words) {
      MultiStep<float[]> s = env.step(new int[] {word, STAY});
      float[] listener = s.observations().get(1);
      for (int v = 0; v < 4; v++) {
        assertEquals(v == word ? 1f : 0f, listener[25 + v], "word " + v + " after the speaker said " + word);
      }
      assertArrayEquals(new int[] {word, STAY}, s.actions());
      // and the speaker sees the listener's last move
      assertEquals(1f, s.observations().get(0)[4 + STAY]);
    }
  }

  @Test
  void theUtteranceChangesOnlyTheListenersObservation() {
    SpeakerListener a = new SpeakerListener();
    SpeakerListener b = new SpeakerListener();
    a.reset(5);
    b.reset(5);
    MultiStep<float[]> sa = a.step(new int[] {0, UP});
    MultiStep<float[]> sb = b.step(new int[] {1, UP});
    assertArrayEquals(sa.observations().get(0), sb.observations().get(0));
    assertFalse(java.util.Arrays.equals(sa.observations().get(1), sb.observations().get(1)));
  }

  @Test
  void reachingTheTargetEndsWithTheSharedReward() {
    SpeakerListener env = new SpeakerListener();
    for (long seed = 0; seed < 20; seed++) {
      env.reset(seed);
      int target = env.target();
      int row = env.landmarkCell(target) / 5;
      int col = env.landmarkCell(target) % 5;
      MultiStep<float[]> s = null;
      // centre (2, 2) to the corner: two vertical then two horizontal steps
      int vertical = row == 0 ? UP : DOWN;
      int horizontal = col == 0 ? LEFT : RIGHT;
      int[] path = {vertical, vertical, horizontal, horizontal};
      for (int t = 0; t < path.length; t++) {
        s = env.step(new int[] {target, path[t]});
        if (t < path.length - 1) {
          assertFalse(s.done(), "ended early at step " + (t + 1) + " for seed " + seed);
          assertArrayEquals(new double[] {0, 0}, s.rewards());
        }
      }
      assertArrayEquals(new double[] {1, 1}, s.rewards(), "seed " + seed);
      assertArrayEquals(new boolean[] {true, true}, s.terminated());
      assertArrayEquals(new boolean[] {false, false}, s.truncated());
      assertEquals(env.landmarkCell(target), env.listenerCell());
    }
  }

  @Test
  void aWrongLandmarkEndsWithNothing() {
    SpeakerListener env = new SpeakerListener();
    long seed = 0;
    while (true) {
      env.reset(seed);
      if (env.target() != 0) {
        break;
      }
      seed++;
    }
    // landmark 0 is the top-left corner
    env.step(new int[] {0, UP});
    env.step(new int[] {0, UP});
    env.step(new int[] {0, LEFT});
    MultiStep<float[]> s = env.step(new int[] {0, LEFT});
    assertArrayEquals(new double[] {0, 0}, s.rewards());
    assertArrayEquals(new boolean[] {true, true}, s.terminated());
  }

  @Test
  void truncatesAtTheLimitAndMovesStopAtTheBorder() {
    SpeakerListener env = new SpeakerListener(5, 4, 4, 6);
    env.reset(3);
    MultiStep<float[]> s = null;
    // up twice reaches the top edge middle (no landmark with G = 4), then pushing up does nothing
    for (int t = 1; t <= 6; t++) {
      s = env.step(new int[] {0, UP});
      assertEquals(t >= 2 ? 2 : 7, env.listenerCell());
      assertEquals(t == 6, s.done(), "step " + t);
    }
    assertArrayEquals(new boolean[] {true, true}, s.truncated());
    assertArrayEquals(new boolean[] {false, false}, s.terminated());
    assertArrayEquals(new double[] {0, 0}, s.rewards());
  }

  @Test
  void targetsAreDrawnFromTheSeed() {
    SpeakerListener env = new SpeakerListener();
    Set<Integer> seen = new HashSet<>();
    for (long seed = 0; seed < 64; seed++) {
      env.reset(seed);
      seen.add(env.target());
      SpeakerListener again = new SpeakerListener();
      again.reset(seed);
      assertEquals(env.target(), again.target());
    }
    assertEquals(Set.of(0, 1, 2, 3), seen);
  }

  @Test
  void aRandomListenerRarelyFindsTheTarget() {
    // Without listening, success is about 1 / G: the game needs communication.
    SpeakerListener env = new SpeakerListener();
    Rng rng = new Rng(11);
    int wins = 0;
    int episodes = 4000;
    for (int e = 0; e < episodes; e++) {
      env.reset(e);
      MultiStep<float[]> s;
      do {
        s = env.step(new int[] {rng.nextInt(4), rng.nextInt(5)});
      } while (!s.done());
      wins += s.rewards()[0] > 0 ? 1 : 0;
    }
    assertTrue(wins < episodes * 0.2, wins + " wins");
  }

  @Test
  void rendersLandmarksAndListener() {
    SpeakerListener env = new SpeakerListener();
    env.reset(2);
    env.step(new int[] {3, STAY});
    String[] lines = env.render().split("\n");
    assertEquals(6, lines.length);
    assertEquals('L', lines[2].charAt(2));
    assertEquals("speaker said: 3  step 1", lines[5]);
    char corner = lines[0].charAt(0);
    assertEquals(env.target() == 0 ? 'A' : 'a', corner);
  }

  @Test
  void rejectsBadSettings() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpeakerListener(4, 4, 4, 10))
        .getMessage().contains("size"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpeakerListener(5, 9, 4, 10))
        .getMessage().contains("numLandmarks"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpeakerListener(5, 4, 0, 10))
        .getMessage().contains("vocabSize"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpeakerListener(5, 4, 4, 0))
        .getMessage().contains("maxEpisodeSteps"));
  }
}
