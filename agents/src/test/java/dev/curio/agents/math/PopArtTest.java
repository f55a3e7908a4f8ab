package dev.curio.agents.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PopArtTest {
  @Test
  void initialStatisticsLeaveTargetsUnchanged() {
    PopArt.State s = PopArt.initial(3);
    assertArrayEquals(new double[] {0, 0, 0}, s.mu());
    assertArrayEquals(new double[] {1, 1, 1}, s.nu());
    assertArrayEquals(new double[] {1, 1, 1}, s.sigma());
    float[] y = {2.5f, -7f, 0f};
    assertArrayEquals(y, PopArt.normalize(s, y, new int[] {0, 1, 2}));
  }

  /**
   * By hand, beta 0.5. Output 0 sees targets 1 and 3 (m = 2, step 1 - 0.5^2 = 0.75): mu = 0.75 * 2 =
   * 1.5, nu = 1 + 0.75 (5 - 1) = 4, sigma = sqrt(4 - 2.25) = sqrt(1.75). Output 1 sees 10 (step 0.5):
   * mu = 5, nu = 1 + 0.5 (100 - 1) = 50.5, sigma = sqrt(25.5). Output 2 sees nothing.
   */
  @Test
  void artMatchesAHandComputation() {
    PopArt.State s = PopArt.art(PopArt.initial(3), new float[] {1, 3, 10}, new int[] {0, 0, 1}, 0.5, 1e-4, 1e6);
    assertArrayEquals(new double[] {1.5, 5, 0}, s.mu(), 1e-12);
    assertArrayEquals(new double[] {4, 50.5, 1}, s.nu(), 1e-12);
    assertArrayEquals(new double[] {Math.sqrt(1.75), Math.sqrt(25.5), 1}, s.sigma(), 1e-12);
    // the bounds clip sigma: [1.5, 2]
    PopArt.State c = PopArt.art(PopArt.initial(3), new float[] {1, 3, 10}, new int[] {0, 0, 1}, 0.5, 1.5, 2);
    assertArrayEquals(new double[] {1.5, 2, 1}, c.sigma(), 1e-12);
    // a variance below zero from rounding is clipped to the lower bound, never NaN
    PopArt.State flat = PopArt.art(PopArt.initial(1), new float[] {3, 3}, new int[] {0, 0}, 1.0, 1e-4, 1e6);
    assertEquals(3, flat.mu()[0], 1e-12);
    assertEquals(1e-4, flat.sigma()[0], 1e-12);
  }

  @Test
  void aBatchStepIsTheSequentialExponentialAverageOfEqualTargets() {
    double beta = 0.1;
    PopArt.State batch = PopArt.art(PopArt.initial(1), new float[] {3, 3, 3, 3, 3}, new int[5], beta, 1e-4, 1e6);
    PopArt.State seq = PopArt.initial(1);
    for (int i = 0; i < 5; i++) {
      seq = PopArt.art(seq, new float[] {3}, new int[] {0}, beta, 1e-4, 1e6);
    }
    assertEquals(seq.mu()[0], batch.mu()[0], 1e-12);
    assertEquals(seq.nu()[0], batch.nu()[0], 1e-12);
    // and to first order rlax's per-target step: mu + m * beta * (a - mu) when m * beta is small
    PopArt.State small = PopArt.art(PopArt.initial(1), new float[] {3, 3, 3, 3, 3}, new int[5], 1e-5, 1e-4, 1e6);
    assertEquals(5 * 1e-5 * 3, small.mu()[0], 1e-8); // they differ by (m beta)^2 / 2 * 3 = 3.75e-9
  }

  /** 1,000 targets at beta 0.01: rlax's summed step would move mu 10 times past the targets' mean; this one stops short. */
  @Test
  void aLargeBatchNeverOvershoots() {
    float[] fives = new float[1000];
    java.util.Arrays.fill(fives, 5f);
    PopArt.State s = PopArt.art(PopArt.initial(1), fives, new int[1000], 0.01, 1e-4, 1e6);
    assertTrue(s.mu()[0] <= 5 && s.mu()[0] > 4.999, "mu " + s.mu()[0]);
    assertTrue(s.nu()[0] <= 25 && s.nu()[0] > 24.99, "nu " + s.nu()[0]);
  }

  /**
   * W = [[1, 2], [3, 4]], b = [0.5, -1]; old mu [1, 2], sigma [2, 4]; new mu [3, -2], sigma [4, 1]:
   * ratios [0.5, 4], shifts [(1 - 3) / 4, (2 + 2) / 1] = [-0.5, 4], so W' = [[0.5, 8], [1.5, 16]] and
   * b' = [0.25 - 0.5, -4 + 4] = [-0.25, 0]. For h = [1, 1] the values stay 10 and 22.
   */
  @Test
  void popRescalesColumnsAsByHandAndPreservesTheValues() {
    INDArray w = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}});
    INDArray b = Nd4j.createFromArray(new float[][] {{0.5f, -1}});
    PopArt.State old = new PopArt.State(new double[] {1, 2}, new double[] {5, 20}, new double[] {2, 4});
    PopArt.State next = new PopArt.State(new double[] {3, -2}, new double[] {25, 5}, new double[] {4, 1});
    INDArray h = Nd4j.createFromArray(new float[][] {{1, 1}});
    float[] before = PopArt.unnormalize(old, h.mmul(w).addRowVector(b).toFloatVector(), new int[] {0, 1});
    PopArt.pop(w, b, old, next, new int[] {0, 1});
    assertArrayEquals(new float[] {0.5f, 8, 1.5f, 16}, w.reshape(4).toFloatVector(), 1e-6f);
    assertArrayEquals(new float[] {-0.25f, 0}, b.reshape(2).toFloatVector(), 1e-6f);
    float[] after = PopArt.unnormalize(next, h.mmul(w).addRowVector(b).toFloatVector(), new int[] {0, 1});
    assertArrayEquals(new float[] {10, 22}, before, 1e-6f);
    assertArrayEquals(before, after, 1e-5f);
  }

  @Test
  void normalizeAndUnnormalizeAreInverse() {
    PopArt.State s = new PopArt.State(new double[] {2, -100}, new double[] {13, 10_009}, new double[] {3, 3});
    float[] y = {5, -97, 2, -100};
    int[] idx = {0, 1, 0, 1};
    float[] n = PopArt.normalize(s, y, idx);
    assertArrayEquals(new float[] {1, 1, 0, 0}, n, 1e-6f);
    assertArrayEquals(y, PopArt.unnormalize(s, n, idx), 1e-4f);
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    PopArt.State s = PopArt.initial(2);
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> PopArt.art(s, new float[] {1}, new int[] {2}, 0.1, 1e-4, 1e6)).getMessage().contains("output 2"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> PopArt.art(s, new float[] {1}, new int[] {0}, 0, 1e-4, 1e6)).getMessage().contains("beta"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> PopArt.art(s, new float[] {1}, new int[] {0}, 0.1, 0, 1e6)).getMessage().contains("sigmaMin"));
    assertThrows(IllegalArgumentException.class, () -> PopArt.initial(0));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> PopArt.normalize(s, new float[] {1}, new int[] {5})).getMessage().contains("output 5"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> PopArt.unnormalize(s, new float[] {1, 2}, new int[] {0})).getMessage().contains("2 values but 1"));
    assertThrows(IllegalArgumentException.class, () -> PopArt.pop(Nd4j.zeros(DataType.FLOAT, 3, 2),
        Nd4j.zeros(DataType.FLOAT, 1, 3), s, s, new int[] {0, 1}));
  }
}
