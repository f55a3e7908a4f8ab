package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.testing.Trajectories;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Episodic curiosity's parts: percentile, memory, pair sampling, the bonus rule and its config. */
class EpisodicCuriosityTest {
  @Test
  void percentileInterpolatesLikeNumpy() {
    float[] v = {9, 1, 5, 3, 7};
    assertEquals(8.2, EpisodicCuriosity.percentile(v, 0, 5, 90), 1e-6); // np.percentile([1,3,5,7,9], 90)
    assertEquals(5.0, EpisodicCuriosity.percentile(v, 0, 5, 50), 1e-6);
    assertEquals(3.0, EpisodicCuriosity.percentile(v, 1, 3, 50), 1e-6); // of [1, 5, 3]
  }

  @Test
  void memoryAppendsThenReplacesSeededAndClears() {
    EpisodicMemory m = new EpisodicMemory(2, 3, 1, 1);
    Rng rng = new Rng(1);
    for (int k = 0; k < 5; k++) {
      m.add(1, new float[] {k}, 0, new float[] {10 + k}, 0, rng);
    }
    assertEquals(0, m.size(0));
    assertEquals(3, m.size(1));
    int[] offsets = new int[2];
    float[] pairs = m.pairs(new float[] {-1, -2}, offsets);
    // only occupied slots are paired: env 0's memory is empty, env 1's three rows come first
    assertEquals(3, m.occupied());
    assertEquals(3 * 2, pairs.length);
    assertArrayEquals(new int[] {0, 0}, offsets);
    // env 1's slots: the first three entries, two of which the two later ones replaced at random
    List<Float> slots = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      assertEquals(-2f, pairs[j * 2]);
      slots.add(pairs[j * 2 + 1]);
    }
    assertTrue(slots.contains(13f) || slots.contains(14f), "replacement happened: " + slots);
    EpisodicMemory again = new EpisodicMemory(2, 3, 1, 1);
    Rng same = new Rng(1);
    for (int k = 0; k < 5; k++) {
      again.add(1, new float[] {k}, 0, new float[] {10 + k}, 0, same);
    }
    assertArrayEquals(pairs, again.pairs(new float[] {-1, -2}, new int[2]), "same RNG, same replacements");
    m.add(0, new float[] {7}, 0, new float[] {17}, 0, rng);
    float[] both = m.pairs(new float[] {-1, -2}, offsets);
    assertArrayEquals(new int[] {0, 1}, offsets, "env 0's one row, then env 1's three");
    assertArrayEquals(new float[] {-1, 17}, Arrays.copyOf(both, 2));
    m.clear(1);
    assertEquals(0, m.size(1));
  }

  @Test
  void pairsAreWithinKOrBeyondTheGapInOneEpisode() {
    // frames carry (episode, step), so each sampled pair shows its own gap
    TrajectoryBuffer buf = new TrajectoryBuffer(2, 10_000);
    for (int e = 0; e < 3; e++) {
      float[] ep = new float[40 * 2];
      for (int t = 0; t < 40; t++) {
        ep[2 * t] = e;
        ep[2 * t + 1] = t;
      }
      buf.addEpisode(e % 2, ep);
    }
    TrajectoryBuffer.Pairs p = buf.sample(200, 3, 4, false, new Rng(2));
    for (int i = 0; i < 200; i++) {
      assertEquals(p.a()[2 * i], p.b()[2 * i], "same episode");
      float gap = Math.abs(p.a()[2 * i + 1] - p.b()[2 * i + 1]);
      if (i < 100) {
        assertEquals(1f, p.labels()[i]);
        assertTrue(gap >= 1 && gap <= 3, "positive gap " + gap);
      } else {
        assertEquals(0f, p.labels()[i]);
        assertTrue(gap > 12, "negative gap " + gap);
      }
    }
    assertEquals(null, new TrajectoryBuffer(2, 100).sample(4, 3, 4, false, new Rng(2)), "no episodes, no pairs");
    int[] gaps = new int[4];
    TrajectoryBuffer.Pairs self = buf.sample(2000, 3, 4, true, new Rng(2));
    for (int i = 0; i < 1000; i++) {
      gaps[(int) Math.abs(self.a()[2 * i + 1] - self.b()[2 * i + 1])]++;
    }
    assertTrue(gaps[0] > 150 && gaps[0] < 350, "with self pairs about a quarter of positives are gap 0: " + gaps[0]);
    for (int g = 1; g <= 3; g++) {
      assertTrue(gaps[g] > 150, "gap " + g + " still drawn: " + gaps[g]);
    }
  }

  @Test
  void bonusIsZeroUntilTheComparatorTrainsAndComputeReturnsWhatObserveRecorded() {
    EpisodicCuriosity ec = new EpisodicCuriosity(ModuleContractTests.smallEc(), new int[] {5}, 3, 1);
    Trajectory r = Trajectories.random(new Rng(4), 6, 4, new int[] {5}, 3, 0.1);
    for (float v : Host.floats(ec.compute(r))) {
      assertEquals(0f, v);
    }
    ec.update(Trajectories.random(new Rng(5), 6, 4, new int[] {5}, 3, 0.0));
    assertTrue(ec.trained());
    INDArray replayed = ec.compute(r);
    for (int t = 0; t < 6; t++) {
      StepBatch s = step(r, t);
      ec.observe(s);
      for (int i = 0; i < s.envs(); i++) {
        if (s.terminated()[i]) {
          ec.onEpisodeEnd(i);
        }
      }
    }
    assertArrayEquals(Host.floats(replayed), Host.floats(ec.compute(r)),
        "observing the rollout from the same memories records what a replay computes");
    float max = (float) (0.05 * 0.5);
    for (float v : Host.floats(replayed)) {
      assertTrue(v <= max + 1e-6 && v >= 0.05 * (0.5 - 1) - 1e-6, "bonus " + v + " outside alpha (beta - [0, 1])");
    }
  }

  private static StepBatch step(Trajectory r, int t) {
    float[] flags = Host.floats(r.done().getRow(t));
    boolean[] done = new boolean[r.envs()];
    for (int i = 0; i < done.length; i++) {
      done[i] = flags[i] != 0;
    }
    return new StepBatch(r.observations().get(NDArrayIndex.point(t)).dup(), r.actions().getRow(t).dup(),
        r.nextObservations().get(NDArrayIndex.point(t)).dup(), done, new boolean[r.envs()]);
  }

  @Test
  void configNamesTheKey() {
    EcConfig d = EcConfig.defaults();
    ConfigException e = assertThrows(ConfigException.class, () -> d.toBuilder().noveltyThreshold(1.5)
        .pretrained(false).episodic(true).coefficient(1.0).build());
    assertTrue(e.getMessage().startsWith("rewards.ec.noveltyThreshold: must be in (0.0, 1.0), got 1.5"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> d.toBuilder().head("sum").pretrained(false).episodic(true)
        .coefficient(1.0).build());
    assertTrue(e.getMessage().startsWith("rewards.ec.head: must be one of [concat, difference], got sum"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> d.withReach(50, 40));
    assertTrue(e.getMessage().startsWith("rewards.ec.bufferSteps: must exceed negativeGap * k + 1 = 2001"), e.getMessage());
  }
}
