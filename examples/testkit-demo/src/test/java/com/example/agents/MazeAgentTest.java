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

  /**
   * A sparse maze: the goal is 21 moves from the start and an episode ends after 60 steps. Half of a
   * random walk's moves bump a wall, so it reaches the goal in about one episode in 6,000; plain PPO
   * has no reward to learn from, while RND's bonus for cells it has rarely seen leads the agent down
   * the corridor to the goal.
   */
  private static final World FAR_GOAL = Maze.parse("""
      ; name: far-goal
      ; max_steps: 60
      ########################
      #S....................G#
      ########################""");

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

  /**
   * The claim that makes an exploration test meaningful: with the same settings, world, target, budget
   * and seeds, PPO+RND solves the sparse maze and plain PPO does not. Measured on 2026-12-05 (AMD EPYC,
   * 2 cores; the testkit's runner, one seed at a time, success rate 0.9 over 20 episodes, 20k steps):
   * PPO+RND reached it in 9 of seeds 1-10, at 10.0k, 5.7k, 10.4k, 10.1k, 8.6k, 11.3k, 15.5k, 11.5k and
   * 9.0k steps (seed 10 ended at 0.30). Plain PPO reached it in 2 of 10, seeds 5 and 9 at 3.4k and
   * 5.1k steps: with no reward its normalised advantages are noise, its policy drifts, and in a
   * corridor a drift to the right is enough. The other 8 never saw the goal (0.00). With 15k steps
   * PPO+RND made it in 8 of 10 (seed 1 missed), so the budget is 20k. Hence 2 of 3: it costs PPO+RND's
   * seeds 1-2 to their target and plain PPO's seeds 1-2 to the full budget, 52 s in the invoked build
   * at a load average of 4-6; a change that redraws the trajectories breaks it about once in ten
   * (plain PPO making 2 of 3 at p = 0.2), PPO+RND about once in 35 (missing 2 of 3 at p = 0.1).
   */
  @Test
  void rndSolvesTheSparseMazeWherePlainPpoDoesNot() {
    assertThat(PPO.withReward("rnd")).outperforms(PPO).on(FAR_GOAL).solves(successRate(0.9)).within(steps(20_000))
        .inAtLeast(2).of(3).seeds();
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
