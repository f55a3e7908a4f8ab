package dev.curio.loop.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.rewards.EcConfig;
import dev.curio.rewards.EpisodicCuriosity;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Episodic curiosity's comparator, pre-trained on random walks in a 9x9 room
 * ({@code maze:open-11x11-pos}, 20k steps), classifies held-out pairs (10k steps of other walks) as
 * within k steps or more than {@code negativeGap * k} apart.
 *
 * <p>In a room this small the paper's k = 5, gamma = 5 cannot reach 0.9: a random walk mixes within a
 * few dozen steps, so two observations more than 25 steps apart are often a few cells apart, just
 * like two observations 5 steps apart. {@link #ceiling} computes the best accuracy any classifier of
 * the two positions can reach on the held-out pair distribution; the test checks that it is below
 * 0.9 at k = 5 and that the comparator comes close to it, and that at k = 1 (where the ceiling is
 * higher) the comparator reaches 0.9. Numbers in docs/rewards.md.
 */
class ReachabilityAccuracyTest {
  private static final String ROOM = "maze:open-11x11-pos";
  private static List<float[]> train;
  private static List<float[]> heldOut;
  private static int obsDim;

  @BeforeAll
  static void walks() {
    WalkWorld room = WalkWorld.of(ROOM);
    obsDim = room.obsDim();
    train = room.walks(0, 20_000, 1);
    heldOut = room.walks(0, 10_000, 2);
  }

  private static double accuracy(int k, int negativeGap) {
    EcConfig c = EcConfig.defaults().withReach(k, negativeGap).withPretrained(true);
    EpisodicCuriosity ec = new EpisodicCuriosity(c, new int[] {obsDim}, 4, 3);
    ec.pretrain(train);
    double acc = ec.accuracy(heldOut, 4000, 7);
    System.out.printf("reachability k=%d gamma=%d: held-out accuracy %.3f, ceiling %.3f%n", k, negativeGap, acc,
        ceiling(k, negativeGap));
    return acc;
  }

  @Test
  void reaches09AtK1() {
    double acc = accuracy(1, 5);
    assertTrue(acc >= 0.9, "held-out accuracy at k = 1, gamma = 5: " + acc);
  }

  @Test
  void comesCloseToTheRoomsCeilingAtThePapersK5() {
    double ceiling = ceiling(5, 5);
    assertTrue(ceiling < 0.9, "the 9x9 room's ceiling at k = 5, gamma = 5 should be below 0.9: " + ceiling);
    double acc = accuracy(5, 5);
    assertTrue(acc >= ceiling - 0.06, "held-out accuracy " + acc + " should come within 0.06 of the ceiling " + ceiling);
  }

  /**
   * The Bayes accuracy on held-out pairs when positives (gap 1..k) and negatives (gap > gamma k) are
   * equally likely and, within a class, every pair of one episode is equally likely: sum over
   * position pairs of max(P(pair | positive), P(pair | negative)) / 2. Observations are position
   * one-hot, so the position is the whole observation and no classifier can beat this.
   */
  static double ceiling(int k, int negativeGap) {
    int cells = obsDim;
    double[] pos = new double[cells * cells];
    double[] neg = new double[cells * cells];
    double posTotal = 0;
    double negTotal = 0;
    for (float[] ep : heldOut) {
      int len = ep.length / obsDim;
      int[] at = new int[len];
      for (int t = 0; t < len; t++) {
        for (int c = 0; c < obsDim; c++) {
          if (ep[t * obsDim + c] != 0) {
            at[t] = c;
          }
        }
      }
      for (int i = 0; i < len; i++) {
        for (int j = 0; j < len; j++) {
          int gap = Math.abs(i - j);
          if (gap >= 1 && gap <= k) {
            pos[at[i] * cells + at[j]]++;
            posTotal++;
          } else if (gap > negativeGap * k) {
            neg[at[i] * cells + at[j]]++;
            negTotal++;
          }
        }
      }
    }
    double best = 0;
    for (int p = 0; p < pos.length; p++) {
      best += Math.max(pos[p] / posTotal, neg[p] / negTotal);
    }
    return best / 2;
  }
}
