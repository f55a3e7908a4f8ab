package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.testing.Trajectories;
import org.junit.jupiter.api.Test;

/**
 * Random-feature surprisal's input normalisation ({@code rewards.rfs.normalizeObservations}): the
 * encoder sees {@code (x - mean) / std} per feature, so once the statistics hold a rollout, rewards do
 * not depend on each feature's offset and (positive) scale; without normalisation they do.
 */
class RfsNormalizationTest {
  private static final int T = 8;
  private static final int N = 4;
  private static final int[] OBS = {6};

  /** {@code r} with every observation feature j mapped to {@code scale_j * x + offset_j}. */
  private static Trajectory affine(Trajectory r) {
    float[] obs = r.observations().dup().data().asFloat();
    float[] next = r.nextObservations().dup().data().asFloat();
    for (float[] a : new float[][] {obs, next}) {
      for (int k = 0; k < a.length; k++) {
        int j = k % OBS[0];
        a[k] = (float) ((1 + 10 * j) * a[k] + 3 - j);
      }
    }
    return Trajectories.of(obs, next, r.actions().dup().data().asFloat(), new float[T * N], new float[T * N], T, N,
        OBS);
  }

  private static float[] rewardsAfterTwoUpdates(RfsConfig config, Trajectory first, Trajectory second) {
    try (RandomFeatureSurprisal m = new RandomFeatureSurprisal(config, OBS, 3, 7)) {
      m.update(first);
      m.update(second);
      return m.compute(second).dup().data().asFloat();
    }
  }

  @Test
  void normalisedRewardsDoNotDependOnEachFeaturesOffsetAndScale() {
    Trajectory a = Trajectories.random(new Rng(1), T, N, OBS, 3, 0.0);
    Trajectory b = Trajectories.random(new Rng(2), T, N, OBS, 3, 0.0);
    float[] plain = rewardsAfterTwoUpdates(RfsConfig.defaults(), a, b);
    float[] moved = rewardsAfterTwoUpdates(RfsConfig.defaults(), affine(a), affine(b));
    assertArrayEquals(plain, moved, 2e-4f, "normalised inputs: the same rewards, whatever the features' units");

    RfsConfig off = RfsConfig.builder().normalizeObservations(false).build();
    float[] rawPlain = rewardsAfterTwoUpdates(off, a, b);
    float[] rawMoved = rewardsAfterTwoUpdates(off, affine(a), affine(b));
    double gap = 0;
    for (int k = 0; k < rawPlain.length; k++) {
      gap = Math.max(gap, Math.abs(rawPlain[k] - rawMoved[k]) / Math.max(1e-6, Math.abs(rawPlain[k])));
    }
    assertTrue(gap > 0.5, "without normalisation the units change the rewards (largest relative gap " + gap + ")");
  }

  @Test
  void theStatisticsAreInTheSnapshotAndAnOldSnapshotWithoutThemGoesOnWithoutNormalisation() {
    Trajectory a = Trajectories.random(new Rng(3), T, N, OBS, 3, 0.0);
    try (RandomFeatureSurprisal m = new RandomFeatureSurprisal(RfsConfig.defaults(), OBS, 3, 7);
         RandomFeatureSurprisal copy = new RandomFeatureSurprisal(RfsConfig.defaults(), OBS, 3, 99)) {
      m.update(affine(a));
      assertTrue(m.state().has("obs_stats"));
      copy.restore(m.state());
      assertArrayEquals(m.compute(a).dup().data().asFloat(), copy.compute(a).dup().data().asFloat(), 0f);
    }
    try (RandomFeatureSurprisal old = new RandomFeatureSurprisal(
             RfsConfig.builder().normalizeObservations(false).build(), OBS, 3, 7);
         RandomFeatureSurprisal now = new RandomFeatureSurprisal(RfsConfig.defaults(), OBS, 3, 99)) {
      old.update(a);
      now.update(affine(a));
      now.restore(old.state()); // a checkpoint from before the key: the run goes on without normalisation
      assertTrue(!now.state().has("obs_stats"));
      assertArrayEquals(old.compute(affine(a)).dup().data().asFloat(), now.compute(affine(a)).dup().data().asFloat(),
          0f, "it computes what the module that saved the snapshot computes");
    }
  }
}
