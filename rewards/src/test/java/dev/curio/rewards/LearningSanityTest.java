package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.examples.CountBonus;
import dev.curio.rewards.examples.CountConfig;
import dev.curio.rewards.testing.Trajectories;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each module, trained on a few transitions seen over and over, must find them less rewarding than
 * transitions it has never seen (and less rewarding than before training).
 */
class LearningSanityTest {
  private static final int[] OBS = {8};
  private static final int ACTIONS = 4;
  private static final int T = 16;
  private static final int N = 8;

  /** Four fixed transitions, repeated to fill a [16, 8] rollout. */
  private static Trajectory familiar() {
    Rng rng = new Rng(11);
    float[][] s = new float[4][8];
    float[][] next = new float[4][8];
    for (float[][] a : new float[][][] {s, next}) {
      for (float[] row : a) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (float) rng.nextGaussian();
        }
      }
    }
    float[] obs = new float[T * N * 8];
    float[] nxt = new float[T * N * 8];
    float[] actions = new float[T * N];
    for (int k = 0; k < T * N; k++) {
      System.arraycopy(s[k % 4], 0, obs, k * 8, 8);
      System.arraycopy(next[k % 4], 0, nxt, k * 8, 8);
      actions[k] = k % 4;
    }
    return Trajectories.of(obs, nxt, actions, new float[T * N], new float[T * N], T, N, OBS);
  }

  private static Trajectory novel() {
    return Trajectories.random(new Rng(99), T, N, OBS, ACTIONS, 0.0);
  }

  private static void check(String name, Function<Long, IntrinsicReward> factory, int updates) {
    try (IntrinsicReward m = factory.apply(3L)) {
      Trajectory seen = familiar();
      double initial = m.compute(seen).meanNumber().doubleValue();
      for (int u = 0; u < updates; u++) {
        m.compute(seen);
        m.update(seen);
      }
      double trained = m.compute(seen).meanNumber().doubleValue();
      double fresh = m.compute(novel()).meanNumber().doubleValue();
      assertTrue(trained < initial, name + ": reward of the familiar transitions " + initial + " -> " + trained);
      assertTrue(trained < 0.5 * fresh, name + ": familiar " + trained + " should be well below novel " + fresh);
    }
  }

  @Test
  void icmFindsRepeatedTransitionsBoring() {
    IcmConfig d = IcmConfig.defaults();
    check("icm", seed -> new Icm(d.toBuilder().learningRate(3e-3).gradientSteps(2).forwardTrainsFeatures(false)
        .build(), OBS, ACTIONS, seed), 150);
  }

  @Test
  void rndFindsRepeatedObservationsBoring() {
    RndConfig d = RndConfig.defaults();
    check("rnd", seed -> new Rnd(d.toBuilder().learningRate(3e-3).gradientSteps(2).build(), OBS, ACTIONS, seed), 150);
  }

  @Test
  void rfsFindsRepeatedTransitionsBoring() {
    RfsConfig d = RfsConfig.defaults();
    check("rfs", seed -> new RandomFeatureSurprisal(d.toBuilder().learningRate(3e-3).gradientSteps(2)
        .build(), OBS, ACTIONS, seed), 150);
  }

  @Test
  void countFindsRepeatedObservationsBoring() {
    check("count", seed -> new CountBonus(CountConfig.defaults(), OBS, ACTIONS, seed), 5);
  }
}
