package dev.curio.representation.acstate;

/**
 * Episodes of integer observations and actions, the data of the exact tabular check. Episode
 * {@code e} of length {@code L_e} has observations {@code x_0 .. x_{L_e}} ({@code [L_e + 1]}) and
 * actions {@code a_0 .. a_{L_e - 1}} ({@code [L_e]}); {@code a_t} was taken in {@code x_t} and led to
 * {@code x_{t+1}}. No pair of steps from two episodes is ever counted together ({@link KStepCounts}).
 *
 * <p>Immutable: the constructor copies its arrays and the accessors read single values.
 */
public final class TabularData {
  private final int numObservations;
  private final int numActions;
  private final int[][] observations;
  private final int[][] actions;
  private final int transitions;

  /**
   * @param numObservations observations are integers in {@code [0, numObservations)}
   * @param numActions actions are integers in {@code [0, numActions)}
   * @param observations {@code [E][L_e + 1]}, per episode
   * @param actions {@code [E][L_e]}, per episode
   * @throws IllegalArgumentException if the shapes disagree, a value is out of range, or there is
   *     no transition at all
   */
  public TabularData(int numObservations, int numActions, int[][] observations, int[][] actions) {
    if (numObservations < 1) {
      throw new IllegalArgumentException("numObservations must be at least 1, got " + numObservations);
    }
    if (numActions < 1) {
      throw new IllegalArgumentException("numActions must be at least 1, got " + numActions);
    }
    if (observations == null || actions == null || observations.length != actions.length) {
      throw new IllegalArgumentException("observations and actions must have one row per episode each");
    }
    int total = 0;
    this.observations = new int[observations.length][];
    this.actions = new int[actions.length][];
    for (int e = 0; e < observations.length; e++) {
      int[] o = observations[e];
      int[] a = actions[e];
      if (o == null || a == null || o.length != a.length + 1) {
        throw new IllegalArgumentException("episode " + e + " must have one more observation than actions");
      }
      for (int x : o) {
        if (x < 0 || x >= numObservations) {
          throw new IllegalArgumentException(
              "episode " + e + ": observation " + x + " is not in [0, " + numObservations + ")");
        }
      }
      for (int u : a) {
        if (u < 0 || u >= numActions) {
          throw new IllegalArgumentException("episode " + e + ": action " + u + " is not in [0, " + numActions + ")");
        }
      }
      this.observations[e] = o.clone();
      this.actions[e] = a.clone();
      total += a.length;
    }
    if (total == 0) {
      throw new IllegalArgumentException("transitions: the data has none (every episode is empty)");
    }
    this.numObservations = numObservations;
    this.numActions = numActions;
    this.transitions = total;
  }

  /** Observations are integers in {@code [0, numObservations())}. */
  public int numObservations() {
    return numObservations;
  }

  /** Actions are integers in {@code [0, numActions())}. */
  public int numActions() {
    return numActions;
  }

  /** Number of episodes. */
  public int episodes() {
    return observations.length;
  }

  /** Number of transitions (actions) in episode {@code e}. */
  public int length(int e) {
    return actions[e].length;
  }

  /** Total number of transitions over all episodes. */
  public int transitions() {
    return transitions;
  }

  /** Observation {@code x_t} of episode {@code e}, {@code 0 <= t <= length(e)}. */
  public int observation(int e, int t) {
    return observations[e][t];
  }

  /** Action {@code a_t} of episode {@code e}, {@code 0 <= t < length(e)}. */
  public int action(int e, int t) {
    return actions[e][t];
  }
}
