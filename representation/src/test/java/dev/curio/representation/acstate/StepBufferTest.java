package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import org.junit.jupiter.api.Test;

class StepBufferTest {

  /**
   * Steps whose observation is {@code (episode, t)} and whose successor is {@code (episode, t + 1)}:
   * episodes of the given lengths, each ended by its last step.
   */
  private static StepBuffer withEpisodes(int capacity, int... lengths) {
    StepBuffer b = new StepBuffer(capacity, 2);
    for (int e = 0; e < lengths.length; e++) {
      for (int t = 0; t < lengths[e]; t++) {
        b.add(new float[] {e, t}, t % 2, new float[] {e, t + 1}, t == lengths[e] - 1);
      }
    }
    return b;
  }

  @Test
  void kNeverCrossesAnEpisodeEndAndIsClampedToIt() {
    int[] lengths = {1, 2, 3, 7, 2, 5};
    StepBuffer b = withEpisodes(100, lengths);
    StepBuffer.Batch batch = b.sample(4000, 5, new Rng(1));
    int[][] seen = new int[lengths.length][6];
    for (int i = 0; i < batch.size(); i++) {
      int e = (int) batch.observations()[2 * i];
      int t = (int) batch.observations()[2 * i + 1];
      int k = batch.ks()[i];
      assertEquals(e, (int) batch.targets()[2 * i], "the target is from the same episode");
      assertEquals(t + k, (int) batch.targets()[2 * i + 1], "the target is x_{t+k}");
      assertEquals(t + 1, (int) batch.nexts()[2 * i + 1], "nexts holds x_{t+1}");
      assertEquals(t % 2, batch.actions()[i]);
      assertTrue(k >= 1 && k <= Math.min(5, lengths[e] - t), "k = " + k + " at t = " + t + " of " + lengths[e]);
      seen[e][k]++;
    }
    // clamping, not rejection: from t = 0 of a 3-step episode, k = 3 happens with probability 3/5
    // (draws 3, 4 and 5 all clamp to 3), and every allowed k does occur
    assertEquals(0, seen[0][2]);
    assertTrue(seen[3][5] > 0, "a 7-step episode allows k = 5");
    assertTrue(seen[2][3] > 0 && seen[2][1] > 0 && seen[2][2] > 0);
  }

  @Test
  void kIsUniformWhereTheEpisodeIsLongEnough() {
    // one long episode: away from its end, k is uniform over 1..K (not always K)
    StepBuffer b = withEpisodes(2000, 2000);
    int maxK = 4;
    int n = 20_000;
    StepBuffer.Batch batch = b.sample(n, maxK, new Rng(7));
    int[] counts = new int[maxK + 1];
    for (int k : batch.ks()) {
      counts[k]++;
    }
    for (int k = 1; k <= maxK; k++) {
      // expected n/4 = 5000 (up to 3 of the last steps clamp); binomial sd about 61
      assertEquals(n / 4.0, counts[k], 300, "k = " + k + ": " + java.util.Arrays.toString(counts));
    }
  }

  @Test
  void aFullRingDropsTheOldestStepsAndTheRunningEpisodeIsClampedToTheNewestStep() {
    // capacity 4 over an episode of 3 and a running one of 3: the ring keeps (0,2), (1,0), (1,1), (1,2)
    StepBuffer b = new StepBuffer(4, 2);
    for (int t = 0; t < 3; t++) {
      b.add(new float[] {0, t}, 0, new float[] {0, t + 1}, t == 2);
    }
    for (int t = 0; t < 3; t++) {
      b.add(new float[] {1, t}, 0, new float[] {1, t + 1}, false);
    }
    assertEquals(4, b.size());
    assertEquals(1, b.stepsLeft(0, 5), "(0,2) ends its episode");
    assertEquals(3, b.stepsLeft(1, 5), "(1,0) reaches the newest step (1,2)");
    assertEquals(1, b.stepsLeft(3, 5));
    assertEquals(2, b.stepsLeft(1, 2), "at most maxK");
    StepBuffer.Batch batch = b.sample(500, 5, new Rng(3));
    for (int i = 0; i < batch.size(); i++) {
      assertEquals(batch.observations()[2 * i], batch.targets()[2 * i]);
      assertTrue(batch.targets()[2 * i + 1] <= 3);
    }
  }

  @Test
  void stateRoundTripsAndRefusesAnotherLayout() throws Exception {
    StepBuffer a = withEpisodes(10, 4, 9);
    Snapshot s = Snapshot.fromBytes(a.state().toBytes());
    StepBuffer b = new StepBuffer(10, 2);
    b.restore(s);
    StepBuffer.Batch x = a.sample(50, 3, new Rng(5));
    StepBuffer.Batch y = b.sample(50, 3, new Rng(5));
    assertArrayEquals(x.observations(), y.observations());
    assertArrayEquals(x.targets(), y.targets());
    assertArrayEquals(x.ks(), y.ks());
    assertEquals("AC-State snapshot entry 'buffer/capacity' is 10, this buffer has 11",
        assertThrows(IllegalArgumentException.class, () -> new StepBuffer(11, 2).restore(s)).getMessage());
  }

  @Test
  void badInputGetsOneLine() {
    StepBuffer b = new StepBuffer(3, 2);
    assertEquals("the AC-State buffer is empty; add steps before sampling",
        assertThrows(IllegalStateException.class, () -> b.sample(1, 1, new Rng(0))).getMessage());
    assertEquals("observation must have 2 values, got 3",
        assertThrows(IllegalArgumentException.class,
            () -> b.add(new float[3], 0, new float[2], false)).getMessage());
    assertEquals("action must be at least 0, got -1",
        assertThrows(IllegalArgumentException.class,
            () -> b.add(new float[2], -1, new float[2], false)).getMessage());
    b.add(new float[2], 0, new float[2], false);
    assertEquals("maxK must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> b.sample(1, 0, new Rng(0))).getMessage());
    assertEquals("capacity must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new StepBuffer(0, 2)).getMessage());
  }
}
