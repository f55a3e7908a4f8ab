package dev.curio.representation.acstate;

import dev.curio.core.Rng;

/**
 * A tabular world with one exogenous bit: the agent's action moves a control-endogenous state
 * {@code s} in {@code [0, S)} deterministically, and a bit {@code e} it cannot influence flips on its
 * own with probability {@code flipProbability} each step. The agent sees only the observation
 * {@code x = s + S·e}, one of {@code 2S} integers, so an encoder that keeps what the agent controls
 * and drops the noise is the partition of the observations into the {@code S} pairs
 * {@code {s, s + S}} ({@link #truePartition()}).
 *
 * <p>The two worlds of the numerical experiment of Levine, Stone and Zhang 2024 ("Multistep Inverse
 * Is Not All You Need", arXiv 2403.11940; the authors' code is {@code numerical_experiments.py} in
 * github.com/midi-lab/acdf) are {@link #fiveState} and {@link #periodic}: five states, two actions,
 * the bit flipping with probability {@link #PAPER_FLIP_PROBABILITY}; the observation numbering
 * {@code s + 5e} is theirs.
 *
 * <p>Immutable; {@link #step} and {@link #sample} draw only from the {@link Rng} they are given.
 */
public final class TabularWorld {
  /** The exogenous bit's flip probability in the paper's experiments. */
  public static final double PAPER_FLIP_PROBABILITY = 0.25;

  private final String name;
  private final int[][] next;
  private final int states;
  private final int actions;
  private final double flipProbability;

