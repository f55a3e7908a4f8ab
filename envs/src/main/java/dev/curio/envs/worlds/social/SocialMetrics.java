package dev.curio.envs.worlds.social;

import java.util.Arrays;

/**
 * The social-dilemma metrics of Perolat et al. (NeurIPS 2017, "A multi-agent reinforcement learning
 * model of common-pool resource appropriation") for one episode of an N-agent world, accumulated one
 * joint step at a time.
 *
 * <p>With {@code T} the episode's steps, numbered {@code t = 1..T}, {@code r_i^t} agent i's reward at
 * step t and {@code R_i = sum_t r_i^t}:
 * <ul>
 *   <li><b>efficiency</b> {@code U = sum_i R_i / T}, the collective return per step;
 *   <li><b>equality</b> {@code E = 1 - sum_i sum_j |R_i - R_j| / (2 N sum_i R_i)}, one minus the Gini
 *       coefficient of the returns; NaN when {@code sum_i R_i <= 0} (see {@link #equality});
 *   <li><b>sustainability</b> {@code S}, the mean over agents of the mean step {@code t} at which the agent
 *       got a positive reward; an agent that never did is left out of the mean, and S is NaN when no
 *       agent did (see {@link #sustainability});
 *   <li><b>peace</b> {@code P = (N T - sum_i sum_t frozen_i^t) / T}, the mean number of agents not frozen
 *       per step, in {@code [0, N]}.
 * </ul>
 *
 * <p>Call order: {@link #step} once per joint step, {@link #result()} when the episode ends, then
 * {@link #reset()} before the next. {@link #state()} and {@link #restore} carry a half-finished episode
 * across a checkpoint; the sums are kept in the order the steps came, so a restored accumulator gives
 * the same doubles as one that never stopped.
 */
public final class SocialMetrics {
  /** The four metrics of one episode, or their rolling means. */
  public record Values(double efficiency, double equality, double sustainability, double peace) {
    /** {@code {efficiency, equality, sustainability, peace}}. */
    public double[] toArray() {
      return new double[] {efficiency, equality, sustainability, peace};
    }
  }

  private final int agents;
  /** {@code R_i} so far, {@code [N]}. */
  private final double[] returns;
  /** Per agent, the sum of the steps t (from 1) at which its reward was positive, {@code [N]}. */
  private final double[] rewardedStepSum;
  /** Per agent, how many of its steps had a positive reward, {@code [N]}. */
  private final double[] rewardedSteps;
  /** Agent-steps spent frozen so far. */
  private double frozenAgentSteps;
  private int steps;

  /** An empty episode of {@code agents} agents (at least 1). */
  public SocialMetrics(int agents) {
    if (agents < 1) {
      throw new IllegalArgumentException("social metrics need at least 1 agent, got " + agents);
    }
    this.agents = agents;
    this.returns = new double[agents];
    this.rewardedStepSum = new double[agents];
    this.rewardedSteps = new double[agents];
  }

  public int agents() {
    return agents;
  }

  /** Joint steps fed since the last {@link #reset()}. */
  public int steps() {
    return steps;
  }

  /**
   * One joint step.
   *
   * @param rewards {@code [N]}, agent i's reward at this step (finite)
   * @param frozen {@code [N]}, true where agent i was frozen (tagged out) at this step, its action ignored
   */
  public void step(double[] rewards, boolean[] frozen) {
    if (rewards == null || rewards.length != agents) {
      throw new IllegalArgumentException("social metrics: rewards must have one value per agent (" + agents + "), got "
          + (rewards == null ? "null" : rewards.length));
    }
    if (frozen == null || frozen.length != agents) {
      throw new IllegalArgumentException("social metrics: frozen must have one flag per agent (" + agents + "), got "
          + (frozen == null ? "null" : frozen.length));
    }
    for (int i = 0; i < agents; i++) {
      if (!Double.isFinite(rewards[i])) {
        throw new IllegalArgumentException("social metrics: agent " + i + "'s reward is " + rewards[i]
            + " at step " + (steps + 1) + "; rewards must be finite");
      }
    }
    steps++;
    for (int i = 0; i < agents; i++) {
      returns[i] += rewards[i];
      if (rewards[i] > 0) {
        rewardedStepSum[i] += steps;
        rewardedSteps[i]++;
      }
      if (frozen[i]) {
        frozenAgentSteps++;
      }
    }
  }

  /** The episode's returns {@code R_i} so far, {@code [N]} (a copy). */
  public double[] returns() {
    return returns.clone();
  }

  /** {@code sum_i R_i}, added in agent order. */
  public double collectiveReturn() {
    double sum = 0;
    for (double r : returns) {
      sum += r;
    }
    return sum;
  }

  /**
   * The metrics of the steps fed so far.
   *
   * @throws IllegalStateException when no step was fed (efficiency and peace divide by T)
   */
  public Values result() {
    if (steps == 0) {
      throw new IllegalStateException("social metrics: no step since the last reset; an episode has at least one");
    }
    double[] mean = new double[agents];
    for (int i = 0; i < agents; i++) {
      mean[i] = rewardedSteps[i] > 0 ? rewardedStepSum[i] / rewardedSteps[i] : Double.NaN;
    }
    return new Values(efficiency(returns, steps), equality(returns), sustainability(mean),
        peace(agents, steps, frozenAgentSteps));
  }

