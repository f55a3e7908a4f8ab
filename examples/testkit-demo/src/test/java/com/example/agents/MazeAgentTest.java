package com.example.agents;

import static dev.curio.testkit.Claims.assertThat;
import static dev.curio.testkit.Claims.steps;
import static dev.curio.testkit.Claims.successRate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.testkit.AgentSpec;
import dev.curio.testkit.Agents;
import dev.curio.testkit.CurioTestkit;
import dev.curio.testkit.Maze;
import dev.curio.testkit.World;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/** What a user of curio-testkit writes: claims about their agents on mazes in the test. */
@ExtendWith(CurioTestkit.class)
class MazeAgentTest {
  private static final World CORRIDOR = Maze.parse("""
      #########
      #S.....G#
      #########""");

  /** PPO sized for a small maze: 4 envs x 32 steps per iteration. */
  private static final AgentSpec PPO = Agents.ppo().configured(c -> c.numEnvs(4).rolloutLength(32));

  @Test
  void ppoWalksTheCorridor() {
    assertThat(PPO).on(CORRIDOR).solves(successRate(0.9)).within(steps(20_000)).inAtLeast(2).of(2).seeds();
  }

  @Test
  void myVisitCountBonusTrainsBesidePpo() {
    assertThat(PPO.withReward("visits", (obsShape, numActions, seed) -> new VisitCountBonus()))
        .on(CORRIDOR).solves(successRate(0.9)).within(steps(20_000)).inAtLeast(1).of(1).seeds();
  }

  /** An impossible claim, expected to fail: its message is the verdict and one line per seed. */
  @Test
  void anImpossibleClaimFailsWithAReportPerSeed() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(PPO).on(CORRIDOR)
        .solves(successRate(0.9)).within(steps(128)).inParallel(1).inAtLeast(2).of(2).seeds());
    List<String> lines = e.getMessage().lines().toList();
    assertTrue(lines.get(0).startsWith("claim failed: ppo reaches a success rate of 0.90 on maze:test-maze-pos"
        + " within 128 steps in at least 2 of 2 seeds: reached in 0 of 2 seeds, needed 2"), lines.get(0));
    assertEquals(3, lines.size(), e.getMessage());
    assertTrue(lines.get(1).contains("ppo seed 1: missed after 128 steps") && lines.get(1).contains("metrics.csv"),
        lines.get(1));
    // one miss decides a 2-of-2 claim, so seed 2 never trains
    assertTrue(lines.get(2).endsWith("ppo seed 2: not run, the claim being decided"), lines.get(2));
  }

  @Test
  void mistakesInAClaimAreOneLineErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> assertThat(PPO).on(CORRIDOR).solves(successRate(0.9)).within(steps(1000)).inAtLeast(3).of(2).seeds());
    assertEquals("inAtLeast(3).of(2): k must be between 1 and n", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Agents.ppo().withReward("curiosity"));
    assertThrows(IllegalArgumentException.class, () -> steps(0));
  }
}
