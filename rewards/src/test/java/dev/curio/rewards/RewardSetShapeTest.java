package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import dev.curio.rewards.examples.CountBonus;
import dev.curio.rewards.examples.CountConfig;
import dev.curio.rewards.testing.Trajectories;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A module whose rewards are not {@code [T, N]} is named with both shapes, never read flat onto the wrong steps. */
class RewardSetShapeTest {
  private static final int T = 6;
  private static final int N = 4;

  /** The count bonus with its rewards passed through {@code change}. */
  private static final class Reshaping extends ForwardingReward {
    private final UnaryOperator<INDArray> change;

    Reshaping(UnaryOperator<INDArray> change) {
      super(new CountBonus(CountConfig.defaults(), new int[] {5}, 3, 1));
      this.change = change;
    }

    @Override
    public INDArray compute(Trajectory rollout) {
      return change.apply(inner.compute(rollout));
    }

    @Override
    public UpdateStats update(Trajectory rollout) {
      return inner.update(rollout);
    }

    @Override
    public Snapshot state() {
      return inner.state();
    }

    @Override
    public void restore(Snapshot s) {
      inner.restore(s);
    }
  }

  private static String error(UnaryOperator<INDArray> change) {
    Trajectory r = Trajectories.random(new Rng(3), T, N, new int[] {5}, 3, 0.1);
    try (RewardSet set = new RewardSet(List.of(new Reshaping(change)))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.compute(r));
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      return e.getMessage();
    }
  }

  @Test
  void flatRewardsAreRefused() {
    String m = error(a -> a.reshape(T * N));
    assertTrue(m.startsWith("reward module 'count' (Reshaping) returned rewards of shape [24]"), m);
    assertTrue(m.contains("it must return [T, N] = [6, 4]"), m);
  }

  @Test
  void transposedRewardsAreRefused() {
    assertTrue(error(a -> a.transpose().dup()).contains("returned rewards of shape [4, 6]"));
  }

  @Test
  void nullIsRefused() {
    assertTrue(error(a -> null).contains("returned null from compute"));
  }

  @Test
  void rightShapePasses() {
    Trajectory r = Trajectories.random(new Rng(3), T, N, new int[] {5}, 3, 0.1);
    try (RewardSet set = new RewardSet(List.of(new Reshaping(a -> a)))) {
      assertEquals(List.of((long) T, (long) N), List.of(set.compute(r).get("count").shape()[0],
          set.compute(r).get("count").shape()[1]));
    }
  }
}