  /** Starts a new episode. */
  public void reset() {
    Arrays.fill(returns, 0);
    Arrays.fill(rewardedStepSum, 0);
    Arrays.fill(rewardedSteps, 0);
    frozenAgentSteps = 0;
    steps = 0;
  }

  /** {@code U = sum_i R_i / T}. */
  public static double efficiency(double[] returns, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("efficiency: steps must be >= 1, got " + steps);
    }
    double sum = 0;
    for (double r : returns) {
      sum += r;
    }
    return sum / steps;
  }

  /**
   * {@code E = 1 - sum_i sum_j |R_i - R_j| / (2 N sum_i R_i)}, one minus the Gini coefficient: 1 when all
   * returns are equal, {@code 1/N} when one agent has everything.
   *
   * <p>NaN when {@code sum_i R_i <= 0}. At 0 the formula is 0/0: nobody gained, and calling that
   * perfect equality would score a commons that collapsed (or never fed anyone) as the fairest
   * outcome. Below 0 (possible only with costs such as Harvest's {@code zapCost} or
   * {@code hitPenalty}) the Gini coefficient has no meaning as a share of a total. A caller that
   * averages episodes leaves such episodes out. With a positive total but some negative returns the
   * formula is applied as written and can fall below 0.
   */
  public static double equality(double[] returns) {
    int n = returns.length;
    if (n == 0) {
      throw new IllegalArgumentException("equality: needs at least one return");
    }
    double sum = 0;
    for (double r : returns) {
      sum += r;
    }
    if (!(sum > 0)) {
      return Double.NaN;
    }
    double diff = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        diff += Math.abs(returns[i] - returns[j]);
      }
    }
    return 1 - diff / (2 * n * sum);
  }

  /**
   * {@code S}, the mean of the agents' mean rewarded steps {@code t_i = E[t | r_i^t > 0]}, leaving out
   * agents whose {@code t_i} is NaN (no positive reward in the episode); NaN when every one is.
   * Leaving them out, rather than counting them as 0 or T, keeps S a time at which rewards were
   * actually collected: an agent that collected nothing says nothing about when.
   *
   * @param meanRewardedStep {@code [N]}, {@code t_i} per agent, NaN for an agent never rewarded
   */
  public static double sustainability(double[] meanRewardedStep) {
    double sum = 0;
    int count = 0;
    for (double t : meanRewardedStep) {
      if (!Double.isNaN(t)) {
        sum += t;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** {@code P = (N T - frozenAgentSteps) / T}. */
  public static double peace(int agents, int steps, double frozenAgentSteps) {
    if (steps < 1) {
      throw new IllegalArgumentException("peace: steps must be >= 1, got " + steps);
    }
    if (frozenAgentSteps < 0 || frozenAgentSteps > (double) agents * steps) {
      throw new IllegalArgumentException("peace: frozen agent-steps must be in [0, " + ((long) agents * steps)
          + "], got " + frozenAgentSteps);
    }
    return ((double) agents * steps - frozenAgentSteps) / steps;
  }

  /** Values in {@link #state()}: steps, frozen agent-steps, then per agent R_i, the rewarded-step sum and count. */
  public static int stateSize(int agents) {
    return 2 + 3 * agents;
  }

  /**
   * The half-finished episode, {@link #stateSize} values: {@code [steps, frozenAgentSteps, R_0..R_{N-1},
   * rewardedStepSum_0.., rewardedSteps_0..]}.
   */
  public double[] state() {
    double[] s = new double[stateSize(agents)];
    s[0] = steps;
    s[1] = frozenAgentSteps;
    System.arraycopy(returns, 0, s, 2, agents);
    System.arraycopy(rewardedStepSum, 0, s, 2 + agents, agents);
    System.arraycopy(rewardedSteps, 0, s, 2 + 2 * agents, agents);
    return s;
  }

  /**
   * Continues from {@link #state()}; checked first, so a state that cannot be an episode of this many
   * agents leaves this one as it was.
   */
  public void restore(double[] s) {
    if (s == null || s.length != stateSize(agents)) {
      throw new IllegalArgumentException("social metrics state: expected " + stateSize(agents) + " values for "
          + agents + " agents, got " + (s == null ? "null" : s.length));
    }
    double t = s[0];
    if (t != Math.rint(t) || t < 0 || t > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("social metrics state: steps must be a whole number >= 0, got " + t);
    }
    if (s[1] != Math.rint(s[1]) || s[1] < 0 || s[1] > agents * t) {
      throw new IllegalArgumentException("social metrics state: frozen agent-steps must be a whole number in [0, "
          + (long) (agents * t) + "], got " + s[1]);
    }
    for (int i = 0; i < agents; i++) {
      double count = s[2 + 2 * agents + i];
      double sum = s[2 + agents + i];
      if (!Double.isFinite(s[2 + i]) || count != Math.rint(count) || count < 0 || count > t
          || sum < count || sum > count * t) {
        throw new IllegalArgumentException("social metrics state: agent " + i + "'s values (return " + s[2 + i]
            + ", rewarded steps " + count + " summing to " + sum + ") cannot be an episode of " + (long) t + " steps");
      }
    }
    steps = (int) t;
    frozenAgentSteps = s[1];
    System.arraycopy(s, 2, returns, 0, agents);
    System.arraycopy(s, 2 + agents, rewardedStepSum, 0, agents);
    System.arraycopy(s, 2 + 2 * agents, rewardedSteps, 0, agents);
  }
}
