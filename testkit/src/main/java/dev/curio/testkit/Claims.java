package dev.curio.testkit;

import java.util.Objects;

/**
 * The testkit's entry points; one static import gives them all.
 *
 * <pre>{@code
 * import static dev.curio.testkit.Claims.*;
 *
 * @Test void rndSolvesTheCorridor() {
 *   assertThat(Agents.ppo().withReward("rnd"))
 *       .on(Maze.parse(CORRIDOR))
 *       .solves(successRate(0.9)).within(steps(200_000)).inAtLeast(4).of(5).seeds();
 * }
 * }</pre>
 */
public final class Claims {
  private Claims() {}

  /** Starts a claim about {@code agent}. */
  public static AgentClaim assertThat(AgentSpec agent) {
    return new AgentClaim(Objects.requireNonNull(agent, "agent"), null);
  }

  /**
   * Solved once at least {@code rate} of the last finished episodes (a window of 20 unless the claim
   * says otherwise) ended in success: terminated with a positive extrinsic return.
   */
  public static Target successRate(double rate) {
    return Target.successRate(rate);
  }

  /** Solved once the rolling mean extrinsic return over the last finished episodes reaches {@code value}. */
  public static Target meanReturn(double value) {
    return Target.meanReturn(value);
  }

  /** A budget of env steps per seed, counted over all env copies. */
  public static long steps(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("a step budget must be > 0, got " + n);
    }
    return n;
  }
}
