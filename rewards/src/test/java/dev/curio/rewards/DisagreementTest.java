package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.testing.Trajectories;
import org.junit.jupiter.api.Test;

/**
 * {@link Disagreement}: what it pays for. A transition the ensemble has learned stops paying while one it
 * has not still pays; and where the next state is random (a noisy TV), the models all learn the same mean
 * prediction, so the disagreement falls although each model's error stays large, which is the property
 * Pathak et al. (2019) built it for.
 */
class DisagreementTest {
  private static final int T = 8;
  private static final int N = 4;
  private static final int[] OBS = {6};
  private static final int ACTIONS = 3;

  private static double mean(float[] a) {
    double s = 0;
    for (float v : a) {
      s += v;
    }
    return s / a.length;
  }

  private static float[] rewards(IntrinsicReward m, Trajectory r) {
    return m.compute(r).dup().data().asFloat();
  }

  /** Every step from the same observation with the same action, to a next observation drawn at random. */
  private static Trajectory noisyTv(Rng rng) {
    float[] obs = new float[T * N * OBS[0]];
    float[] next = new float[obs.length];
    for (int k = 0; k < obs.length; k++) {
      obs[k] = k % OBS[0] == 0 ? 1f : 0f;
      next[k] = (float) rng.nextGaussian();
    }
    return Trajectories.of(obs, next, new float[T * N], new float[T * N], new float[T * N], T, N, OBS);
  }

  @Test
  void aLearnedTransitionStopsPayingAndAnUnseenOneStillPays() {
    Trajectory seen = Trajectories.random(new Rng(1), T, N, OBS, ACTIONS, 0.0);
    Trajectory unseen = Trajectories.random(new Rng(2), T, N, OBS, ACTIONS, 0.0);
    DisagreementConfig c = DisagreementConfig.builder().ensembleSize(3).gradientSteps(10).learningRate(3e-3).hidden(64).build();
    try (Disagreement m = new Disagreement(c, OBS, ACTIONS, 3)) {
      m.update(seen); // the observation statistics first, so the features do not move after this
      double before = mean(rewards(m, seen));
      for (int i = 0; i < 25; i++) {
        m.update(seen);
      }
      double after = mean(rewards(m, seen));
      double other = mean(rewards(m, unseen));
      System.out.printf("disagreement, learned: %.5f -> %.5f, unseen %.5f%n", before, after, other);
      assertTrue(after < 0.2 * before, "learned: " + before + " -> " + after);
      assertTrue(other > 3 * after, "an unseen transition pays " + other + ", a learned one " + after);
    }
  }

  @Test
  void aRandomNextStateStopsPayingWhileThePredictionErrorStaysLarge() {
    DisagreementConfig c = DisagreementConfig.builder().ensembleSize(3).gradientSteps(10).learningRate(3e-3).hidden(64).build();
    RfsConfig errorOnly = RfsConfig.builder().gradientSteps(10).learningRate(3e-3).build();
    Rng rng = new Rng(5);
    try (Disagreement d = new Disagreement(c, OBS, ACTIONS, 3);
         RandomFeatureSurprisal error = new RandomFeatureSurprisal(errorOnly, OBS, ACTIONS, 3)) {
      Trajectory first = noisyTv(rng);
      d.update(first);
      error.update(first);
      double dBefore = mean(rewards(d, first));
      for (int i = 0; i < 30; i++) {
        Trajectory r = noisyTv(rng);
        d.update(r);
        error.update(r);
      }
      Trajectory fresh = noisyTv(rng);
      double dAfter = mean(rewards(d, fresh));
      double eAfter = mean(rewards(error, fresh));
      System.out.printf("noisy TV: disagreement %.5f -> %.5f, error %.5f%n", dBefore, dAfter, eAfter);
      assertTrue(dAfter < 0.3 * dBefore, "disagreement on the noisy TV: " + dBefore + " -> " + dAfter);
      assertTrue(eAfter > 10 * dAfter, "a model's error stays at " + eAfter + " where the disagreement is " + dAfter);
    }
  }

  @Test
  void aSnapshotRestoresTheRewardsAndTheMasksOfTheNextUpdate() {
    Trajectory a = Trajectories.random(new Rng(1), T, N, OBS, ACTIONS, 0.0);
    Trajectory b = Trajectories.random(new Rng(2), T, N, OBS, ACTIONS, 0.0);
    // light settings (one step per update): what is restored does not depend on them
    DisagreementConfig light = DisagreementConfig.builder().gradientSteps(1).hidden(64).build();
    try (Disagreement m = new Disagreement(light, OBS, ACTIONS, 9);
         Disagreement copy = new Disagreement(light, OBS, ACTIONS, 10)) {
      m.update(a);
      copy.restore(Trajectories.roundTrip(m.state()));
      m.update(b);
      copy.update(b);
      float[] x = rewards(m, a);
      float[] y = rewards(copy, a);
      for (int k = 0; k < x.length; k++) {
        assertEquals(x[k], y[k], 0f, "step " + k + " after the same update from a restored snapshot");
      }
    }
  }

  @Test
  void settingsOutOfRangeAreOneLineErrorsNamingTheKey() {
    ConfigException one = assertThrows(ConfigException.class,
        () -> DisagreementConfig.builder().ensembleSize(1).build());
    assertEquals("rewards.disagreement.ensembleSize: must be 2..64 (the bonus is the models' disagreement), got 1",
        one.getMessage());
    ConfigException keep = assertThrows(ConfigException.class,
        () -> DisagreementConfig.builder().keepProbability(0).build());
    assertTrue(keep.getMessage().startsWith("rewards.disagreement.keepProbability: must be in (0, 1]"),
        keep.getMessage());
    try (Disagreement five = new Disagreement(DisagreementConfig.defaults(), OBS, ACTIONS, 1);
         Disagreement three = new Disagreement(DisagreementConfig.builder().ensembleSize(3).build(), OBS, ACTIONS, 1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> three.restore(five.state()));
      assertEquals("disagreement: the snapshot holds 5 forward models, this module has 3"
          + " (rewards.disagreement.ensembleSize)", e.getMessage());
    }
    try (Disagreement normalised = new Disagreement(DisagreementConfig.defaults(), OBS, ACTIONS, 1);
         Disagreement raw = new Disagreement(DisagreementConfig.builder().normalizeObservations(false).build(), OBS,
             ACTIONS, 1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> raw.restore(normalised.state()));
      assertEquals("disagreement: the snapshot was saved with normalizeObservations true, this module has false"
          + " (rewards.disagreement.normalizeObservations)", e.getMessage());
    }
  }
}
