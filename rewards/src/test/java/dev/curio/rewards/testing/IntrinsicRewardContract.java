package dev.curio.rewards.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.StepBatch;
import dev.curio.rewards.UpdateStats;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The contract every {@link IntrinsicReward} keeps. Extend it, implement {@link #create(long)}, and
 * JUnit runs every check on your module: {@code compute} is pure (state bytes unchanged, same answer
 * twice), returns a finite {@code [T, N]} array, is a function of the seed, survives a state
 * round trip through bytes (before and after more updates, into a module built with another seed),
 * and episode ends leave non-episodic modules alone.
 *
 * <p>Override {@link #obsShape()} and {@link #numActions()} to test other shapes.
 */
public abstract class IntrinsicRewardContract {
  protected static final int T = 6;
  protected static final int N = 4;

  /** A new module for observations of {@link #obsShape()} and {@link #numActions()} actions. */
  protected abstract IntrinsicReward create(long seed);

  protected int[] obsShape() {
    return new int[] {2, 3};
  }

  protected int numActions() {
    return 3;
  }

  /**
   * Whether {@code update} changes what the module computes (true for every learning or counting
   * module); a module that never changes its rewards overrides this with false.
   */
  protected boolean learns() {
    return true;
  }

  /** The {@code k}-th synthetic rollout (the same for every call with the same {@code k}). */
  protected Trajectory rollout(int k) {
    return Trajectories.random(new Rng(1000 + k), T, N, obsShape(), numActions(), 0.15);
  }

  private static float[] host(INDArray a) {
    return Host.floats(a);
  }

  private static void assertSameRewards(INDArray expected, INDArray actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertArrayEquals(host(expected), host(actual), what);
  }

  @Test
  void computeReturnsFiniteTimeMajorRewards() {
    try (IntrinsicReward m = create(1)) {
      for (int k = 0; k < 3; k++) {
        INDArray r = m.compute(rollout(k));
        assertArrayEquals(new long[] {T, N}, r.shape(), "compute must return [T, N]");
        for (float v : host(r)) {
          assertTrue(Float.isFinite(v), "reward " + v + " is not finite");
        }
        UpdateStats s = m.update(rollout(k));
        s.values().forEach((name, v) -> assertTrue(Double.isFinite(v), "stat " + name + " = " + v));
      }
    }
  }

  @Test
  void computeChangesNoState() {
    try (IntrinsicReward m = create(1)) {
      m.update(rollout(0));
      byte[] before = Trajectories.bytes(m.state());
      INDArray first = m.compute(rollout(1));
      INDArray second = m.compute(rollout(1));
      m.compute(rollout(2));
      assertArrayEquals(before, Trajectories.bytes(m.state()), "compute changed the module's state");
      assertSameRewards(first, second, "compute twice on one rollout");
    }
  }

  @Test
  void sameSeedGivesSameRewards() {
    try (IntrinsicReward a = create(7); IntrinsicReward b = create(7)) {
      for (int k = 0; k < 3; k++) {
        assertSameRewards(a.compute(rollout(k)), b.compute(rollout(k)), "same seed, rollout " + k);
        a.update(rollout(k));
        b.update(rollout(k));
      }
      assertArrayEquals(Trajectories.bytes(a.state()), Trajectories.bytes(b.state()));
    }
  }

  @Test
  void restoredModuleContinuesIdentically() {
    try (IntrinsicReward a = create(1); IntrinsicReward b = create(2)) {
      a.update(rollout(0));
      a.update(rollout(1));
      b.restore(Trajectories.roundTrip(a.state()));
      assertSameRewards(a.compute(rollout(2)), b.compute(rollout(2)), "after restore");
      for (int k = 2; k < 4; k++) {
        a.update(rollout(k));
        b.update(rollout(k));
      }
      assertSameRewards(a.compute(rollout(4)), b.compute(rollout(4)), "after more updates on both");
      assertArrayEquals(Trajectories.bytes(a.state()), Trajectories.bytes(b.state()));
    }
  }

  @Test
  void updateChangesTheRewards() {
    org.junit.jupiter.api.Assumptions.assumeTrue(learns(), "module declares it does not learn");
    try (IntrinsicReward m = create(1)) {
      INDArray before = m.compute(rollout(0));
      m.update(rollout(0));
      assertFalse(java.util.Arrays.equals(host(before), host(m.compute(rollout(0)))),
          "an update should change the module's view of the rollout it learned from");
    }
  }

  @Test
  void episodeEndsAndObservedStepsKeepComputeWellFormed() {
    try (IntrinsicReward m = create(1)) {
      m.update(rollout(0));
      Trajectory r = rollout(1);
      INDArray before = m.compute(r);
      byte[] stateBefore = Trajectories.bytes(m.state());
      for (int t = 0; t < T; t++) {
        m.observe(step(r, t));
      }
      for (int i = 0; i < N; i++) {
        m.onEpisodeEnd(i);
      }
      INDArray after = m.compute(r);
      assertArrayEquals(new long[] {T, N}, after.shape());
      for (float v : host(after)) {
        assertTrue(Float.isFinite(v));
      }
      if (!m.stream().episodic()) {
        assertSameRewards(before, after, "a non-episodic stream must not forget at episode ends");
        assertArrayEquals(stateBefore, Trajectories.bytes(m.state()));
      }
    }
  }

  /** Step {@code t} of {@code r} as {@link IntrinsicReward#observe} would have seen it. */
  protected static StepBatch step(Trajectory r, int t) {
    boolean[] term = new boolean[r.envs()];
    float[] flags = host(r.terminated().getRow(t));
    for (int i = 0; i < term.length; i++) {
      term[i] = flags[i] != 0;
    }
    return new StepBatch(r.observations().get(NDArrayIndex.point(t)).dup(), r.actions().getRow(t).dup(),
        r.nextObservations().get(NDArrayIndex.point(t)).dup(), term, new boolean[r.envs()]);
  }

  /** The snapshot a fresh module of seed {@code seed} starts from. */
  protected Snapshot freshState(long seed) {
    try (IntrinsicReward m = create(seed)) {
      return m.state();
    }
  }

  @Test
  void restoreIntoFreshModuleOfSameSeedIsANoOp() {
    try (IntrinsicReward m = create(3)) {
      INDArray before = m.compute(rollout(0));
      m.restore(freshState(3));
      assertSameRewards(before, m.compute(rollout(0)), "restoring a fresh state of the same seed");
    }
  }
}
