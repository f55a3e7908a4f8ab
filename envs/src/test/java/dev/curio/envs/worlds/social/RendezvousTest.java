package dev.curio.envs.worlds.social;

import static dev.curio.envs.worlds.social.Rendezvous.LEFT;
import static dev.curio.envs.worlds.social.Rendezvous.RIGHT;
import static dev.curio.envs.worlds.social.Rendezvous.STAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import dev.curio.envs.registry.EnvRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RendezvousTest {
  private static final double COST = 0.05;

  @Test
  void passesTheContractSuite() {
    EnvChecker.checkMulti(Rendezvous::new).assertPassed();
    EnvChecker.checkMulti(() -> new Rendezvous(3, 0.0, 4)).assertPassed();
    EnvChecker.checkMulti(() -> new Rendezvous(32, 0.1, 100)).assertPassed();
  }

  @Test
  void spacesAreAsDocumented() {
    var spec = new Rendezvous().spec();
    assertEquals("social:rendezvous-7", spec.id());
    assertEquals(2, spec.numAgents());
    for (int i = 0; i < 2; i++) {
      assertEquals(3, spec.actionSpace(i).n());
      assertArrayEquals(new int[] {14}, spec.observationSpace(i).shape());
    }
    assertEquals(30, spec.maxEpisodeSteps());
  }

  @Test
  void isRegistered() {
    MultiAgentEnv<?> env = EnvRegistry.makeMulti("social:rendezvous-7");
    assertTrue(env instanceof Rendezvous);
    assertEquals("social:rendezvous-7", env.spec().id());
  }

  @Test
  void walkingTowardEachOtherMeetsWithTheSharedReward() {
    // length 7: cells 0 and 6 close to 2 and 4 after two steps, and meet in cell 3 after the third.
    Rendezvous env = new Rendezvous();
    env.reset(0);
    for (int t = 1; t <= 2; t++) {
      MultiStep<float[]> s = env.step(new int[] {RIGHT, LEFT});
      assertFalse(s.done(), "step " + t);
      assertArrayEquals(new double[] {-COST, -COST}, s.rewards());
    }
    MultiStep<float[]> s = env.step(new int[] {RIGHT, LEFT});
    assertEquals(3, env.cell(0));
    assertEquals(3, env.cell(1));
    assertArrayEquals(new double[] {1 - COST, 1 - COST}, s.rewards());
    assertArrayEquals(new boolean[] {true, true}, s.terminated());
    assertArrayEquals(new boolean[] {false, false}, s.truncated());
    assertEquals(0.85, 3 * -COST + 1, 1e-12, "the optimal return stated in the Javadoc");
  }

  @Test
  void theReturnOfAMeetingAfterKStepsIsOneMinusKCosts() {
    // length 9: agent 1 waits w steps, then both walk; they meet after k = 4 + w steps.
    for (int wait = 0; wait <= 5; wait++) {
      Rendezvous env = new Rendezvous(9, COST, 30);
      env.reset(wait);
      double ret = 0;
      int k = 0;
      MultiStep<float[]> s;
      do {
        s = env.step(new int[] {k < 4 ? RIGHT : STAY, k < wait ? STAY : LEFT});
        ret += s.rewards()[0];
        assertEquals(s.rewards()[0], s.rewards()[1]);
        k++;
      } while (!s.done());
      assertEquals(4 + wait, k);
      assertEquals(1 - k * COST, ret, 1e-12, "wait " + wait);
      assertArrayEquals(new boolean[] {true, true}, s.terminated());
    }
  }

  @Test
  void swappingCellsIsNotMeeting() {
    // length 4: after one step both walking, agents are in 1 and 2; walking on swaps them.
    Rendezvous env = new Rendezvous(4, COST, 30);
    env.reset(0);
    env.step(new int[] {RIGHT, LEFT});
    assertEquals(1, env.cell(0));
    assertEquals(2, env.cell(1));
    MultiStep<float[]> s = env.step(new int[] {RIGHT, LEFT});
    assertEquals(2, env.cell(0));
    assertEquals(1, env.cell(1));
    assertFalse(s.done(), "crossing is not meeting");
    assertArrayEquals(new double[] {-COST, -COST}, s.rewards());
    // one waits, the other steps in: now they meet
    s = env.step(new int[] {STAY, RIGHT});
    assertArrayEquals(new boolean[] {true, true}, s.terminated());
    assertArrayEquals(new double[] {1 - COST, 1 - COST}, s.rewards());
  }

  @Test
  void movesPastTheEndsAreNoOps() {
    Rendezvous env = new Rendezvous();
    env.reset(0);
    MultiStep<float[]> s = env.step(new int[] {LEFT, RIGHT});
    assertEquals(0, env.cell(0));
    assertEquals(6, env.cell(1));
    assertArrayEquals(new double[] {-COST, -COST}, s.rewards());
    s = env.step(new int[] {STAY, STAY});
    assertEquals(0, env.cell(0));
    assertEquals(6, env.cell(1));
    assertFalse(s.done());
  }

  @Test
  void truncatesForBothAtTheLimit() {
    Rendezvous env = new Rendezvous(7, COST, 5);
    env.reset(0);
    MultiStep<float[]> s = null;
    for (int t = 1; t <= 5; t++) {
      s = env.step(new int[] {LEFT, RIGHT});
      assertEquals(t == 5, s.done(), "step " + t);
    }
    assertArrayEquals(new boolean[] {true, true}, s.truncated());
    assertArrayEquals(new boolean[] {false, false}, s.terminated());
    assertArrayEquals(new double[] {-COST, -COST}, s.rewards());
  }

  @Test
  void aMeetingOnTheLastStepTerminatesRatherThanTruncates() {
    Rendezvous env = new Rendezvous(7, COST, 3);
    env.reset(0);
    env.step(new int[] {RIGHT, LEFT});
    env.step(new int[] {RIGHT, LEFT});
    MultiStep<float[]> s = env.step(new int[] {RIGHT, LEFT});
    assertArrayEquals(new boolean[] {true, true}, s.terminated());
    assertArrayEquals(new boolean[] {false, false}, s.truncated());
  }

  @Test
  void observationsAreOwnCellThenOtherCellOneHots() {
    Rendezvous env = new Rendezvous();
    var space = env.spec().observationSpace(0);
    MultiReset<float[]> r = env.reset(0);
    assertArrayEquals(oneHots(7, 0, 6), r.observations().get(0));
    assertArrayEquals(oneHots(7, 6, 0), r.observations().get(1));
    MultiStep<float[]> s = env.step(new int[] {RIGHT, STAY});
    assertArrayEquals(oneHots(7, 1, 6), s.observations().get(0));
    assertArrayEquals(oneHots(7, 6, 1), s.observations().get(1));
    Rng rng = new Rng(3);
    for (int e = 0; e < 50; e++) {
      env.reset(e);
      do {
        s = env.step(new int[] {rng.nextInt(3), rng.nextInt(3)});
        for (int i = 0; i < 2; i++) {
          float[] o = s.observations().get(i);
          assertTrue(space.contains(o));
          assertArrayEquals(oneHots(7, env.cell(i), env.cell(1 - i)), o);
        }
      } while (!s.done());
    }
  }

  @Test
  void sameSeedSameEpisode() {
    List<String> a = randomEpisode(new Rendezvous(), 17);
    List<String> b = randomEpisode(new Rendezvous(), 17);
    assertEquals(a, b);
    Rendezvous reused = new Rendezvous();
    randomEpisode(reused, 99);
    assertEquals(a, randomEpisode(reused, 17));
  }

  @Test
  void rendersTheCorridor() {
    Rendezvous env = new Rendezvous();
    env.reset(0);
    assertEquals("0.....1  step 0", env.render());
    env.step(new int[] {RIGHT, LEFT});
    env.step(new int[] {RIGHT, LEFT});
    env.step(new int[] {RIGHT, LEFT});
    assertEquals("...X...  step 3", env.render());
  }

  @Test
  void rejectsBadSettings() {
    assertMessage("length", () -> new Rendezvous(2, COST, 30));
    assertMessage("length", () -> new Rendezvous(33, COST, 30));
    assertMessage("stepCost", () -> new Rendezvous(7, -0.1, 30));
    assertMessage("stepCost", () -> new Rendezvous(7, Double.NaN, 30));
    assertMessage("maxEpisodeSteps", () -> new Rendezvous(7, COST, 0));
  }

  /**
   * The random-pair baseline quoted in the Javadoc and in docs/envs/social.md: 2000 episodes of
   * uniformly random joint actions with {@code new Rng(2024)} give a mean return of -0.259 and meet
   * in 73.5% of episodes (an exact sum over the joint positions gives -0.2595 and 73.3%). The return's
   * standard deviation is about 0.80, so the band of 0.08 is about four standard errors.
   */
  @Test
  void aRandomPairMeetsThreeTimesInFour() {
    Rendezvous env = new Rendezvous();
    Rng rng = new Rng(2024);
    int episodes = 2000;
    double total = 0;
    int meetings = 0;
    for (int e = 0; e < episodes; e++) {
      env.reset(e);
      MultiStep<float[]> s;
      do {
        s = env.step(new int[] {rng.nextInt(3), rng.nextInt(3)});
        total += s.rewards()[0];
      } while (!s.done());
      meetings += s.terminated()[0] ? 1 : 0;
    }
    double mean = total / episodes;
    double meetRate = (double) meetings / episodes;
    assertEquals(-0.26, mean, 0.08, "mean return of a random pair");
    assertEquals(0.73, meetRate, 0.05, "meeting rate of a random pair");
  }

  private static List<String> randomEpisode(Rendezvous env, long seed) {
    List<String> trace = new ArrayList<>();
    Rng rng = new Rng(seed);
    MultiReset<float[]> r = env.reset(seed);
    trace.add(Arrays.toString(r.observations().get(0)));
    MultiStep<float[]> s;
    do {
      s = env.step(new int[] {rng.nextInt(3), rng.nextInt(3)});
      trace.add(Arrays.toString(s.observations().get(0)) + Arrays.toString(s.rewards())
          + Arrays.toString(s.terminated()) + Arrays.toString(s.truncated()));
    } while (!s.done());
    return trace;
  }

  private static float[] oneHots(int length, int own, int other) {
    float[] o = new float[2 * length];
    o[own] = 1f;
    o[length + other] = 1f;
    return o;
  }

  private static void assertMessage(String field, Executable make) {
    String message = assertThrows(IllegalArgumentException.class, make).getMessage();
    assertTrue(message.contains(field), message);
  }
}
