package dev.curio.envs.worlds.maze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The exploration difficulty of the shipped mazes, as the share of seeded random episodes that succeed. */
class RandomPolicyTest {
  static final MazeConfig POS = MazeConfig.defaults().withObservation(ObservationMode.POSITION);

  @Test
  void sparseMazeIsRarelySolvedByChance() {
    double rate = RandomPolicy.successRate(Mazes.make("sparse-maze", POS), 1000, 2024);
    assertTrue(rate < 0.05, "sparse-maze random success " + rate);
    assertTrue(rate > 0.0, "sparse-maze should still be solvable by chance now and then: " + rate);
  }

  @Test
  void smallMazeIsSolvedByChanceSometimes() {
    double rate = RandomPolicy.successRate(Mazes.make("small-maze", POS), 1000, 2024);
    assertTrue(rate >= 0.10 && rate <= 0.30, "small-maze random success " + rate);
  }

  @Test
  void openRoomIsEasyAndTheRateIsRepeatable() {
    double a = RandomPolicy.successRate(Mazes.make("open-7x7", POS), 300, 1);
    assertTrue(a > 0.5, "open-7x7 random success " + a);
    assertEquals(a, RandomPolicy.successRate(Mazes.make("open-7x7", POS), 300, 1));
  }
}
