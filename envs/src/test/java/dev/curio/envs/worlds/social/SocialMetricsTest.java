package dev.curio.envs.worlds.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SocialMetricsTest {
  private static final boolean F = false;
  private static final boolean X = true; // frozen

  /**
   * Three agents, four steps:
   * <pre>
   *   t   rewards      frozen
   *   1   1  0  0      -  -  -
   *   2   0  1  0      -  -  X
   *   3   1  0  0      -  X  X
   *   4   1  1  0      -  -  -
   * </pre>
   * R = (3, 2, 0), sum 5, T 4.
   * U = 5 / 4 = 1.25.
   * E: sum_i sum_j |R_i - R_j| = 2 (1 + 3 + 2) = 12; E = 1 - 12 / (2 * 3 * 5) = 0.6.
   * S: agent 0 rewarded at t = 1, 3, 4 (mean 8/3), agent 1 at 2, 4 (mean 3), agent 2 never (left out):
   *    S = (8/3 + 3) / 2 = 17/6.
   * P: 3 frozen agent-steps; P = (3 * 4 - 3) / 4 = 2.25.
   */
  private static SocialMetrics threeAgentsFourSteps() {
    SocialMetrics m = new SocialMetrics(3);
    m.step(new double[] {1, 0, 0}, new boolean[] {F, F, F});
    m.step(new double[] {0, 1, 0}, new boolean[] {F, F, X});
    m.step(new double[] {1, 0, 0}, new boolean[] {F, X, X});
    m.step(new double[] {1, 1, 0}, new boolean[] {F, F, F});
    return m;
  }

  @Test
  void goldenValuesOfAThreeAgentEpisode() {
    SocialMetrics m = threeAgentsFourSteps();
    SocialMetrics.Values v = m.result();
    assertEquals(1.25, v.efficiency(), 1e-15);
    assertEquals(0.6, v.equality(), 1e-15);
    assertEquals(17.0 / 6, v.sustainability(), 1e-15);
    assertEquals(2.25, v.peace(), 1e-15);
    assertEquals(4, m.steps());
    assertEquals(5.0, m.collectiveReturn());
    assertArrayEquals(new double[] {3, 2, 0}, m.returns());
    assertArrayEquals(new double[] {1.25, 0.6, 17.0 / 6, 2.25}, v.toArray(), 1e-15);
  }

  /**
   * Two agents, three steps, rewards (0, 2), (1, 0), (0, 1), agent 1 frozen at step 1:
   * R = (1, 3); U = 4/3; E = 1 - 2 * 2 / (2 * 2 * 4) = 0.75; S = (2 + (1 + 3)/2) / 2 = 2; P = (6 - 1) / 3 = 5/3.
   */
  @Test
  void goldenValuesOfATwoAgentEpisode() {
    SocialMetrics m = new SocialMetrics(2);
    m.step(new double[] {0, 2}, new boolean[] {F, X});
    m.step(new double[] {1, 0}, new boolean[] {F, F});
    m.step(new double[] {0, 1}, new boolean[] {F, F});
    SocialMetrics.Values v = m.result();
    assertEquals(4.0 / 3, v.efficiency(), 1e-15);
    assertEquals(0.75, v.equality(), 1e-15);
    assertEquals(2.0, v.sustainability(), 1e-15);
    assertEquals(5.0 / 3, v.peace(), 1e-15);
  }

  @Test
  void equalityIsOneWhenEqualAndOneOverNWhenOneAgentHasEverything() {
    assertEquals(1.0, SocialMetrics.equality(new double[] {2, 2, 2}));
    assertEquals(0.25, SocialMetrics.equality(new double[] {0, 7, 0, 0}), 1e-15);
    assertEquals(1.0, SocialMetrics.equality(new double[] {5}), "one agent is always equal to itself");
  }

  @Test
  void equalityIsNaNWhenNobodyGainedOrTheTotalIsNegative() {
    assertTrue(Double.isNaN(SocialMetrics.equality(new double[] {0, 0, 0})), "0/0: no gain to share");
    assertTrue(Double.isNaN(SocialMetrics.equality(new double[] {1, -1})), "a zero total from unequal returns");
    assertTrue(Double.isNaN(SocialMetrics.equality(new double[] {-1, -2})), "a negative total");
    // a positive total with a negative return: the formula as written, here below 0
    // sum |R_i - R_j| = 2 * 3 = 6, sum R = 1: 1 - 6 / (2 * 2 * 1) = -0.5
    assertEquals(-0.5, SocialMetrics.equality(new double[] {2, -1}), 1e-15);
  }

  @Test
  void anEpisodeWithoutRewardsHasNaNEqualityAndSustainabilityAndAllAtPeace() {
    SocialMetrics m = new SocialMetrics(2);
    for (int t = 0; t < 5; t++) {
      m.step(new double[] {0, 0}, new boolean[] {F, F});
    }
    SocialMetrics.Values v = m.result();
    assertEquals(0.0, v.efficiency());
    assertTrue(Double.isNaN(v.equality()));
    assertTrue(Double.isNaN(v.sustainability()));
    assertEquals(2.0, v.peace());
  }

  @Test
  void negativeRewardsCountInTheReturnButNotInSustainability() {
    // agent 0: -1 at t = 1, +1 at t = 2; agent 1: -2 at t = 2 only (never positive, left out of S)
    SocialMetrics m = new SocialMetrics(2);
    m.step(new double[] {-1, 0}, new boolean[] {F, F});
    m.step(new double[] {1, -2}, new boolean[] {F, F});
    SocialMetrics.Values v = m.result();
    assertEquals(-1.0, v.efficiency());
    assertEquals(2.0, v.sustainability());
    assertTrue(Double.isNaN(v.equality()), "total -2");
  }

  @Test
  void everyoneFrozenAllTheTimeIsPeaceZero() {
    SocialMetrics m = new SocialMetrics(2);
    m.step(new double[] {0, 0}, new boolean[] {X, X});
    m.step(new double[] {0, 0}, new boolean[] {X, X});
    assertEquals(0.0, m.result().peace());
  }

  @Test
  void resetStartsANewEpisode() {
    SocialMetrics m = threeAgentsFourSteps();
    m.reset();
    assertEquals(0, m.steps());
    m.step(new double[] {0, 0, 1}, new boolean[] {X, F, F});
    SocialMetrics.Values v = m.result();
    assertEquals(1.0, v.efficiency());
    assertEquals(1.0, v.sustainability());
    assertEquals(2.0, v.peace());
    assertEquals(1.0 / 3, v.equality(), 1e-15);
  }

  @Test
  void aRestoredStateContinuesExactly() {
    SocialMetrics unbroken = new SocialMetrics(3);
    SocialMetrics first = new SocialMetrics(3);
    double[][] rewards = {{0.1, 0.2, 0}, {0.7, 0, 0.3}, {0, 0, 1.1}, {0.3, 0.3, 0.3}};
    boolean[][] frozen = {{F, X, F}, {F, F, F}, {X, X, F}, {F, F, X}};
    for (int t = 0; t < 2; t++) {
      unbroken.step(rewards[t], frozen[t]);
      first.step(rewards[t], frozen[t]);
    }
    SocialMetrics second = new SocialMetrics(3);
    second.restore(first.state());
    for (int t = 2; t < 4; t++) {
      unbroken.step(rewards[t], frozen[t]);
      second.step(rewards[t], frozen[t]);
    }
    assertEquals(unbroken.result(), second.result());
    assertArrayEquals(unbroken.state(), second.state());
  }

  @Test
  void badInputIsOneLine() {
    SocialMetrics m = new SocialMetrics(3);
    assertMessage("social metrics: rewards must have one value per agent (3), got 2",
        () -> m.step(new double[] {0, 0}, new boolean[3]));
    assertMessage("social metrics: frozen must have one flag per agent (3), got 4",
        () -> m.step(new double[3], new boolean[4]));
    assertMessage("social metrics: rewards must have one value per agent (3), got null",
        () -> m.step(null, new boolean[3]));
    assertMessage("social metrics: agent 1's reward is NaN at step 1; rewards must be finite",
        () -> m.step(new double[] {0, Double.NaN, 0}, new boolean[3]));
    assertEquals(0, m.steps(), "a refused step changes nothing");
    assertMessage("social metrics need at least 1 agent, got 0", () -> new SocialMetrics(0));
    assertMessage("social metrics state: expected 11 values for 3 agents, got 2", () -> m.restore(new double[2]));
    double[] bad = new SocialMetrics(3).state();
    bad[0] = 2;
    bad[1] = 7; // 7 frozen agent-steps in 2 steps of 3 agents
    assertMessage("social metrics state: frozen agent-steps must be a whole number in [0, 6], got 7.0",
        () -> m.restore(bad));
    assertMessage("efficiency: steps must be >= 1, got 0", () -> SocialMetrics.efficiency(new double[2], 0));
    IllegalStateException e = assertThrows(IllegalStateException.class, m::result);
    assertEquals("social metrics: no step since the last reset; an episode has at least one", e.getMessage());
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }
}
