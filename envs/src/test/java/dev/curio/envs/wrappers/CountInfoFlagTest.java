package dev.curio.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curio.envs.worlds.minigrid.MiniGridEnv;
import dev.curio.envs.worlds.minigrid.MultiRoomNoisyTvEnv;
import org.junit.jupiter.api.Test;

class CountInfoFlagTest {
  @Test
  void countsFlaggedStepsAcrossCopiesSharingATally() {
    CountInfoFlag.Tally tally = new CountInfoFlag.Tally();
    int[][] plans = {{MiniGridEnv.DROP, 0, MiniGridEnv.DROP}, {1, MiniGridEnv.DROP}};
    for (int[] plan : plans) {
      try (CountInfoFlag<float[], Integer> env =
               new CountInfoFlag<>(new MultiRoomNoisyTvEnv(2, 4), MultiRoomNoisyTvEnv.TV_PRESS, tally)) {
        env.reset(5);
        for (int a : plan) {
          env.step(a);
        }
      }
    }
    assertEquals(5, tally.steps());
    assertEquals(3, tally.flagged());
  }
}
