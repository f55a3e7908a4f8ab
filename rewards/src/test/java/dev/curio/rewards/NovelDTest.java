package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.testing.Trajectories;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NovelD's bonus {@code max(N(s') - alpha N(s), 0) * 1[first visit of s' in the episode]}, against RND's
 * novelty computed separately, and its episodic gate on hand-written walks of a one-hot world.
 */
class NovelDTest {
  private static final int CELLS = 5;
  private static final int[] OBS = {CELLS};

  /** One env walking the cells {@code path[0] -> path[1] -> ...}; {@code ends[t]} terminates step t. */
  private static Trajectory walk(int[] path, boolean[] ends) {
    int t = path.length - 1;
    float[] obs = new float[t * CELLS];
    float[] next = new float[t * CELLS];
    float[] terminated = new float[t];
    for (int s = 0; s < t; s++) {
      obs[s * CELLS + path[s]] = 1;
      next[s * CELLS + path[s + 1]] = 1;
      terminated[s] = ends[s] ? 1 : 0;
    }
    return Trajectories.of(obs, next, new float[t], new float[t], terminated, t, 1, OBS);
  }

  private static float[] host(INDArray a) {
    return a.dup().data().asFloat();
  }

  @Test
  void theBonusIsTheNoveltyDifferenceOfRndAtFirstVisits() {
    NoveldConfig config = NoveldConfig.builder().alpha(0.5).build();
    Trajectory warm = Trajectories.random(new Rng(1), 8, 4, OBS, 3, 0.0);
    Trajectory fresh = Trajectories.random(new Rng(2), 8, 4, OBS, 3, 0.0); // Gaussian: every state new
    try (NovelD noveld = new NovelD(config, OBS, 3, 11); Rnd rnd = new Rnd(config.novelty(), OBS, 3, 11)) {
      noveld.update(warm);
      rnd.update(warm); // the same network, statistics and mask draws
      float[] next = host(rnd.novelty(Tensors.nextObservations(fresh)));
      float[] current = host(rnd.novelty(Tensors.observations(fresh)));
      float[] bonus = host(noveld.compute(fresh));
      int positive = 0;
      for (int k = 0; k < bonus.length; k++) {
        assertEquals(Math.max(next[k] - 0.5f * current[k], 0f), bonus[k], 1e-6f, "step " + k);
        positive += bonus[k] > 0 ? 1 : 0;
      }
      assertTrue(positive > 0 && positive < bonus.length, "some steps more novel than alpha times their start,"
          + " some not: " + positive + " of " + bonus.length);
    }
  }

  @Test
  void onlyTheFirstVisitOfAStateInAnEpisodePaysAndTheEpisodeCarriesAcrossRollouts() {
    // alpha 0: the bonus is the (positive) novelty of s', so it is positive exactly where the gate is open
    NoveldConfig config = NoveldConfig.builder().alpha(0).build();
    try (NovelD m = new NovelD(config, OBS, 3, 5)) {
      // 0 -> 1 -> 0 -> 2 -> 2, which ends the episode; the next starts at cell 2: 2 -> 0 -> 1. The revisits of
      // 0 and of 2 in the first episode are gated; in the second, its first cell 2 counts as seen, and the
      // steps to 0 and to 1 pay again
      Trajectory first = walk(new int[] {0, 1, 0, 2, 2, 0, 1}, new boolean[] {false, false, false, true, false, false});
      float[] b = host(m.compute(first));
      boolean[] paid = new boolean[b.length];
      for (int k = 0; k < b.length; k++) {
        paid[k] = b[k] > 0;
      }
      assertArrayEquals(new boolean[] {true, false, true, false, true, true}, paid, java.util.Arrays.toString(b));
      m.update(first);
      assertEquals(1, m.episodeStates().size());
      assertEquals(3, m.episodeStates().get(0).size(), "cells 2, 0 and 1 of the episode in progress");
      // the episode goes on in the next rollout: 1 -> 0 -> 3: 0 was seen in it, 3 is new
      float[] c = host(m.compute(walk(new int[] {1, 0, 3}, new boolean[] {false, false})));
      assertEquals(0f, c[0]);
      assertTrue(c[1] > 0);
    }
  }

  @Test
  void afterTheEnvsRestartEachEpisodeBeginsAgainWithTheNextRollout() {
    NoveldConfig config = NoveldConfig.builder().alpha(0).build();
    try (NovelD m = new NovelD(config, OBS, 3, 5)) {
      m.update(walk(new int[] {0, 1, 2}, new boolean[] {false, false})); // an episode in progress: 0, 1, 2
      assertEquals(3, m.episodeStates().get(0).size());
      // without a restart, 1 -> 0 goes back into its episode: not paid
      assertEquals(0f, host(m.compute(walk(new int[] {1, 0}, new boolean[] {false})))[0]);
      m.envsRestarted(); // e.g. a resume whose envs started afresh: that episode is gone
      assertTrue(m.episodeStates().isEmpty());
      float[] c = host(m.compute(walk(new int[] {1, 0}, new boolean[] {false})));
      assertTrue(c[0] > 0, "cell 0 is new to the episode that begins at cell 1");
    }
  }

  @Test
  void computeBeforeAnyUpdateChangesNoState() {
    Trajectory a = walk(new int[] {0, 1, 2, 3}, new boolean[] {false, false, false});
    try (NovelD m = new NovelD(NoveldConfig.defaults(), OBS, 3, 5)) {
      byte[] before = Trajectories.bytes(m.state());
      m.compute(a);
      m.compute(Trajectories.random(new Rng(4), 2, 3, OBS, 3, 0.0)); // another width
      assertArrayEquals(before, Trajectories.bytes(m.state()));
    }
  }

  @Test
  void stateRestoresTheNetworkAndTheEpisodesBitForBit() {
    Trajectory a = walk(new int[] {0, 1, 2, 3}, new boolean[] {false, false, false});
    Trajectory b = walk(new int[] {3, 2, 4, 0}, new boolean[] {false, false, false});
    try (NovelD m = new NovelD(NoveldConfig.defaults(), OBS, 3, 5);
         NovelD copy = new NovelD(NoveldConfig.defaults(), OBS, 3, 77)) {
      m.update(a);
      copy.restore(m.state());
      assertArrayEquals(host(m.compute(b)), host(copy.compute(b)), 0f);
      assertArrayEquals(Trajectories.bytes(m.state()), Trajectories.bytes(copy.state()));
      assertThrows(IllegalArgumentException.class, () -> copy.restore(new Rnd(RndConfig.defaults(), OBS, 3, 1).state()));
    }
  }

  @Test
  void badSettingsNameTheirKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> NoveldConfig.builder().alpha(-1).build());
    assertTrue(e.getMessage().startsWith("rewards.noveld.alpha"), e.getMessage());
    assertTrue(RewardModules.create("noveld", null, OBS, 3, 1) instanceof NovelD);
  }
}
