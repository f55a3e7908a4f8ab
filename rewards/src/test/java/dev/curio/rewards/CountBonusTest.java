package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.examples.CountBonus;
import dev.curio.rewards.examples.CountConfig;
import dev.curio.rewards.testing.Trajectories;
import org.junit.jupiter.api.Test;

class CountBonusTest {
  /** One env visiting next observations 7, 7, 8, 7 (obsDim 1); terminated as given. */
  private static Trajectory visits(float[] terminated) {
    float[] next = {7, 7, 8, 7};
    return Trajectories.of(new float[4], next, new float[4], new float[4], terminated, 4, 1, new int[] {1});
  }

  @Test
  void runWideCountsIncludeTheVisitItselfAndPersistAcrossUpdates() {
    CountBonus m = new CountBonus(new CountConfig(1.0, false, 0.99, 1), new int[] {1}, 2, 0);
    Trajectory r = visits(new float[4]);
    // N = 1, 2, 1, 3
    float[] first = {1f, (float) (1 / Math.sqrt(2)), 1f, (float) (1 / Math.sqrt(3))};
    assertArrayEquals(first, Host.floats(m.compute(r)), 1e-6f);
    m.update(r);
    // committed: 7 three times, 8 once; N = 4, 5, 2, 6
    float[] second = {0.5f, (float) (1 / Math.sqrt(5)), (float) (1 / Math.sqrt(2)), (float) (1 / Math.sqrt(6))};
    assertArrayEquals(second, Host.floats(m.compute(r)), 1e-6f);
  }

  @Test
  void episodicCountsRestartAfterADoneStep() {
    CountBonus m = new CountBonus(new CountConfig(1.0, true, 0.99, 1), new int[] {1}, 2, 0);
    // done after step 1: the last visit to 7 is the first of a new episode
    Trajectory r = visits(new float[] {0, 1, 0, 0});
    float[] expected = {1f, (float) (1 / Math.sqrt(2)), 1f, 1f};
    assertArrayEquals(expected, Host.floats(m.compute(r)), 1e-6f);
    m.update(r);
    // the new episode carries {8: 1, 7: 1} into the next rollout (no done in it): N = 2, 3, 2, 4
    Trajectory next = visits(new float[4]);
    assertArrayEquals(new float[] {(float) (1 / Math.sqrt(2)), (float) (1 / Math.sqrt(3)), (float) (1 / Math.sqrt(2)),
        0.5f}, Host.floats(m.compute(next)), 1e-6f);
  }

  /**
   * After envsRestarted an episodic count starts every env's episode afresh, also through a decorator; a
   * run-wide count keeps its table.
   */
  @Test
  void envsRestartedStartsTheEpisodicCountsAgainAndKeepsTheRunWideOnes() {
    Trajectory r = visits(new float[4]);
    float[] fresh = {1f, (float) (1 / Math.sqrt(2)), 1f, (float) (1 / Math.sqrt(3))};
    IntrinsicReward episodic = new NormalizedReward(new CountBonus(new CountConfig(1.0, true, 0.99, 1), new int[] {1},
        2, 0), 5.0);
    CountBonus inner = (CountBonus) ((ForwardingReward) episodic).inner();
    inner.update(r);
    inner.envsRestarted();
    assertArrayEquals(fresh, Host.floats(inner.compute(r)), 1e-6f);
    inner.update(r);
    episodic.envsRestarted(); // through the decorator
    assertArrayEquals(fresh, Host.floats(inner.compute(r)), 1e-6f);

    CountBonus runWide = new CountBonus(new CountConfig(1.0, false, 0.99, 1), new int[] {1}, 2, 0);
    runWide.update(r);
    runWide.envsRestarted();
    float[] second = {0.5f, (float) (1 / Math.sqrt(5)), (float) (1 / Math.sqrt(2)), (float) (1 / Math.sqrt(6))};
    assertArrayEquals(second, Host.floats(runWide.compute(r)), 1e-6f);
  }
}
