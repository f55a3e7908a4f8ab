package dev.curio.envs.worlds.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.multi.MultiStep;
import org.junit.jupiter.api.Test;

class HarvestTest {
  private static final int[] STAY = {0, 0};

  @Test
  void applesRegrowOnlyNearStandingApples() {
    Harvest env = new Harvest(2, 100_000);
    env.reset(3);
    env.clearApples();
    // a lone patch around (4, 6): spots (4,5) (4,6) (4,7) (5,6); keep (4,6) and (4,7) standing
    env.setApple(4, 6, true);
    env.setApple(4, 7, true);
    env.placeAgent(0, 0, 0);
    env.placeAgent(1, 0, 8);
    boolean farRegrew = false;
    boolean nearRegrew = false;
    for (int t = 0; t < 3000 && !nearRegrew; t++) {
      env.step(STAY);
      nearRegrew = env.appleAt(4, 5) || env.appleAt(5, 6) || env.appleAt(5, 5);
      // (1, 2): an apple spot more than 2 from any standing apple in the upper patch, now emptied
      farRegrew |= env.appleAt(1, 2);
    }
    assertTrue(nearRegrew, "spots next to standing apples regrow");
    assertFalse(farRegrew, "a spot with no standing apple within 2 never regrows");
    assertEquals(0, Harvest.applesNear(new boolean[63], 9, 7, 3, 3));
  }

  @Test
  void collectingAnAppleRewardsThatAgentOnly() {
    Harvest env = new Harvest(2, 100);
    env.reset(0);
    assertTrue(env.isSpot(1, 2) && env.appleAt(1, 2));
    env.placeAgent(0, 1, 1);
    env.placeAgent(1, 6, 0);
    MultiStep<float[]> s = env.step(new int[] {2, 0});
    assertArrayEquals(new double[] {1, 0}, s.rewards());
    assertFalse(env.appleAt(1, 2));
    // the other agent sees agent 0's last action (2 = right) after the grid channels
    float[] other = s.observations().get(1);
    int grid = env.width() * env.height() * 3;
    assertEquals(1f, other[grid + 2]);
    assertArrayEquals(new int[] {2, 0}, s.actions());
  }

  @Test
  void zapFreezesNearbyAgents() {
    Harvest env = new Harvest(2, 100);
    env.reset(0);
    env.placeAgent(0, 3, 0);
    env.placeAgent(1, 3, 2);
    env.step(new int[] {5, 0});
    assertTrue(env.isFrozen(1));
    assertFalse(env.isFrozen(0));
    MultiStep<float[]> s = env.step(new int[] {0, 2}); // frozen: the move is ignored
    float[] obs1 = s.observations().get(1);
    assertEquals(1f, obs1[obs1.length - 1], "agent 1 sees that it is frozen");
    for (int i = 0; i < Harvest.FREEZE_STEPS; i++) {
      env.step(STAY);
    }
    assertFalse(env.isFrozen(1));
  }

  @Test
  void endsByTruncationOnlyAndPassesTheContractSuite() {
    Harvest env = new Harvest(3, 10);
    env.reset(1);
    MultiStep<float[]> s = null;
    for (int i = 0; i < 10; i++) {
      s = env.step(new int[] {1, 2, 3});
    }
    assertTrue(s.done());
    assertFalse(s.terminated()[0]);
    for (int n = 2; n <= 4; n++) {
      int agents = n;
      EnvChecker.checkMulti(() -> new Harvest(agents, 50)).assertPassed();
    }
  }
}
