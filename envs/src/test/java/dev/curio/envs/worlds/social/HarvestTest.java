package dev.curio.envs.worlds.social;

import static dev.curio.envs.worlds.social.Harvest.DOWN;
import static dev.curio.envs.worlds.social.Harvest.LEFT;
import static dev.curio.envs.worlds.social.Harvest.RIGHT;
import static dev.curio.envs.worlds.social.Harvest.STAY;
import static dev.curio.envs.worlds.social.Harvest.UP;
import static dev.curio.envs.worlds.social.Harvest.ZAP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import dev.curio.envs.registry.MultiWorldEntry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarvestTest {

  private static String map(String... rows) {
    return String.join("\n", rows);
  }

  /** A config on {@code layout} for {@code n} agents: view radius 1, regrowth radius {@code radius}. */
  private static HarvestConfig config(String layout, int n, int radius, double... probabilities) {
    return HarvestConfig.builder(n).layout(layout).viewRadius(1).freezeSteps(3).regrowthRadius(radius)
        .regrowthProbabilities(probabilities).build();
  }

  private static MultiStep<float[]> step(Harvest env, int... actions) {
    return env.step(actions);
  }

  @Test
  void passesTheContractSuite() {
    EnvChecker.checkMulti(() -> new Harvest(2)).assertPassed();
    EnvChecker.checkMulti(() -> new Harvest(4)).assertPassed();
  }

  @Test
  void spacesAreAsDocumented() {
    Harvest env = new Harvest(4);
    var spec = env.spec();
    assertEquals("social:harvest-4", spec.id());
    assertEquals(4, spec.numAgents());
    assertEquals(1000, spec.maxEpisodeSteps());
    int expected = 7 * 7 * 4 + 4 + 1 + 3 * 6;
    for (int i = 0; i < 4; i++) {
      assertEquals(6, spec.actionSpace(i).n());
      assertArrayEquals(new int[] {expected}, spec.observationSpace(i).shape());
    }
    assertEquals(37, env.reset(0).info().require(Harvest.APPLES));
    assertEquals(26, new Harvest(2).reset(0).info().require(Harvest.APPLES));
  }

  @Test
  void viewSquareShowsWallsApplesAndFacing() {
    Harvest env = new Harvest(config(map(
        "@@@@@",
        "@PA @",
        "@@@@@"), 1, 2, 0, 1));
    env.reset(0);
    float[] o = step(env, UP).observations().get(0); // bumps the wall: faces up, stays at (1, 1)
    assertArrayEquals(new int[] {1, 1}, env.position(0));
    float[] expected = new float[3 * 3 * 4 + 5];
    for (int k = 0; k < 9; k++) {
      boolean isWall = k != 4 && k != 5; // centre (1, 1) is floor, (1, 2) holds the apple
      if (isWall) {
        expected[k * 4 + Harvest.WALL] = 1f;
      }
    }
    expected[5 * 4 + Harvest.APPLE] = 1f;
    expected[36 + UP] = 1f;
    assertArrayEquals(expected, o);
  }

  @Test
  void collectingAnAppleGivesOne() {
    Harvest env = new Harvest(config(map(
        "@@@@@@@",
        "@PA A @",
        "@     @",
        "@@@@@@@"), 1, 2, HarvestConfig.SSD_REGROWTH));
    env.reset(0);
    MultiStep<float[]> s = step(env, RIGHT);
    assertArrayEquals(new double[] {1}, s.rewards());
    assertEquals(1, s.info().require(Harvest.APPLES));
    assertFalse(env.hasApple(1, 2));
    s = step(env, RIGHT); // onto the empty floor at (1, 3)
    assertArrayEquals(new double[] {0}, s.rewards());
    s = step(env, RIGHT); // the second apple
    assertArrayEquals(new double[] {1}, s.rewards());
    assertEquals(0, env.appleCount());
  }

  @Test
  void anIsolatedAppleNeverRegrows() {
    // (1, 2) and (1, 5) are three columns apart, outside each other's radius-2 square.
    String layout = map(
        "@@@@@@@@@@",
        "@PA  A   @",
        "@        @",
        "@@@@@@@@@@");
    for (double[] p : new double[][] {{0, 1}, HarvestConfig.SSD_REGROWTH}) {
      Harvest env = new Harvest(config(layout, 1, 2, p));
      env.reset(0);
      step(env, RIGHT);
      step(env, DOWN);
      for (int t = 0; t < 300; t++) {
        step(env, STAY);
        assertFalse(env.hasApple(1, 2), "regrew at step " + t + " with p = " + Arrays.toString(p));
      }
      assertTrue(env.hasApple(1, 5));
    }
  }

  @Test
  void anAppleNextToAnotherRegrowsOnceTheCellIsFree() {
    Harvest env = new Harvest(config(map(
        "@@@@@@@@@@",
        "@PAA     @",
        "@        @",
        "@@@@@@@@@@"), 1, 2, 0, 1));
    env.reset(0);
    step(env, RIGHT);
    assertFalse(env.hasApple(1, 2), "the agent stands there, nothing grows under it");
    MultiStep<float[]> s = step(env, DOWN);
    assertTrue(env.hasApple(1, 2), "one apple within radius 2 and p[1] = 1");
    assertEquals(2, s.info().require(Harvest.APPLES));
    assertArrayEquals(new double[] {0}, s.rewards());
  }

  @Test
  void regrowthChanceDependsOnTheNumberOfNearbyApples() {
    // p = [0, 0, 1]: two nearby apples are needed.
    double[] p = {0, 0, 1};
    Harvest one = new Harvest(config(map(
        "@@@@@@@@@@",
        "@PAA A   @",
        "@        @",
        "@@@@@@@@@@"), 1, 2, p));
    one.reset(0);
    step(one, RIGHT);
    for (int t = 0; t < 20; t++) {
      step(one, t == 0 ? DOWN : STAY);
      assertFalse(one.hasApple(1, 2), "only (1, 3) is within two cells");
    }
    Harvest two = new Harvest(config(map(
        "@@@@@@@@@@",
        "@PAAA    @",
        "@        @",
        "@@@@@@@@@@"), 1, 2, p));
    two.reset(0);
    step(two, RIGHT);
    step(two, DOWN);
    assertTrue(two.hasApple(1, 2), "(1, 3) and (1, 4) are within two cells");
  }

  @Test
  void regrowthCountsApplesAsTheyWereBeforeThisStep() {
    // Radius 1: (1, 3) sees only (1, 2); (1, 2) sees (1, 1) and (1, 3).
    Harvest env = new Harvest(config(map(
        "@@@@@@",
        "@AAAP@",
        "@    @",
        "@@@@@@"), 1, 1, 0, 1));
    env.reset(0);
    step(env, LEFT); // eats (1, 3)
    step(env, LEFT); // eats (1, 2); (1, 3) stays bare: its only neighbour was just eaten
    assertFalse(env.hasApple(1, 3));
    step(env, DOWN); // leaves (1, 2), which regrows next to (1, 1)
    assertTrue(env.hasApple(1, 2));
    assertFalse(env.hasApple(1, 3), "(1, 2) was empty when this step's regrowth was decided");
    step(env, STAY);
    assertTrue(env.hasApple(1, 3));
  }

  /** Two agents on one row; returns {left agent, right agent}. */
  private static int[] leftAndRight(Harvest env) {
    int left = env.position(0)[1] < env.position(1)[1] ? 0 : 1;
    return new int[] {left, 1 - left};
  }

  @Test
  void aZapFreezesTheAgentItHitsForFreezeSteps() {
    Harvest env = new Harvest(HarvestConfig.builder(2).layout(map(
        "@@@@@@@@",
        "@P   P @",
        "@@@@@@@@")).maxEpisodeSteps(100).freezeSteps(3).zapCost(1.0).hitPenalty(2.0)
        .regrowthProbabilities(new double[] {0}).build());
    env.reset(4);
    int[] lr = leftAndRight(env);
    int a = lr[0];
    int b = lr[1];
    int[] act = new int[2];
    act[a] = RIGHT;
    act[b] = STAY;
    step(env, act); // a now at (1, 2), facing right
    act[a] = ZAP;
    MultiStep<float[]> s = step(env, act);
    assertEquals(-1.0, s.rewards()[a], "zap cost");
    assertEquals(-2.0, s.rewards()[b], "hit penalty");
    assertEquals(3, env.frozenSteps(b));
    assertTrue(env.render().contains("@ " + a + "**" + b + " @"), env.render());
    float[] seenByA = s.observations().get(a);
    // b is three cells to a's right: view row 3, column 6 of the 7 x 7 square
    int cell = (3 * 7 + 6) * 4;
    assertEquals(1f, seenByA[cell + Harvest.FROZEN_AGENT]);
    assertEquals(0f, seenByA[cell + Harvest.AGENT]);
    assertEquals(1f, s.observations().get(b)[env.viewSize() + 4], "b knows it is frozen");

    act[a] = STAY;
    act[b] = LEFT;
    for (int t = 0; t < 3; t++) {
      s = step(env, act);
      assertArrayEquals(new int[] {1, 5}, env.position(b), "frozen step " + (t + 1));
      assertArrayEquals(act, s.actions(), "the submitted joint action is reported");
    }
    assertEquals(0, env.frozenSteps(b));
    assertEquals(0f, s.observations().get(b)[env.viewSize() + 4]);
    assertEquals(1f, s.observations().get(a)[cell + Harvest.AGENT]);
    step(env, act);
    assertArrayEquals(new int[] {1, 4}, env.position(b), "thawed");
  }

  /** The step info's frozen flags: the steps whose action a beam made the world ignore, not the step of the hit. */
  @Test
  void eachStepReportsWhichAgentsWereFrozen() {
    Harvest env = new Harvest(HarvestConfig.builder(2).layout(map(
        "@@@@@@@@",
        "@P   P @",
        "@@@@@@@@")).maxEpisodeSteps(100).freezeSteps(3).regrowthProbabilities(new double[] {0}).build());
    assertTrue(env.reportsFrozen());
    assertFalse(env.reset(4).info().has(MultiAgentEnv.FROZEN), "no step, nothing frozen to report");
    int[] lr = leftAndRight(env);
    int a = lr[0];
    int b = lr[1];
    int[] act = new int[2];
    act[a] = RIGHT;
    act[b] = STAY;
    assertArrayEquals(new boolean[2], step(env, act).info().require(MultiAgentEnv.FROZEN));
    act[a] = ZAP;
    MultiStep<float[]> s = step(env, act);
    assertArrayEquals(new boolean[2], s.info().require(MultiAgentEnv.FROZEN), "hit at this step, but it acted in it");
    assertEquals(3, env.frozenSteps(b));
    act[a] = STAY;
    act[b] = LEFT;
    boolean[] bFrozen = new boolean[2];
    bFrozen[b] = true;
    for (int t = 0; t < 3; t++) {
      s = step(env, act);
      assertArrayEquals(bFrozen, s.info().require(MultiAgentEnv.FROZEN), "frozen step " + (t + 1));
      assertEquals(s.info().require(Harvest.APPLES), env.appleCount(), "the apple count is still there");
    }
    assertArrayEquals(new boolean[2], step(env, act).info().require(MultiAgentEnv.FROZEN), "thawed");
  }

  /** The agent standing at {@code (row, col)}. */
  private static int agentAt(Harvest env, int row, int col) {
    for (int i = 0; i < env.spec().numAgents(); i++) {
      if (env.position(i)[0] == row && env.position(i)[1] == col) {
        return i;
      }
    }
    throw new AssertionError("no agent at (" + row + ", " + col + ")\n" + env.render());
  }

  /** {@code visible[k * n + j]} for the named pairs, true on the diagonal. */
  private static boolean[] visibleFrom(int n, int[][] pairs) {
    boolean[] v = new boolean[n * n];
    for (int k = 0; k < n; k++) {
      v[k * n + k] = true;
    }
    for (int[] p : pairs) {
      v[p[0] * n + p[1]] = true;
    }
    return v;
  }

  /**
   * View radius 2: a at (1, 1) sees b at (2, 3), one row down and two columns right, on the edge of
   * its 5 x 5 square, but not c at (2, 5), four columns away; b sees both. Then a and c step towards
   * each other and c stands on the edge of a's square.
   */
  @Test
  void anAgentIsVisibleExactlyInsideTheViewSquareEdgeIncluded() {
    Harvest env = new Harvest(HarvestConfig.builder(3).layout(map(
        "@@@@@@@@@",
        "@P      @",
        "@  P P  @",
        "@       @",
        "@@@@@@@@@")).viewRadius(2).maxEpisodeSteps(100).regrowthProbabilities(new double[] {0}).build());
    assertTrue(env.reportsVisibility());
    MultiReset<float[]> r = env.reset(2);
    int a = agentAt(env, 1, 1);
    int b = agentAt(env, 2, 3);
    int c = agentAt(env, 2, 5);
    boolean[] atReset = visibleFrom(3, new int[][] {{a, b}, {b, a}, {b, c}, {c, b}});
    assertArrayEquals(atReset, r.info().require(MultiAgentEnv.VISIBLE), "reset info");
    int[] act = new int[3];
    act[a] = STAY;
    act[b] = STAY;
    act[c] = LEFT; // to (2, 4): three columns from a, still outside
    MultiStep<float[]> s = step(env, act);
    assertArrayEquals(new int[] {2, 4}, env.position(c));
    assertArrayEquals(atReset, s.info().require(MultiAgentEnv.VISIBLE), "one column short of a's edge");
    act[a] = RIGHT; // to (1, 2): c is now two columns and one row away
    act[c] = STAY;
    s = step(env, act);
    assertArrayEquals(new int[] {1, 2}, env.position(a));
    boolean[] all = new boolean[9];
    Arrays.fill(all, true);
    assertArrayEquals(all, s.info().require(MultiAgentEnv.VISIBLE), "step info, c on the edge of a's square");
    assertNotSame(s.info().require(MultiAgentEnv.VISIBLE), env.step(act).info().require(MultiAgentEnv.VISIBLE),
        "a fresh array per step");
  }

  /**
   * Over random play of the default four-agent game (zaps and frozen agents included), j is visible to k
   * exactly when k's observation draws j: an agent, active or frozen, at j's place in k's view square.
   */
  @Test
  void visibilityIsWhatTheObservationShows() {
    Harvest env = new Harvest(4);
    int radius = env.config().viewRadius();
    int window = 2 * radius + 1;
    MultiReset<float[]> r = env.reset(5);
    checkVisibility(env, r.observations(), r.info().require(MultiAgentEnv.VISIBLE), radius, window, "reset");
    Rng rng = new Rng(7);
    int frozenSeen = 0;
    int hidden = 0;
    for (int t = 0; t < 400; t++) {
      int[] act = new int[4];
      for (int i = 0; i < 4; i++) {
        act[i] = rng.nextInt(6);
      }
      MultiStep<float[]> s = env.step(act);
      boolean[] visible = s.info().require(MultiAgentEnv.VISIBLE);
      checkVisibility(env, s.observations(), visible, radius, window, "step " + (t + 1));
      for (int k = 0; k < 4; k++) {
        for (int j = 0; j < 4; j++) {
          if (j != k && visible[k * 4 + j] && env.frozenSteps(j) > 0) {
            frozenSeen++;
          }
          if (!visible[k * 4 + j]) {
            hidden++;
          }
        }
      }
    }
    assertTrue(frozenSeen > 0, "random play should show a frozen agent to another at least once");
    assertTrue(hidden > 0, "random play should take some agent out of another's view at least once");
  }

  private static void checkVisibility(Harvest env, List<float[]> obs, boolean[] visible, int radius, int window,
                                      String when) {
    int n = env.spec().numAgents();
    assertEquals(n * n, visible.length);
    for (int k = 0; k < n; k++) {
      int[] pk = env.position(k);
      int drawn = 0;
      for (int cell = 0; cell < window * window; cell++) {
        drawn += (int) (obs.get(k)[cell * 4 + Harvest.AGENT] + obs.get(k)[cell * 4 + Harvest.FROZEN_AGENT]);
      }
      int counted = 0;
      for (int j = 0; j < n; j++) {
        if (j == k) {
          assertTrue(visible[k * n + k], when + ": agent " + k + " sees itself");
          continue;
        }
        int[] pj = env.position(j);
        int dr = pj[0] - pk[0];
        int dc = pj[1] - pk[1];
        boolean inside = Math.abs(dr) <= radius && Math.abs(dc) <= radius;
        assertEquals(inside, visible[k * n + j], when + ": " + j + " to " + k);
        if (inside) {
          counted++;
          int cell = ((dr + radius) * window + dc + radius) * 4;
          int channel = env.frozenSteps(j) > 0 ? Harvest.FROZEN_AGENT : Harvest.AGENT;
          assertEquals(1f, obs.get(k)[cell + channel], when + ": " + k + " draws " + j);
        }
      }
      assertEquals(counted, drawn, when + ": agents drawn in " + k + "'s view square");
    }
  }

  @Test
  void theBeamStopsAtTheFirstAgentAndAtWalls() {
    Harvest env = new Harvest(HarvestConfig.builder(3).layout(map(
        "@@@@@@@@",
        "@P P P @",
        "@@@@@@@@")).maxEpisodeSteps(100).freezeSteps(10).regrowthProbabilities(new double[] {0}).build());
    env.reset(1);
    int[] byColumn = new int[8];
    for (int i = 0; i < 3; i++) {
      byColumn[env.position(i)[1]] = i;
    }
    int x = byColumn[1];
    int y = byColumn[3];
    int z = byColumn[5];
    int[] act = new int[3];
    Arrays.fill(act, STAY);
    act[x] = RIGHT;
    step(env, act);
    act[x] = ZAP;
    act[z] = RIGHT; // z faces the wall at column 7 after this step
    step(env, act);
    assertEquals(10, env.frozenSteps(y));
    assertEquals(0, env.frozenSteps(z), "behind y");
    Arrays.fill(act, STAY);
    act[z] = ZAP; // z at (1, 6) faces right: the wall stops the beam at once
    step(env, act);
    assertEquals(0, env.frozenSteps(x));
    assertEquals(9, env.frozenSteps(y), "counting down, not hit again");
  }

  @Test
  void movesNeverOverlapAndTheOthersLastActionsAreObserved() {
    Harvest env = new Harvest(4);
    MultiReset<float[]> r = env.reset(9);
    for (float[] o : r.observations()) {
      for (int k = env.viewSize() + 5; k < o.length; k++) {
        assertEquals(0f, o[k], "no last actions at reset");
      }
    }
    Rng rng = new Rng(3);
    for (int t = 0; t < 500; t++) {
      int[] act = new int[4];
      for (int i = 0; i < 4; i++) {
        act[i] = rng.nextInt(6);
      }
      MultiStep<float[]> s = env.step(act.clone());
      assertArrayEquals(act, s.actions());
      for (int i = 0; i < 4; i++) {
        float[] o = s.observations().get(i);
        assertTrue(env.spec().observationSpace(i).contains(o), "agent " + i + " at step " + t);
        for (int j = 0; j < 4; j++) {
          if (j == i) {
            continue;
          }
          int off = env.lastActionOffset(i, j);
          for (int a = 0; a < 6; a++) {
            assertEquals(a == act[j] ? 1f : 0f, o[off + a], "agent " + i + " sees " + j + "'s action, step " + t);
          }
        }
        for (int j = i + 1; j < 4; j++) {
          assertFalse(Arrays.equals(env.position(i), env.position(j)), "agents " + i + " and " + j + " share a cell");
        }
      }
    }
    assertEquals(env.viewSize() + 5 + 6 * 3, env.spec().observationSpace(0).flatDim());
    assertThrows(IllegalArgumentException.class, () -> env.lastActionOffset(2, 2));
  }

  @Test
  void runsAFixedLengthAndIsNeverTerminated() {
    Harvest env = new Harvest(HarvestConfig.defaults(2).withMaxEpisodeSteps(50));
    env.reset(0);
    Rng rng = new Rng(0);
    for (int t = 1; t <= 50; t++) {
      MultiStep<float[]> s = env.step(new int[] {rng.nextInt(6), rng.nextInt(6)});
      assertArrayEquals(new boolean[] {false, false}, s.terminated());
      assertArrayEquals(new boolean[] {t == 50, t == 50}, s.truncated(), "step " + t);
    }
    assertThrows(IllegalStateException.class, () -> env.step(new int[] {0, 0}));
  }

  @Test
  void sameSeedSameGameDifferentSeedDifferentStart() {
    List<String> starts = new java.util.ArrayList<>();
    for (long seed = 0; seed < 10; seed++) {
      Harvest a = new Harvest(4);
      Harvest b = new Harvest(4);
      a.reset(seed);
      b.reset(seed);
      starts.add(a.render());
      Rng rng = new Rng(seed);
      for (int t = 0; t < 300; t++) {
        int[] act = {rng.nextInt(6), rng.nextInt(6), rng.nextInt(6), rng.nextInt(6)};
        MultiStep<float[]> sa = a.step(act);
        MultiStep<float[]> sb = b.step(act);
        assertArrayEquals(sa.rewards(), sb.rewards());
        for (int i = 0; i < 4; i++) {
          assertArrayEquals(sa.observations().get(i), sb.observations().get(i), "seed " + seed + " step " + t);
        }
      }
      assertEquals(a.render(), b.render());
    }
    assertTrue(starts.stream().distinct().count() > 1, "every seed gave the same start");
  }

  @Test
  void greedyHarvestingEmptiesTheOrchard() {
    // Over time, random play with the SSD regrowth keeps fewer apples than the orchard started with.
    Harvest env = new Harvest(2);
    int start = env.reset(0).info().require(Harvest.APPLES);
    Rng rng = new Rng(1);
    MultiStep<float[]> s = null;
    double collected = 0;
    for (int t = 0; t < 1000; t++) {
      s = env.step(new int[] {rng.nextInt(6), rng.nextInt(6)});
      collected += s.rewards()[0] + s.rewards()[1];
    }
    assertTrue(collected > 0);
    assertTrue(s.info().require(Harvest.APPLES) <= start);
    assertTrue(s.done());
  }

  @Test
  void rendersTheMap() {
    Harvest env = new Harvest(2);
    env.reset(0);
    String[] lines = env.render().split("\n");
    assertEquals(9, lines.length);
    assertEquals("@@@@@@@@@@@@@@@@", lines[0]);
    assertTrue(lines[8].startsWith("step 0, apples 26 |"), lines[8]);
    String grid = String.join("\n", Arrays.copyOf(lines, 8));
    assertEquals(1, grid.chars().filter(c -> c == '0').count(), grid);
    assertEquals(1, grid.chars().filter(c -> c == '1').count(), grid);
  }

  @Test
  void badLayoutsNameTheProblemAndPlace() {
    var ragged = assertThrows(IllegalArgumentException.class,
        () -> new Harvest(config(map("@@@@", "@P@", "@@@@"), 1, 2, 0)));
    assertTrue(ragged.getMessage().contains("row 2 has 3 characters, expected 4"), ragged.getMessage());
    var unknown = assertThrows(IllegalArgumentException.class,
        () -> new Harvest(config(map("@@@@", "@Px@", "@@@@"), 1, 2, 0)));
    assertTrue(unknown.getMessage().contains("'x' at row 2, column 3"), unknown.getMessage());
    var spawns = assertThrows(IllegalArgumentException.class,
        () -> new Harvest(config(map("@@@@", "@PA@", "@@@@"), 2, 2, 0)));
    assertTrue(spawns.getMessage().contains("1 agent spawn points (P) for 2 agents"), spawns.getMessage());
  }

  @Test
  void badSettingsNameTheField() {
    var view = assertThrows(IllegalArgumentException.class,
        () -> HarvestConfig.builder(2).viewRadius(0).build());
    assertTrue(view.getMessage().contains("viewRadius"), view.getMessage());
    var prob = assertThrows(IllegalArgumentException.class,
        () -> HarvestConfig.defaults(2).withRegrowthProbabilities(0, 1.5));
    assertTrue(prob.getMessage().contains("regrowthProbabilities[1]"), prob.getMessage());
    var agents = assertThrows(IllegalArgumentException.class, () -> HarvestConfig.defaults(0));
    assertTrue(agents.getMessage().contains("numAgents"), agents.getMessage());
  }

  @Test
  void entriesMakeTheirWorlds() {
    List<String> ids = SocialWorlds.multiEntries().stream().map(MultiWorldEntry::id).toList();
    assertEquals(List.of("social:speaker-listener", "social:harvest-2", "social:harvest-3", "social:harvest-4",
        "social:rendezvous-7"), ids);
    for (MultiWorldEntry e : SocialWorlds.multiEntries()) {
      assertEquals(e.id(), e.factory().get().spec().id());
    }
  }
}
