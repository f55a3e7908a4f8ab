package dev.curio.rewards.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.RewardModules;
import dev.curio.rewards.UpdateStats;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SocialInfluenceTest {
  private static final int AGENTS = 2;
  private static final int ACTIONS = 3;

  /**
   * T steps of E envs of N agents (column e N + k), uniform policies (zero logits), observations onehot(k). Every
   * agent acts at random except agent 1, which copies agent 0's previous action within an episode. Episodes end
   * (terminated) where {@code ends[t]} is true, for every env.
   */
  static Trajectory copying(int steps, int envs, int agents, Rng rng, boolean[] ends) {
    int c = envs * agents;
    float[] obs = new float[steps * c * agents];
    float[] act = new float[steps * c];
    float[] term = new float[steps * c];
    for (int t = 0; t < steps; t++) {
      for (int e = 0; e < envs; e++) {
        for (int k = 0; k < agents; k++) {
          int col = e * agents + k;
          obs[(t * c + col) * agents + k] = 1f;
          boolean copies = k == 1 && t > 0 && !ends[t - 1];
          act[t * c + col] = copies ? act[(t - 1) * c + e * agents] : rng.nextInt(ACTIONS);
          term[t * c + col] = ends[t] ? 1f : 0f;
        }
      }
    }
    return Trajectory.builder(agents)
        .observations(Nd4j.create(obs, new long[] {steps, c, agents}, DataType.FLOAT))
        .nextObservations(Nd4j.create(obs, new long[] {steps, c, agents}, DataType.FLOAT))
        .actions(Nd4j.create(act, new long[] {steps, c}, DataType.FLOAT))
        .rewards(Nd4j.zeros(DataType.FLOAT, steps, c))
        .terminated(Nd4j.create(term, new long[] {steps, c}, DataType.FLOAT))
        .truncated(Nd4j.zeros(DataType.FLOAT, steps, c))
        .policyParams(Nd4j.zeros(DataType.FLOAT, steps, c, ACTIONS))
        .agents(agents)
        .build();
  }

  static Trajectory copying(int steps, int envs, Rng rng) {
    return copying(steps, envs, AGENTS, rng, new boolean[steps]);
  }

  private static SocialInfluence module(InfluenceConfig config, int agents) {
    return new SocialInfluence(config, new int[] {agents}, ACTIONS, agents, 7L);
  }

  private static InfluenceConfig.Builder config() {
    return InfluenceConfig.builder().hidden(List.of(32, 32)).learningRate(3e-3);
  }

  @Test
  void learnsThatTheCopiedAgentIsInfluencedAndPaysTheInfluencerAboutLnA() {
    SocialInfluence m = module(config().delay(0).build(), AGENTS);
    Rng rng = new Rng(11);
    for (int i = 0; i < 60; i++) {
      m.update(copying(32, 8, rng));
    }
    INDArray r = m.compute(copying(32, 8, rng));
    // columns e*2 (agent 0) are paid ln 3 for being copied; columns e*2+1 (agent 1) influence no one
    double lnA = Math.log(ACTIONS);
    for (int t = 0; t < 32; t++) {
      for (int e = 0; e < 8; e++) {
        assertEquals(lnA, r.getDouble(t, e * 2), 0.15, "agent 0 at t " + t + " env " + e);
        assertEquals(0.0, r.getDouble(t, e * 2 + 1), 0.05, "agent 1 at t " + t + " env " + e);
      }
    }
  }

  @Test
  void delayOnePaysStepTPlusOneAndCarriesTheLastStepIntoTheNextRollout() {
    Rng rng = new Rng(3);
    boolean[] ends = new boolean[6];
    ends[2] = true; // the episode ends at step 2 in every env: its influence is lost with delay 1
    Trajectory first = copying(6, 2, AGENTS, rng, ends);
    Trajectory second = copying(6, 2, AGENTS, rng, new boolean[6]);
    SocialInfluence now = module(config().delay(0).build(), AGENTS);
    SocialInfluence late = module(config().delay(1).build(), AGENTS);
    INDArray r0 = now.compute(first);
    INDArray r1 = late.compute(first);
    assertEquals(0.0, r1.getRow(0).sumNumber().doubleValue(), 0.0, "nothing is carried before the first rollout");
    assertTrue(r0.sumNumber().doubleValue() > 0, "an untrained MOA still gives some influence");
    assertEquals(0.0, r0.getRow(2).sumNumber().doubleValue(), 0.0, "delay 0: nothing for an episode's last action");
    for (int t = 1; t < 6; t++) {
      for (int c = 0; c < 4; c++) {
        double expect = t - 1 == 2 ? 0.0 : r0.getDouble(t - 1, c);
        assertEquals(expect, r1.getDouble(t, c), 0.0, "step " + t + " column " + c);
      }
    }
    now.update(first);
    late.update(first);
    INDArray s0 = now.compute(second);
    INDArray s1 = late.compute(second);
    // same seed, same training: the carried value is the delay-0 module's last step of the first rollout
    for (int c = 0; c < 4; c++) {
      assertEquals(r0.getDouble(5, c), s1.getDouble(0, c), 0.0, "carried into column " + c);
      assertEquals(s0.getDouble(0, c), s1.getDouble(1, c), 0.0, "step 1 column " + c);
    }
  }

  @Test
  void computeIsPureAndTheStateRestoresExactly() throws Exception {
    Rng rng = new Rng(5);
    SocialInfluence a = module(config().build(), AGENTS);
    a.update(copying(8, 2, rng));
    Trajectory next = copying(8, 2, rng);
    byte[] before = a.state().toBytes();
    INDArray once = a.compute(next);
    assertArrayEquals(once.dup().data().asFloat(), a.compute(next).dup().data().asFloat());
    assertArrayEquals(before, a.state().toBytes(), "compute changed the state");

    SocialInfluence b = module(config().build(), AGENTS);
    b.restore(Snapshot.fromBytes(before));
    assertArrayEquals(once.dup().data().asFloat(), b.compute(next).dup().data().asFloat());
    UpdateStats ua = a.update(next);
    UpdateStats ub = b.update(next);
    assertEquals(ua.get("loss_moa"), ub.get("loss_moa"), 0.0);
    assertArrayEquals(a.state().toBytes(), b.state().toBytes(), "restored module trained differently");
  }

  @Test
  void updateReportsTheMoaLossAndTrainsOnlyPairsWhoseNextStepIsInTheEpisode() {
    Rng rng = new Rng(9);
    boolean[] ends = new boolean[5];
    ends[1] = true;
    SocialInfluence m = module(config().build(), AGENTS);
    UpdateStats s = m.update(copying(5, 3, AGENTS, rng, ends));
    // rows t = 0..3 have a t+1; t = 1 ended its episode: 3 steps x 3 envs x 2 agents x 1 other
    assertEquals(18.0, s.get("trained_pairs"), 0.0);
    assertTrue(s.get("loss_moa") > 0.5 && s.get("loss_moa") < 2.0, "cross-entropy near ln 3 untrained: "
        + s.get("loss_moa"));
    assertEquals(0.0, s.get("nonfinite_rows"), 0.0);
  }

  /** {@code r} with a visibility mask in which agent 1 is hidden from agent 0 at every step; agent 1 sees agent 0. */
  private static Trajectory hidingAgentOne(Trajectory r) {
    int t = r.steps();
    int c = r.envs();
    float[] vis = new float[t * c * AGENTS];
    for (int i = 0; i < t * c; i++) {
      boolean agent0 = (i % c) % AGENTS == 0;
      vis[i * AGENTS] = 1f;
      vis[i * AGENTS + 1] = agent0 ? 0f : 1f;
    }
    return Trajectory.builder(AGENTS).observations(r.observations()).nextObservations(r.nextObservations())
        .actions(r.actions()).rewards(r.rewards()).terminated(r.terminated()).truncated(r.truncated())
        .policyParams(r.policyParams().orElseThrow()).agents(AGENTS)
        .visibility(Nd4j.create(vis, new long[] {t, c, AGENTS}, DataType.FLOAT)).build();
  }

  @Test
  void anInvisibleOtherAgentGivesNoRewardAndNoTrainingPair() {
    Rng rng = new Rng(8);
    Trajectory plain = copying(6, 2, rng);
    Trajectory hidden = hidingAgentOne(plain);
    SocialInfluence m = module(config().delay(0).build(), AGENTS);
    INDArray seen = m.compute(plain);
    INDArray masked = m.compute(hidden);
    for (int t = 0; t < 6; t++) {
      for (int e = 0; e < 2; e++) {
        assertEquals(0.0, masked.getDouble(t, e * 2), 0.0, "agent 0 cannot influence the agent it does not see");
        assertEquals(seen.getDouble(t, e * 2 + 1), masked.getDouble(t, e * 2 + 1), 0.0, "agent 1 sees agent 0");
      }
    }
    // 5 steps with a t+1, 2 envs: only agent 1's pair (it sees agent 0) trains
    assertEquals(10.0, m.update(hidden).get("trained_pairs"), 0.0);
    SocialInfluence blind = module(config().delay(0).visibleOnly(false).build(), AGENTS);
    assertArrayEquals(seen.dup().data().asFloat(), blind.compute(hidden).dup().data().asFloat(), 0f,
        "visibleOnly false ignores the mask");
  }

  @Test
  void onlyTheListedInfluencersArePaid() {
    Rng rng = new Rng(12);
    Trajectory r = copying(5, 3, rng);
    INDArray all = module(config().delay(0).build(), AGENTS).compute(r);
    INDArray speaker = module(config().delay(0).influencers(List.of(0)).build(), AGENTS).compute(r);
    for (int t = 0; t < 5; t++) {
      for (int e = 0; e < 3; e++) {
        assertEquals(all.getDouble(t, e * 2), speaker.getDouble(t, e * 2), 0.0);
        assertEquals(0.0, speaker.getDouble(t, e * 2 + 1), 0.0, "agent 1 is not an influencer");
      }
    }
    ConfigException e = assertThrows(ConfigException.class,
        () -> module(config().influencers(List.of(2)).build(), AGENTS));
    assertEquals("rewards.influence.influencers", e.key());
    assertTrue(e.getMessage().contains("lists agent 2, but the world has 2 agents (0 to 1)"), e.getMessage());
  }

  /**
   * A speaker (agent 0, 5 column actions, 4 words: its fifth action says word 0) and a listener (agent 1) whose
   * observation's first 4 values are the word it heard; its policy moves as the word says (move w for word w).
   */
  private static Trajectory speakerListener(int steps, int envs, Rng rng, boolean[] ends) {
    int c = envs * 2;
    int dim = 6;
    float[] obs = new float[steps * c * dim];
    float[] next = new float[steps * c * dim];
    float[] act = new float[steps * c];
    float[] term = new float[steps * c];
    for (int t = 0; t < steps; t++) {
      for (int e = 0; e < envs; e++) {
        int speaker = t * c + e * 2;
        act[speaker] = rng.nextInt(5);
        act[speaker + 1] = rng.nextInt(5);
        int word = (int) act[speaker] % 4;
        next[(speaker + 1) * dim + word] = 1f; // the listener hears the word at t+1
        obs[speaker * dim + 4] = 1f;
        obs[(speaker + 1) * dim + 5] = 1f;
        term[speaker] = ends[t] ? 1f : 0f;
        term[speaker + 1] = ends[t] ? 1f : 0f;
      }
    }
    return Trajectory.builder(dim)
        .observations(Nd4j.create(obs, new long[] {steps, c, dim}, DataType.FLOAT))
        .nextObservations(Nd4j.create(next, new long[] {steps, c, dim}, DataType.FLOAT))
        .actions(Nd4j.create(act, new long[] {steps, c}, DataType.FLOAT))
        .rewards(Nd4j.zeros(DataType.FLOAT, steps, c))
        .terminated(Nd4j.create(term, new long[] {steps, c}, DataType.FLOAT))
        .truncated(Nd4j.zeros(DataType.FLOAT, steps, c))
        .policyParams(Nd4j.zeros(DataType.FLOAT, steps, c, 5))
        .agents(2)
        .build();
  }

  /** The listener's policy: move w with probability 1 for heard word w (the first 4 values of its observation). */
  private static INDArray follows(int agent, INDArray obs) {
    INDArray p = Nd4j.zeros(DataType.FLOAT, obs.rows(), 5);
    p.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4))
        .assign(obs.get(NDArrayIndex.all(),
            NDArrayIndex.interval(0, 4)));
    return p;
  }

  @Test
  void centralisedInfluenceOfAWordTheListenerFollowsIsMinusLnOfItsMarginal() {
    Rng rng = new Rng(6);
    boolean[] ends = new boolean[6];
    ends[3] = true; // the listener does not act after the episode's end: no influence at t = 3
    Trajectory r = speakerListener(6, 3, rng, ends);
    SocialInfluence m = new SocialInfluence(config().counterfactuals("centralised").delay(0).build(), new int[] {6}, 5,
        2, 1L);
    assertEquals(null, m.moa(), "no model of other agents when centralised");
    IllegalStateException unbound = assertThrows(IllegalStateException.class, () -> m.compute(r));
    assertEquals("influence: centralised counterfactuals need the world's action channels and the policy"
        + " (bindCentralised; the training loop binds them)", unbound.getMessage());
    m.bindCentralised(List.of(new SocialInfluence.Channel(0, 1, 0, 4)), SocialInfluenceTest::follows);
    INDArray out = m.compute(r);
    // uniform speaker over 5 actions, words a mod 4: the marginal move is 2/5 for move 0 and 1/5 for each other;
    // KL(onehot(w) || marginal) = -ln marginal(w)
    for (int t = 0; t < 6; t++) {
      for (int e = 0; e < 3; e++) {
        int word = (int) r.actions().getDouble(t, e * 2) % 4;
        double expect = t == 3 ? 0.0 : (word == 0 ? Math.log(5 / 2.0) : Math.log(5));
        assertEquals(expect, out.getDouble(t, e * 2), 1e-5, "speaker at t " + t + " env " + e);
        assertEquals(0.0, out.getDouble(t, e * 2 + 1), 0.0, "the listener has no channel to the speaker here");
      }
    }
    UpdateStats u = m.update(r);
    assertEquals(0.0, u.get("nonfinite_rows"), 0.0);
    assertTrue(!u.values().containsKey("loss_moa"), u.toString());

    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> m.bindCentralised(List.of(new SocialInfluence.Channel(0, 1, 4, 4)), SocialInfluenceTest::follows));
    assertEquals("influence: channel Channel[actor=0, observer=1, offset=4, width=4, component=0] does not fit 2"
        + " agents and 6-value observations", bad.getMessage());
    ConfigException none = assertThrows(ConfigException.class, () -> m.bindCentralised(List.of(),
        SocialInfluenceTest::follows));
    assertEquals("rewards.influence.counterfactuals", none.key());
    SocialInfluence moa = module(config().build(), AGENTS);
    assertThrows(IllegalStateException.class, () -> moa.bindCentralised(List.of(new SocialInfluence.Channel(0, 1, 0,
        1)), SocialInfluenceTest::follows));
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> moa.restore(m.state()));
    assertEquals("influence snapshot: entry 'counterfactuals' is 'centralised', this module's is 'moa'",
        other.getMessage());
  }

  @Test
  void threeAgentsComputeOneRewardPerColumn() {
    Rng rng = new Rng(2);
    SocialInfluence m = module(config().build(), 3);
    Trajectory r = copying(4, 2, 3, rng, new boolean[4]);
    INDArray out = m.compute(r);
    assertArrayEquals(new long[] {4, 6}, out.shape());
    m.update(r);
  }

  @Test
  void badInputIsOneLine() {
    Rng rng = new Rng(1);
    SocialInfluence two = module(config().build(), AGENTS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> two.compute(copying(4, 2, 3, rng, new boolean[4])));
    assertEquals("influence: built for worlds of 2 agents, the trajectory has 3 agent(s) per env", e.getMessage());

    Trajectory noLogits = Trajectory.builder(2)
        .observations(Nd4j.zeros(DataType.FLOAT, 3, 2, 2)).nextObservations(Nd4j.zeros(DataType.FLOAT, 3, 2, 2))
        .actions(Nd4j.zeros(DataType.FLOAT, 3, 2)).rewards(Nd4j.zeros(DataType.FLOAT, 3, 2))
        .terminated(Nd4j.zeros(DataType.FLOAT, 3, 2)).truncated(Nd4j.zeros(DataType.FLOAT, 3, 2))
        .agents(2).build();
    e = assertThrows(IllegalArgumentException.class, () -> two.compute(noLogits));
    assertEquals("influence: needs the behaviour policy's logits (the trajectory's policyParams), which this"
        + " trajectory does not have", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> new SocialInfluence(InfluenceConfig.defaults(), new int[] {4}, 3, 1, 1L));
    assertEquals("influence: needs a world of at least 2 agents (a model of the others), got 1", e.getMessage());

    ConfigException ce = assertThrows(ConfigException.class,
        () -> RewardModules.create("influence", null, new int[] {4}, 3, 1L));
    assertEquals("rewards.modules", ce.key());
    assertTrue(ce.getMessage().contains("needs a world of several agents, this one has 1"), ce.getMessage());

    Snapshot wrong = new Snapshot().putString("module", "rnd");
    e = assertThrows(IllegalArgumentException.class, () -> two.restore(wrong));
    assertEquals("influence snapshot: entry 'module' is 'rnd', expected 'influence'", e.getMessage());
  }

  @Test
  void configErrorsNameTheirKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> InfluenceConfig.builder().scheduleSteps(List.of(0.0, 200.0, 100.0)).scheduleWeights(List.of(0.0, 1.0, 0.5))
            .build());
    assertEquals("rewards.influence.scheduleSteps", e.key());
    assertTrue(e.getMessage().contains("must be strictly increasing, got 200 then 100 at index 2"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> InfluenceConfig.builder().scheduleSteps(List.of(0.0, 10.0)).build());
    assertEquals("rewards.influence.scheduleWeights", e.key());
    e = assertThrows(ConfigException.class, () -> InfluenceConfig.builder().scheduleSteps(List.of(1.5)).build());
    assertEquals("rewards.influence.scheduleSteps", e.key());
    e = assertThrows(ConfigException.class, () -> InfluenceConfig.builder().divergence("l2").build());
    assertEquals("rewards.influence.divergence", e.key());
    e = assertThrows(ConfigException.class, () -> InfluenceConfig.builder().delay(2).build());
    assertEquals("rewards.influence.delay", e.key());
    e = assertThrows(ConfigException.class, () -> InfluenceConfig.builder().influencers(List.of(1, 1)).build());
    assertEquals("rewards.influence.influencers", e.key());
    e = assertThrows(ConfigException.class, () -> InfluenceConfig.builder().influencers(List.of(-1)).build());
    assertEquals("rewards.influence.influencers", e.key());
    e = assertThrows(ConfigException.class, () -> InfluenceConfig.builder().hidden(List.of()).build());
    assertEquals("rewards.influence.hidden", e.key());
    assertEquals(InfluenceConfig.defaults(), InfluenceConfig.defaults().toBuilder().build());
    assertEquals(Influence.Divergence.JSD, InfluenceConfig.builder().divergence("jsd").build().divergenceKind());
  }

  @Test
  void stepScheduleWeightsByEnvStepsCountedOncePerJointStep() throws Exception {
    Rng rng = new Rng(4);
    InfluenceSchedule schedule = InfluenceSchedule.of(new long[] {0, 64}, new double[] {0.0, 1.0});
    IntrinsicReward inner = module(config().delay(0).build(), AGENTS);
    StepScheduledReward s = new StepScheduledReward(inner, schedule);
    Trajectory r = copying(8, 4, rng); // 8 steps x 4 envs = 32 env steps (64 agent steps)
    assertEquals(0.0, s.compute(r).sumNumber().doubleValue(), 0.0, "weight 0 at step 0");
    UpdateStats u = s.update(r);
    assertEquals(0.0, u.get("schedule_weight"), 0.0);
    assertEquals(32, s.steps());
    assertEquals(0.5, s.weight(), 1e-12);
    INDArray raw = inner.compute(r);
    assertArrayEquals(raw.mul(0.5).dup().data().asFloat(), s.compute(r).dup().data().asFloat(), 0f);
    StepScheduledReward copy = new StepScheduledReward(module(config().delay(0).build(), AGENTS), schedule);
    copy.restore(Snapshot.fromBytes(s.state().toBytes()));
    assertEquals(32, copy.steps());
    assertArrayEquals(s.compute(r).dup().data().asFloat(), copy.compute(r).dup().data().asFloat(), 0f);
  }

  // --- influential communication: the message head -------------------------------------------------------------

  /** World actions A and messages V of the talking worlds below. */
  private static final int WORLD = 5;
  private static final int WORDS = 4;

  /**
   * A speaker (agent 0) and a listener (agent 1) that act in MultiDiscrete([5, 4]): actions {@code [T, C, 2]}, world
   * action then message, all at random. A column observation of 14 values: the speaker's world word (its world action
   * mod 4, as speaker-listener folds it) at {@code [0, 4)}, the messages of agents 0 and 1 at {@code [4, 8)} and
   * {@code [8, 12)}, the agent id at 12 and 13; every observation at t+1 holds what was said at t. The logits are
   * {@code worldLogits} for the world action and {@code messageLogits} for the message, the same at every step.
   */
  private static Trajectory talking(int steps, int envs, Rng rng, boolean[] ends, float[] worldLogits,
                                    float[] messageLogits) {
    int c = envs * 2;
    int dim = 14;
    float[] obs = new float[steps * c * dim];
    float[] next = new float[steps * c * dim];
    float[] act = new float[steps * c * 2];
    float[] term = new float[steps * c];
    float[] params = new float[steps * c * (WORLD + WORDS)];
    for (int t = 0; t < steps; t++) {
      for (int e = 0; e < envs; e++) {
        int speaker = t * c + e * 2;
        for (int k = 0; k < 2; k++) {
          act[(speaker + k) * 2] = rng.nextInt(WORLD);
          act[(speaker + k) * 2 + 1] = rng.nextInt(WORDS);
          obs[(speaker + k) * dim + 12 + k] = 1f;
          term[speaker + k] = ends[t] ? 1f : 0f;
          System.arraycopy(worldLogits, 0, params, (speaker + k) * (WORLD + WORDS), WORLD);
          System.arraycopy(messageLogits, 0, params, (speaker + k) * (WORLD + WORDS) + WORLD, WORDS);
        }
        for (int k = 0; k < 2; k++) {
          int at = (speaker + k) * dim;
          next[at + (int) act[speaker * 2] % WORDS] = 1f;
          next[at + 4 + (int) act[speaker * 2 + 1]] = 1f;
          next[at + 8 + (int) act[(speaker + 1) * 2 + 1]] = 1f;
          next[at + 12 + k] = 1f;
        }
      }
    }
    return Trajectory.builder(dim)
        .observations(Nd4j.create(obs, new long[] {steps, c, dim}, DataType.FLOAT))
        .nextObservations(Nd4j.create(next, new long[] {steps, c, dim}, DataType.FLOAT))
        .actions(Nd4j.create(act, new long[] {steps, c, 2}, DataType.FLOAT))
        .rewards(Nd4j.zeros(DataType.FLOAT, steps, c))
        .terminated(Nd4j.create(term, new long[] {steps, c}, DataType.FLOAT))
        .truncated(Nd4j.zeros(DataType.FLOAT, steps, c))
        .policyParams(Nd4j.create(params, new long[] {steps, c, WORLD + WORDS}, DataType.FLOAT))
        .agents(2)
        .build();
  }

  /** A policy that moves as the 4-value block at {@code from} of its observation says (move w for w), 5 moves. */
  private static SocialInfluence.AgentPolicy movesAsBlock(int from) {
    return (agent, obs) -> {
      INDArray p = Nd4j.zeros(DataType.FLOAT, obs.rows(), WORLD);
      p.get(NDArrayIndex.all(), NDArrayIndex.interval(0, WORDS))
          .assign(obs.get(NDArrayIndex.all(),
              NDArrayIndex.interval(from, from + WORDS)));
      return p;
    };
  }

  /** The speaker's world word, its message, and the listener's and speaker's world channels and message channels. */
  private static final List<SocialInfluence.Channel> TALKING_CHANNELS = List.of(
      new SocialInfluence.Channel(0, 1, 0, WORDS, 0),
      new SocialInfluence.Channel(0, 1, 4, WORDS, 1),
      new SocialInfluence.Channel(1, 0, 8, WORDS, 1));

  @Test
  void centralisedInfluenceOfAMessageTheListenerFollowsIsMinusLnOfItsProbability() {
    Rng rng = new Rng(14);
    boolean[] ends = new boolean[5];
    ends[2] = true;
    // the message head reads the last 4 logits: pi = (1, 2, 3, 4) / 10; the world logits must not matter
    float[] messageLogits = {0f, (float) Math.log(2), (float) Math.log(3), (float) Math.log(4)};
    Trajectory r = talking(5, 3, rng, ends, new float[] {2f, -1f, 0f, 3f, 1f}, messageLogits);
    SocialInfluence m = new SocialInfluence(config().counterfactuals("centralised").head("message").delay(0).build(),
        new int[] {14}, WORLD, WORDS, 2, 1L);
    // the listener moves as the speaker's message says; the speaker's moves depend on nothing the listener says
    m.bindCentralised(TALKING_CHANNELS, (agent, obs) -> movesAsBlock(agent == 1 ? 4 : 0).probabilities(agent, obs));
    INDArray out = m.compute(r);
    for (int t = 0; t < 5; t++) {
      for (int e = 0; e < 3; e++) {
        int said = (int) r.actions().getDouble(t, e * 2, 1);
        double expect = t == 2 ? 0.0 : -Math.log((said + 1) / 10.0);
        assertEquals(expect, out.getDouble(t, e * 2), 1e-5, "speaker at t " + t + " env " + e);
        assertEquals(0.0, out.getDouble(t, e * 2 + 1), 0.0, "the listener's message changes nothing");
      }
    }
    // uniform messages: ln V at every step that has a next one
    INDArray uniform = m.compute(talking(4, 2, rng, new boolean[4], new float[WORLD], new float[WORDS]));
    for (int t = 0; t < 4; t++) {
      assertEquals(Math.log(WORDS), uniform.getDouble(t, 0), 1e-5, "t " + t);
      assertEquals(Math.log(WORDS), uniform.getDouble(t, 2), 1e-5, "t " + t);
    }

    // the action head on the same MultiDiscrete trajectory: the world word, pi the softmax of the first 5 logits
    SocialInfluence world = new SocialInfluence(config().counterfactuals("centralised").delay(0).build(),
        new int[] {14}, WORLD, WORDS, 2, 1L);
    world.bindCentralised(TALKING_CHANNELS, movesAsBlock(0));
    Trajectory uniformWorld = talking(5, 3, rng, ends, new float[WORLD], new float[] {5f, 0f, 0f, 0f});
    INDArray w = world.compute(uniformWorld);
    for (int t = 0; t < 5; t++) {
      for (int e = 0; e < 3; e++) {
        int word = (int) uniformWorld.actions().getDouble(t, e * 2, 0) % WORDS;
        double expect = t == 2 ? 0.0 : (word == 0 ? Math.log(5 / 2.0) : Math.log(5));
        assertEquals(expect, w.getDouble(t, e * 2), 1e-5, "the world word of the speaker at t " + t + " env " + e);
      }
    }
  }

  /**
   * T steps of a talking world in which the listener's world action at t+1 is the speaker's message at t (within an
   * episode); everything else is random, all policies uniform.
   */
  private static Trajectory listenerCopiesTheMessage(int steps, int envs, Rng rng) {
    Trajectory r = talking(steps, envs, rng, new boolean[steps], new float[WORLD], new float[WORDS]);
    INDArray a = r.actions().dup();
    for (int t = 1; t < steps; t++) {
      for (int e = 0; e < envs; e++) {
        a.putScalar(new long[] {t, e * 2 + 1, 0}, a.getDouble(t - 1, e * 2, 1));
      }
    }
    return Trajectory.builder(14).observations(r.observations()).nextObservations(r.nextObservations()).actions(a)
        .rewards(r.rewards()).terminated(r.terminated()).truncated(r.truncated())
        .policyParams(r.policyParams().orElseThrow()).agents(2).build();
  }

  @Test
  void theMoaOnTheMessageHeadLearnsThatTheListenerFollowsTheSpeakersMessage() {
    InfluenceConfig fast = InfluenceConfig.builder().hidden(List.of(32)).learningRate(1e-2).gradientSteps(4)
        .delay(0).build();
    SocialInfluence m = new SocialInfluence(fast.toBuilder().head("message").build(), new int[] {14}, WORLD, WORDS,
        2, 7L);
    assertEquals(WORDS, m.moa().config().actions(), "the MOA reads messages");
    assertEquals(WORLD, m.moa().config().predicted(), "and predicts world actions");
    Rng rng = new Rng(21);
    for (int i = 0; i < 25; i++) {
      m.update(listenerCopiesTheMessage(8, 16, rng));
    }
    INDArray r = m.compute(listenerCopiesTheMessage(8, 16, rng));
    for (int t = 0; t < 8; t++) {
      for (int e = 0; e < 16; e++) {
        assertEquals(Math.log(WORDS), r.getDouble(t, e * 2), 0.15, "the speaker's message at t " + t + " env " + e);
        assertEquals(0.0, r.getDouble(t, e * 2 + 1), 0.05, "the listener's message at t " + t + " env " + e);
      }
    }
    // the action head on the same data: the speaker's world action changes nothing the listener does
    SocialInfluence world = new SocialInfluence(fast, new int[] {14}, WORLD, WORDS, 2, 7L);
    for (int i = 0; i < 10; i++) {
      world.update(listenerCopiesTheMessage(8, 16, rng));
    }
    INDArray none = world.compute(listenerCopiesTheMessage(8, 16, rng));
    assertTrue(none.getColumn(0).meanNumber().doubleValue() < 0.1, "the world action does not influence: "
        + none.getColumn(0).meanNumber());
  }

  @Test
  void theMessageHeadsMismatchesAreOneLineNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new SocialInfluence(config().head("message").build(), new int[] {14}, WORLD, 0, 2, 1L));
    assertEquals("rewards.influence.head", e.key());
    assertTrue(e.getMessage().contains("is message, but the agents send no messages; set agents.messages to a"
        + " vocabulary of at least 2, or the head to action"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> RewardModules.create("influence",
        config().head("message").build(), new int[] {14}, WORLD, 2, 1L));
    assertEquals("rewards.influence.head", e.key());
    e = assertThrows(ConfigException.class, () -> InfluenceConfig.builder().head("word").build());
    assertEquals("rewards.influence.head", e.key());
    e = assertThrows(ConfigException.class, () -> RewardModules.create("icm", null, new int[] {14}, WORLD, 2, WORDS,
        1L));
    assertEquals("rewards.modules", e.key());
    assertTrue(e.getMessage().contains("icm is not built for actions that carry a message: with agents.messages 4"), e.getMessage());

    Rng rng = new Rng(3);
    SocialInfluence talk = new SocialInfluence(config().head("message").build(), new int[] {14}, WORLD, WORDS, 2, 1L);
    Trajectory r = talking(3, 1, rng, new boolean[3], new float[WORLD], new float[WORDS]);
    Trajectory discrete = Trajectory.builder(14).observations(r.observations()).nextObservations(r.nextObservations())
        .actions(r.actions().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).dup())
        .rewards(r.rewards()).terminated(r.terminated()).truncated(r.truncated())
        .policyParams(r.policyParams().orElseThrow()).agents(2).build();
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> talk.compute(discrete));
    assertEquals("influence: rewards.influence.head message with agents.messages 4 needs actions [T, N, 2] (the world"
        + " action, then the message), got [3, 2]", bad.getMessage());
    SocialInfluence plain = new SocialInfluence(config().build(), new int[] {14}, WORLD, 2, 1L);
    bad = assertThrows(IllegalArgumentException.class, () -> plain.compute(r));
    assertEquals("influence: needs Discrete actions [T, N] (agents.messages 0), got [3, 2, 2]", bad.getMessage());
    SocialInfluence fewer = new SocialInfluence(config().head("message").build(), new int[] {14}, WORLD, 3, 2, 1L);
    bad = assertThrows(IllegalArgumentException.class, () -> fewer.compute(r));
    assertEquals("influence: needs 8 logits per step (5 of the world action, then 3 of the message) (policyParams"
        + " [T, N, 8]), got [3, 2, 9]", bad.getMessage());
    IllegalArgumentException head = assertThrows(IllegalArgumentException.class,
        () -> new SocialInfluence(config().build(), new int[] {14}, WORLD, WORDS, 2, 1L).restore(talk.state()));
    assertEquals("influence snapshot: entry 'head' is 'message', this module's is 'action'", head.getMessage());
    SocialInfluence central = new SocialInfluence(config().counterfactuals("centralised").head("message").build(),
        new int[] {14}, WORLD, WORDS, 2, 1L);
    ConfigException none = assertThrows(ConfigException.class, () -> central.bindCentralised(
        List.of(new SocialInfluence.Channel(0, 1, 0, WORDS)), movesAsBlock(0)));
    assertTrue(none.getMessage().contains("agent's message reaches another's observation"), none.getMessage());
  }
}