  /**
   * @param name a short name for tables and messages
   * @param next {@code [actions][states]}: {@code next[a][s]} is the endogenous state after action
   *     {@code a} in state {@code s}; copied
   * @param flipProbability the probability that the exogenous bit flips in one step, in {@code [0, 1]}
   */
  public TabularWorld(String name, int[][] next, double flipProbability) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    if (next == null || next.length < 1 || next[0] == null || next[0].length < 1) {
      throw new IllegalArgumentException("next must be a non-empty [actions][states] table");
    }
    if (!(flipProbability >= 0 && flipProbability <= 1)) {
      throw new IllegalArgumentException("flipProbability must be in [0, 1], got " + flipProbability);
    }
    int s = next[0].length;
    int[][] copy = new int[next.length][];
    for (int a = 0; a < next.length; a++) {
      if (next[a] == null || next[a].length != s) {
        throw new IllegalArgumentException("next[" + a + "] must have " + s + " states like next[0]");
      }
      for (int i = 0; i < s; i++) {
        if (next[a][i] < 0 || next[a][i] >= s) {
          throw new IllegalArgumentException(
              "next[" + a + "][" + i + "] must be a state in [0, " + s + "), got " + next[a][i]);
        }
      }
      copy[a] = next[a].clone();
    }
    this.name = name;
    this.next = copy;
    this.states = s;
    this.actions = next.length;
    this.flipProbability = flipProbability;
  }

  /**
   * The paper's main tabular example (the authors' {@code control_example}): five states, two
   * actions, and from every state the two actions lead to different states, so a one-step inverse
   * model can tell them apart.
   *
   * <pre>
   *   state      0  1  2  3  4
   *   action 0   4  1  0  2  4
   *   action 1   0  4  1  1  3
   * </pre>
   */
  public static TabularWorld fiveState(double flipProbability) {
    return new TabularWorld("five-state", new int[][] {{4, 1, 0, 2, 4}, {0, 4, 1, 1, 3}}, flipProbability);
  }

  /**
   * The paper's periodic counter-example (the authors' {@code periodic_example}): the action matters
   * only in state 0, which leads into one of two loops of length three, {@code 0 -> 1 -> 2 -> 0}
   * (action 0) and {@code 0 -> 3 -> 4 -> 0} (action 1). A multi-step inverse model can predict the
   * action as well from three codes ({@code {0}, {1, 4}, {2, 3}}, each with its exogenous twin; one
   * of several such encoders) as from the five states, because which of 1 and 4 (or 2 and 3) follows
   * state 0 after k steps is fixed by k; a forward model cannot, so only the forward term recovers
   * the five states.
   *
   * <pre>
   *   state      0  1  2  3  4
   *   action 0   1  2  0  4  0
   *   action 1   3  2  0  4  0
   * </pre>
   */
  public static TabularWorld periodic(double flipProbability) {
    return new TabularWorld("periodic", new int[][] {{1, 2, 0, 4, 0}, {3, 2, 0, 4, 0}}, flipProbability);
  }

  /** The short name given at construction. */
  public String name() {
    return name;
  }

  /** Number of observations, {@code 2 * states()}. */
  public int observations() {
    return 2 * states;
  }

  /** Number of control-endogenous states {@code S}. */
  public int states() {
    return states;
  }

  /** Number of actions. */
  public int actions() {
    return actions;
  }

  /** The exogenous bit's flip probability per step. */
  public double flipProbability() {
    return flipProbability;
  }

  /** The endogenous state after {@code action} in endogenous state {@code state}. */
  public int nextState(int state, int action) {
    return next[action][state];
  }

  /**
   * One step from observation {@code observation}: the endogenous part moves by the table, the bit
   * flips with probability {@link #flipProbability()}. Draws exactly one number from {@code rng}.
   */
  public int step(int observation, int action, Rng rng) {
    int s = observation % states;
    int e = observation / states;
    if (rng.nextBoolean(flipProbability)) {
      e = 1 - e;
    }
    return next[action][s] + states * e;
  }

  /**
   * The control-endogenous encoder as partition labels over the observations, {@code [observations()]}:
   * observation {@code x} goes to block {@code x mod S} (a restricted growth string, so it compares
   * directly with {@link SetPartitions}' labels).
   */
  public int[] truePartition() {
    int[] labels = new int[observations()];
    for (int x = 0; x < labels.length; x++) {
      labels[x] = x % states;
    }
    return labels;
  }

  /**
   * A random walk as the paper collects it: one unbroken episode of {@code transitions} steps.
   *
   * @see #sample(int, int, Rng)
   */
  public TabularData sample(int transitions, Rng rng) {
    return sample(transitions, transitions, rng);
  }

  /**
   * {@code transitions} steps of the uniform random policy, cut into episodes of
   * {@code episodeLength} transitions (the last may be shorter). Each episode starts from an
   * observation drawn uniformly from all {@code 2S} (the paper's initial distribution); each step
   * draws the action uniformly, then the bit's flip. The draws are sequential, so the data of a
   * shorter walk from a generator in the same state is a prefix of a longer one's.
   *
   * @param transitions at least 1
   * @param episodeLength at least 1; {@code >= transitions} gives one episode
   */
  public TabularData sample(int transitions, int episodeLength, Rng rng) {
    if (transitions < 1) {
      throw new IllegalArgumentException("transitions must be at least 1, got " + transitions);
    }
    if (episodeLength < 1) {
      throw new IllegalArgumentException("episodeLength must be at least 1, got " + episodeLength);
    }
    if (rng == null) {
      throw new IllegalArgumentException("rng must not be null");
    }
    int episodes = transitions / episodeLength + (transitions % episodeLength == 0 ? 0 : 1);
    int[][] obs = new int[episodes][];
    int[][] act = new int[episodes][];
    int left = transitions;
    for (int ep = 0; ep < episodes; ep++) {
      int len = Math.min(episodeLength, left);
      left -= len;
      int[] o = new int[len + 1];
      int[] a = new int[len];
      o[0] = rng.nextInt(observations());
      for (int t = 0; t < len; t++) {
        a[t] = rng.nextInt(actions);
        o[t + 1] = step(o[t], a[t], rng);
      }
      obs[ep] = o;
      act[ep] = a;
    }
    return new TabularData(observations(), actions, obs, act);
  }

  @Override
  public String toString() {
    return name + " (" + states + " states x 1 exogenous bit, flip " + flipProbability + ", "
        + actions + " actions)";
  }
}
