package dev.curio.envs.multi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.vector.VectorEnvState;
import dev.curio.envs.vector.VectorStep;
import dev.curio.envs.wrappers.EpisodeStats;
import dev.curio.envs.wrappers.RecordEpisodeStatistics;
import dev.curio.core.Rng;
import dev.curio.envs.worlds.social.Harvest;
import dev.curio.envs.worlds.social.HarvestConfig;
import dev.curio.envs.worlds.social.Rendezvous;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MultiAgentVectorEnvTest {
  /**
   * Two agents; each sees [its step count, its running sum of actions]; reward = its action; agent 1
   * terminates after 2 steps, agent 0 after 3 (the episode ends at 3). The start count is the seed's parity.
   */
  static class Counting extends AbstractMultiAgentEnv<float[]> {
    final MultiAgentSpec<float[]> spec = new MultiAgentSpec<>("counting", List.of(new Box(0, 10, 2), new Box(0, 10, 2)),
        List.of(new Discrete(2), new Discrete(2)), 0);
    int steps;
    float[] sums = new float[2];
    int start;

    @Override
    public MultiAgentSpec<float[]> spec() {
      return spec;
    }

    @Override
    protected MultiReset<float[]> onReset() {
      steps = 0;
      sums = new float[2];
      start = rng.nextInt(2);
      return new MultiReset<>(List.of(obs(0), obs(1)), Info.empty());
    }

    float[] obs(int m) {
      return new float[] {start + steps, sums[m]};
    }

    @Override
    protected MultiStep<float[]> onStep(int[] a) {
      steps++;
      double[] r = new double[2];
      for (int m = 0; m < 2; m++) {
        boolean active = steps <= (m == 0 ? 3 : 2);
        if (active) {
          sums[m] += a[m];
          r[m] = a[m];
        }
      }
      return new MultiStep<>(List.of(obs(0), obs(1)), r, new boolean[] {steps >= 3, steps >= 2},
          new boolean[2], a, Info.empty());
    }
  }

  /** Counting that freezes agent 1 at its odd steps, and says so only when {@code reports} (a world may lie). */
  static class Freezing extends Counting {
    final boolean reports;
    final boolean sets;

    Freezing(boolean reports, boolean sets) {
      this.reports = reports;
      this.sets = sets;
    }

    @Override
    public boolean reportsFrozen() {
      return reports;
    }

    @Override
    protected MultiStep<float[]> onStep(int[] a) {
      MultiStep<float[]> s = super.onStep(a);
      Info info = sets ? s.info().with(FROZEN, new boolean[] {false, steps % 2 == 1}) : s.info();
      return new MultiStep<>(s.observations(), s.rewards(), s.terminated(), s.truncated(), s.actions(), info);
    }
  }

  /**
   * Counting that reports visibility: agent 1 always sees agent 0; agent 0 sees agent 1 while agent 0's
   * sum of actions (its observation's second value) is 0. {@code bad} makes it break the contract:
   * "reset" leaves the reset's entry out, "step" the steps', "length" gives steps one entry too few.
   */
  static class Seeing extends Counting {
    final String bad;

    Seeing(String bad) {
      this.bad = bad;
    }

    @Override
    public boolean reportsVisibility() {
      return true;
    }

    boolean[] visible() {
      return new boolean[] {true, sums[0] == 0, true, true};
    }

    @Override
    protected MultiReset<float[]> onReset() {
      MultiReset<float[]> r = super.onReset();
      return bad.equals("reset") ? r : new MultiReset<>(r.observations(), r.info().with(VISIBLE, visible()));
    }

    @Override
    protected MultiStep<float[]> onStep(int[] a) {
      MultiStep<float[]> s = super.onStep(a);
      Info info = switch (bad) {
        case "step" -> s.info();
        case "length" -> s.info().with(VISIBLE, new boolean[3]);
        default -> s.info().with(VISIBLE, visible());
      };
      return new MultiStep<>(s.observations(), s.rewards(), s.terminated(), s.truncated(), s.actions(), info);
    }
  }

  /** What {@link Seeing} reports for the observations {@code obs} (columns of width {@code dim}) hold. */
  private static float[] seeingExpected(float[] obs, int dim, int copies) {
    float[] v = new float[copies * 2 * 2];
    for (int e = 0; e < copies; e++) {
      float sum = obs[(e * 2) * dim + 1]; // agent 0's sum of actions
      float[] rows = {1f, sum == 0f ? 1f : 0f, 1f, 1f};
      System.arraycopy(rows, 0, v, e * 4, 4);
    }
    return v;
  }

  @Test
  void visibilityFollowsTheObservationsHeldIncludingAnAutoreset() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(2, () -> new Seeing(""), true, 0)) {
      assertTrue(v.reportsVisibility());
      assertThrows(IllegalStateException.class, v::visibility, "nothing to see before reset");
      float[] obs = v.reset(4);
      assertEquals(2 * 2 * 2, v.visibility().length, "[numEnvs() * M], numEnvs() = 2 copies x 2 agents");
      assertArrayEquals(seeingExpected(obs, 4, 2), v.visibility(), "after reset");
      // copy 0's agent 0 plays 1, so it stops seeing agent 1 at step 1 until its episode ends at step 3;
      // copy 1's agent 0 plays 0 and always sees it
      float[] hidden = {1f, 0f, 1f, 1f, 1f, 1f, 1f, 1f};
      float[] open = {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
      for (int t = 1; t <= 7; t++) {
        VectorStep s = v.step(new Integer[] {1, 0, 0, 1});
        float[] seen = v.visibility();
        assertArrayEquals(seeingExpected(s.observations(), 4, 2), seen, "after step " + t);
        assertArrayEquals(t % 3 == 0 ? open : hidden, seen, "row c = env * 2 + k, entry j; step " + t);
        if (t % 3 == 0) {
          assertTrue(s.done(0), "step " + t);
          // the final observation hid agent 1 from agent 0; the reset one, which the vector env holds, does not
          assertEquals(0f, seeingExpected(s.nextObservations(), 4, 2)[1], "step " + t);
        }
      }
      v.visibility()[0] = 0f;
      assertEquals(1f, v.visibility()[0], "a copy");
    }
  }

  @Test
  void aRestoredVectorEnvSeesWhatTheUninterruptedOneSees() {
    Supplier<Harvest> world = () -> new Harvest(HarvestConfig.defaults(3).withMaxEpisodeSteps(20));
    try (MultiAgentVectorEnv a = MultiAgentVectorEnv.of(2, world, true, 0);
         MultiAgentVectorEnv b = MultiAgentVectorEnv.of(2, world, true, 0)) {
      assertTrue(a.reportsVisibility());
      a.reset(11);
      Rng rng = new Rng(5);
      int hidden = 0;
      for (int t = 0; t < 67; t++) { // three autoresets, then 7 steps into the fourth episode
        a.step(randomActions(rng, 6));
      }
      b.reset(3);
      b.restore(a.snapshot());
      assertArrayEquals(a.visibility(), b.visibility(), "right after the restore");
      for (int t = 0; t < 30; t++) {
        Integer[] act = randomActions(rng, 6);
        a.step(act);
        b.step(act);
        assertArrayEquals(a.visibility(), b.visibility(), "step " + t + " after the restore");
        for (float x : a.visibility()) {
          hidden += x == 0f ? 1 : 0;
        }
      }
      assertTrue(hidden > 0, "the comparison should include agents out of each other's view");
    }
  }

  private static Integer[] randomActions(Rng rng, int columns) {
    Integer[] act = new Integer[columns];
    for (int c = 0; c < columns; c++) {
      act[c] = rng.nextInt(Harvest.NUM_ACTIONS);
    }
    return act;
  }

  @Test
  void aWorldThatDoesNotReportVisibilityShowsEveryoneToEveryone() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(3, Rendezvous::new, true, 0)) {
      assertFalse(v.reportsVisibility());
      float[] all = new float[3 * 2 * 2];
      Arrays.fill(all, 1f);
      v.reset(0);
      assertArrayEquals(all, v.visibility());
      for (int t = 0; t < 40; t++) { // past the 30-step limit, so every copy is reset once
        v.step(new Integer[] {0, 2, 1, 1, 2, 0});
        assertArrayEquals(all, v.visibility(), "step " + t);
      }
    }
  }

  @Test
  void aWorldThatBreaksItsVisibilityContractIsNamedInOneLine() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(2, () -> new Seeing("reset"), false, 0)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.reset(0));
      assertEquals("counting (copy 0): the reset info has no 'visible' entry, but reportsVisibility() is true",
          e.getMessage());
    }
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(2, () -> new Seeing("step"), false, 0)) {
      v.reset(0);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.step(new Integer[] {0, 0, 0, 0}));
      assertEquals("counting (copy 0): the step info has no 'visible' entry, but reportsVisibility() is true",
          e.getMessage());
    }
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(2, () -> new Seeing("length"), false, 0)) {
      v.reset(0);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.step(new Integer[] {0, 0, 0, 0}));
      assertEquals("counting (copy 0): the step info's 'visible' has 3 entries, needs 4 (2 x 2 agents)", e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void theCheckerRefusesAWorldThatClaimsVisibilityItDoesNotSet() {
    assertTrue(dev.curio.envs.check.EnvChecker.checkMulti(() -> new Seeing("")).passed());
    var reset = dev.curio.envs.check.EnvChecker.checkMulti(() -> new Seeing("reset"));
    assertFalse(reset.passed());
    assertTrue(reset.toString().contains("the reset of episode 0 has no visibility, but reportsVisibility() is true"),
        reset.toString());
    var length = dev.curio.envs.check.EnvChecker.checkMulti(() -> new Seeing("length"));
    assertTrue(length.toString().contains("step 1 of episode 0 has 3 visibility entries for 2 x 2 agents, but"
        + " reportsVisibility() is true"), length.toString());
  }

  @Test
  void everyColumnCarriesItsCopysFrozenFlags() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(2, () -> new Freezing(true, true), false, 0)) {
      assertTrue(v.reportsFrozen());
      v.reset(1);
      for (int t = 1; t <= 3; t++) {
        VectorStep s = v.step(new Integer[] {1, 0, 0, 1});
        for (int c = 0; c < 4; c++) {
          assertArrayEquals(new boolean[] {false, t % 2 == 1}, s.infos()[c].require(MultiAgentEnv.FROZEN),
              "column " + c + " at step " + t);
        }
      }
    }
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(1, Counting::new, false, 0)) {
      assertFalse(v.reportsFrozen(), "the default");
    }
  }

  @Test
  void theCheckerRefusesAWorldThatClaimsFrozenFlagsItDoesNotSet() {
    assertTrue(dev.curio.envs.check.EnvChecker.checkMulti(() -> new Freezing(true, true)).passed());
    var report = dev.curio.envs.check.EnvChecker.checkMulti(() -> new Freezing(true, false));
    assertFalse(report.passed());
    assertTrue(report.toString().contains("step 1 of episode 0 has no frozen flags, but reportsFrozen() is true"),
        report.toString());
  }

  @Test
  void columnsAreAgentsOfCopiesWithTheAgentIdAppended() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(2, Counting::new, true, 0)) {
      assertEquals(4, v.numEnvs());
      assertEquals(2, v.numAgents());
      assertEquals(4, v.observationDim());
      float[] obs = v.reset(5);
      // column 1 is agent 1 of copy 0: its id one-hot is [0, 1]
      assertEquals(0f, obs[1 * 4 + 2]);
      assertEquals(1f, obs[1 * 4 + 3]);
      assertEquals(1f, obs[2 * 4 + 2], "column 2 is agent 0 of copy 1");
      assertTrue(v.spec().observationSpace() instanceof Box b && b.size() == 4);
    }
  }

  @Test
  void anEpisodeEndsForEveryAgentOfACopyAtOnceWithEachAgentsReturn() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(1, Counting::new, false, 0)) {
      v.reset(1);
      v.step(new Integer[] {1, 1});
      VectorStep s = v.step(new Integer[] {1, 1});
      assertFalse(s.done(0) || s.done(1), "agent 1 finished, but the episode goes on until all have");
      s = v.step(new Integer[] {1, 1});
      assertTrue(s.terminated()[0] && s.terminated()[1]);
      EpisodeStats a0 = s.infos()[0].get(RecordEpisodeStatistics.EPISODE).orElseThrow();
      EpisodeStats a1 = s.infos()[1].get(RecordEpisodeStatistics.EPISODE).orElseThrow();
      assertEquals(3.0, a0.episodeReturn());
      assertEquals(2.0, a1.episodeReturn(), "agent 1's steps after it finished pay nothing");
      assertEquals(3, a0.length());
      // the final observation is kept apart from the reset one
      assertEquals(3.0f, s.nextObservations()[1], "agent 0's sum at the end");
      assertEquals(0.0f, s.observations()[1], "the new episode's first observation");
    }
  }

  @Test
  void aTimeLimitTruncatesEveryAgent() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(1, Counting::new, false, 2)) {
      v.reset(1);
      v.step(new Integer[] {0, 0});
      VectorStep s = v.step(new Integer[] {0, 0});
      assertTrue(s.truncated()[0], "agent 0 had not finished: truncated");
      assertTrue(s.terminated()[1], "agent 1 finished on its own at step 2");
      assertEquals(2, v.spec().maxEpisodeSteps());
    }
  }

  @Test
  void aSnapshotReplaysEachCopysJointActions() {
    try (MultiAgentVectorEnv a = MultiAgentVectorEnv.of(2, Counting::new, true, 0);
         MultiAgentVectorEnv b = MultiAgentVectorEnv.of(2, Counting::new, true, 0)) {
      a.reset(3);
      a.step(new Integer[] {1, 0, 0, 1});
      a.step(new Integer[] {1, 1, 0, 1});
      a.step(new Integer[] {0, 0, 1, 1});
      a.step(new Integer[] {1, 0, 1, 0}); // mid-episode again after the autoreset
      VectorEnvState<Object> st = a.snapshot();
      b.reset(99);
      float[] restored = b.restore(st);
      VectorStep sa = a.step(new Integer[] {1, 1, 1, 1});
      float[] before = sa.observations();
      VectorStep sb = b.step(new Integer[] {1, 1, 1, 1});
      assertArrayEquals(before, sb.observations());
      assertArrayEquals(sa.rewards(), sb.rewards());
      assertEquals(4 * 4, restored.length);
    }
  }

  @Test
  void unlikeAgentsArePaddedToOneColumnLayoutAndExtraActionsFold() {
    // the speaker observes 9 values and says one of 4 words; the listener observes 29 values and has 5 moves
    MultiAgentVectorEnv v = MultiAgentVectorEnv.of(2, dev.curio.envs.worlds.social.SpeakerListener::new, true, 0);
    assertEquals(29 + 2, v.observationDim());
    assertEquals(new Discrete(5), v.spec().actionSpace());
    float[] obs = v.reset(3);
    int dim = v.observationDim();
    for (int copy = 0; copy < 2; copy++) {
      int speaker = copy * 2 * dim;
      for (int k = 9; k < 29; k++) {
        assertEquals(0f, obs[speaker + k], "the speaker's padding at " + k);
      }
      assertEquals(1f, obs[speaker + 29], "speaker id");
      assertEquals(1f, obs[speaker + dim + 30], "listener id");
    }
    // the speaker's fifth action (4) is word 0: the listener hears it next step
    VectorStep s = v.step(new Integer[] {4, 4, 1, 4});
    float[] after = s.observations();
    assertEquals(1f, after[dim + 25], "copy 0's listener heard word 0");
    assertEquals(1f, after[3 * dim + 25 + 1], "copy 1's listener heard word 1");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> v.step(new Integer[] {5, 0, 0, 0}));
    assertEquals("multi-agent vector env of social:speaker-listener: the action of agent 0 of copy 0 is 5, outside"
        + " Discrete(5)", bad.getMessage());
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
        () -> MultiAgentVectorEnv.of(2, () -> null, true, 0));
    assertEquals("the multi-agent env factory returned null for copy 0", n.getMessage());
  }

  @Test
  void messagesAreHeardByEveryAgentAtTheNextStepAndNeverReachTheWorld() {
    // speaker-listener: agent observations of 9 and 29 values padded to 29, then 2 agents x 4 words, then the id
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(2, dev.curio.envs.worlds.social.SpeakerListener::new, true, 0,
        4);
         MultiAgentVectorEnv plain = MultiAgentVectorEnv.of(2, dev.curio.envs.worlds.social.SpeakerListener::new, true,
             0)) {
      int dim = v.observationDim();
      assertEquals(29 + 2 * 4 + 2, dim);
      assertEquals(4, v.messages());
      assertEquals(29, v.messageOffset(0));
      assertEquals(33, v.messageOffset(1));
      assertEquals(new dev.curio.core.space.MultiDiscrete(5, 4), v.spec().actionSpace());
      assertTrue(v.spec().observationSpace() instanceof Box b && b.size() == dim && b.high()[30] == 1f);
      float[] obs = v.reset(3);
      float[] ref = plain.reset(3);
      for (int c = 0; c < 4; c++) {
        for (int k = 29; k < 37; k++) {
          assertEquals(0f, obs[c * dim + k], "nothing heard at reset: column " + c + " element " + k);
        }
        assertEquals(1f, obs[c * dim + 37 + c % 2], "the id comes last: column " + c);
      }
      Rng rng = new Rng(9);
      for (int t = 0; t < 40; t++) { // past several episode ends (at most 12 steps each)
        int[][] act = new int[4][];
        Integer[] worldOnly = new Integer[4];
        for (int c = 0; c < 4; c++) {
          act[c] = new int[] {rng.nextInt(5), rng.nextInt(4)};
          worldOnly[c] = act[c][0];
        }
        VectorStep s = v.step(act);
        VectorStep r = plain.step(worldOnly);
        assertArrayEquals(r.rewards(), s.rewards(), "step " + t);
        assertArrayEquals(r.terminated(), s.terminated(), "step " + t);
        for (int c = 0; c < 4; c++) {
          int copy = c / 2;
          for (int k = 0; k < 29; k++) {
            assertEquals(r.observations()[c * 31 + k], s.observations()[c * dim + k], "the world's part, step " + t);
            assertEquals(r.nextObservations()[c * 31 + k], s.nextObservations()[c * dim + k], "final, step " + t);
          }
          for (int k = 0; k < 2; k++) {
            for (int w = 0; w < 4; w++) {
              float said = act[copy * 2 + k][1] == w ? 1f : 0f;
              // the final observation of an ended episode holds the last messages; the reset one holds none
              assertEquals(said, s.nextObservations()[c * dim + 29 + k * 4 + w], "final, step " + t);
              assertEquals(s.done(c) ? 0f : said, s.observations()[c * dim + 29 + k * 4 + w],
                  "column " + c + " hears agent " + k + " at step " + t);
            }
          }
        }
      }
    }
  }

  @Test
  void messageChannelsFollowTheWorldsOwn() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(1, dev.curio.envs.worlds.social.SpeakerListener::new, true, 0,
        3);
         MultiAgentVectorEnv plain = MultiAgentVectorEnv.of(1, dev.curio.envs.worlds.social.SpeakerListener::new, true,
             0)) {
      assertEquals(List.of(new ActionChannel(0, 1, 25, 4, ActionChannel.WORLD),
          new ActionChannel(1, 0, 4, 5, ActionChannel.WORLD),
          new ActionChannel(0, 1, 29, 3, ActionChannel.MESSAGE),
          new ActionChannel(1, 0, 32, 3, ActionChannel.MESSAGE)), v.actionChannels());
      assertEquals(new ActionChannel(0, 1, 25, 4), plain.actionChannels().get(0), "a world's channels are component 0");
      assertEquals(2, plain.actionChannels().size());
      assertThrows(IllegalStateException.class, () -> plain.messageOffset(0));
    }
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(1, Rendezvous::new, false, 0, 2)) {
      assertEquals(List.of(new ActionChannel(0, 1, 14, 2, 1), new ActionChannel(1, 0, 16, 2, 1)), v.actionChannels(),
          "a world without channels of its own has only the messages'");
    }
  }

  @Test
  void aRestoredVectorEnvHearsTheSameMessages() {
    Supplier<dev.curio.envs.worlds.social.SpeakerListener> world = dev.curio.envs.worlds.social.SpeakerListener::new;
    try (MultiAgentVectorEnv a = MultiAgentVectorEnv.of(3, world, true, 0, 4);
         MultiAgentVectorEnv b = MultiAgentVectorEnv.of(3, world, true, 0, 4)) {
      a.reset(17);
      Rng rng = new Rng(2);
      float[] held = null;
      for (int t = 0; t < 23; t++) {
        held = a.step(randomPairs(rng, 6)).observations();
      }
      VectorEnvState<Object> st = a.snapshot();
      assertTrue(st.actionsSinceReset().get(0).get(0) instanceof int[] p && p.length == 2);
      b.reset(5);
      assertArrayEquals(held, b.restore(st), "right after the restore, messages heard included");
      for (int t = 0; t < 20; t++) {
        Object[] act = randomPairs(rng, 6);
        VectorStep sa = a.step(act);
        VectorStep sb = b.step(act);
        assertArrayEquals(sa.observations(), sb.observations(), "step " + t + " after the restore");
        assertArrayEquals(sa.nextObservations(), sb.nextObservations(), "step " + t + " after the restore");
      }
    }
  }

  private static Object[] randomPairs(Rng rng, int columns) {
    Object[] act = new Object[columns];
    for (int c = 0; c < columns; c++) {
      act[c] = new int[] {rng.nextInt(5), rng.nextInt(4)};
    }
    return act;
  }

  @Test
  void badMessagesAndActionsOfTheWrongKindAreOneLine() {
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(1, dev.curio.envs.worlds.social.SpeakerListener::new, true, 0,
        4)) {
      v.reset(0);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> v.step(new Object[] {new int[] {0, 1}, new int[] {0, 1, 2}}));
      assertEquals("multi-agent vector env of social:speaker-listener: the action of agent 1 of copy 0 has 3 values"
          + " [0, 1, 2]; with messages it is an int[] {action, message} of 2", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> v.step(new Object[] {new int[] {0, 4}, new int[] {0, 1}}));
      assertEquals("multi-agent vector env of social:speaker-listener: the message of agent 0 of copy 0 is 4, outside"
          + " [0, 4)", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> v.step(new Object[] {new int[] {0, -1}, new int[] {0, 1}}));
      assertEquals("multi-agent vector env of social:speaker-listener: the message of agent 0 of copy 0 is -1, outside"
          + " [0, 4)", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> v.step(new Object[] {new int[] {5, 0}, new int[] {0, 1}}));
      assertEquals("multi-agent vector env of social:speaker-listener: the action of agent 0 of copy 0 is 5, outside"
          + " Discrete(5)", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> v.step(new Integer[] {0, 1}));
      assertEquals("multi-agent vector env of social:speaker-listener: the action of agent 0 of copy 0 is an Integer"
          + " (0); with messages the columns act in MultiDiscrete[5, 4] and take an int[] {action, message}",
          e.getMessage());
    }
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(1, dev.curio.envs.worlds.social.SpeakerListener::new, true,
        0)) {
      v.reset(0);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> v.step(new Object[] {0, new int[] {0, 1}}));
      assertEquals("multi-agent vector env of social:speaker-listener: the action of agent 1 of copy 0 is an int[]"
          + " [0, 1]; the columns act in Discrete(5) and take an Integer", e.getMessage());
    }
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> MultiAgentVectorEnv.of(1, Rendezvous::new, true, 0, 1));
    assertEquals("messages must be 0 (none) or a vocabulary of at least 2, got 1", one.getMessage());
  }
}
