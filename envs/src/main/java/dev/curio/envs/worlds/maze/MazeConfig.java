package dev.curio.envs.worlds.maze;

import java.util.Objects;

/**
 * How a {@link MazeEnv} is run, independent of its layout.
 *
 * @param observation what the agent sees
 * @param viewSize side of the egocentric window; odd, in {@code [3, 255]}; used only by {@link ObservationMode#EGOCENTRIC}
 * @param maxSteps step limit after which an episode is truncated; {@code 0} takes the layout's
 *     {@code max_steps} header, or else 4 x its free cells
 * @param decayGoalReward {@code false}: reaching the goal pays 1; {@code true}: it pays
 *     {@code 1 - 0.9 * t / maxSteps} as in MiniGrid (t = steps taken, the last one included)
 * @param lavaReward reward for stepping onto lava (the episode terminates); {@code 0} by default, may be negative
 * @param goalsEnd {@code true} (the default): stepping onto a goal pays and ends the episode; {@code false}:
 *     goals are plain floor, no reward and no end, so episodes run to the step limit (a reward-free world,
 *     as the random walks of the AC-State papers' gridworlds)
 */
public record MazeConfig(ObservationMode observation, int viewSize, int maxSteps, boolean decayGoalReward,
                         double lavaReward, boolean goalsEnd) {
  /** A config whose goals end the episode. */
  public MazeConfig(ObservationMode observation, int viewSize, int maxSteps, boolean decayGoalReward,
      double lavaReward) {
    this(observation, viewSize, maxSteps, decayGoalReward, lavaReward, true);
  }

  /** Default side of the egocentric window. */
  public static final int DEFAULT_VIEW_SIZE = 5;

  /** The widest egocentric window: it sees all of the largest layout from any cell. */
  public static final int MAX_VIEW_SIZE = 2 * MazeLayout.MAX_SIDE - 1;

  public MazeConfig {
    Objects.requireNonNull(observation, "observation");
    if (viewSize < 3 || viewSize % 2 == 0 || viewSize > MAX_VIEW_SIZE) {
      throw new IllegalArgumentException("MazeConfig.viewSize must be odd and in [3, " + MAX_VIEW_SIZE + "], got "
          + viewSize);
    }
    if (maxSteps < 0) {
      throw new IllegalArgumentException("MazeConfig.maxSteps must be >= 0 (0 = layout default), got " + maxSteps);
    }
    if (!Double.isFinite(lavaReward)) {
      throw new IllegalArgumentException("MazeConfig.lavaReward must be finite, got " + lavaReward);
    }
  }

  /** Fully observed, 5x5 view size, layout step limit, sparse reward 1, lava 0. */
  public static MazeConfig defaults() {
    return new MazeConfig(ObservationMode.FULL, DEFAULT_VIEW_SIZE, 0, false, 0.0);
  }

  public MazeConfig withObservation(ObservationMode mode) {
    return new MazeConfig(mode, viewSize, maxSteps, decayGoalReward, lavaReward, goalsEnd);
  }

  /** Egocentric observation with a {@code k x k} window. */
  public MazeConfig withEgocentricView(int k) {
    return new MazeConfig(ObservationMode.EGOCENTRIC, k, maxSteps, decayGoalReward, lavaReward, goalsEnd);
  }

  public MazeConfig withMaxSteps(int steps) {
    return new MazeConfig(observation, viewSize, steps, decayGoalReward, lavaReward, goalsEnd);
  }

  public MazeConfig withDecayGoalReward(boolean decay) {
    return new MazeConfig(observation, viewSize, maxSteps, decay, lavaReward, goalsEnd);
  }

  public MazeConfig withLavaReward(double reward) {
    return new MazeConfig(observation, viewSize, maxSteps, decayGoalReward, reward, goalsEnd);
  }

  /** Goals that end the episode ({@code true}) or plain floor ({@code false}, see {@link #goalsEnd()}). */
  public MazeConfig withGoalsEnd(boolean end) {
    return new MazeConfig(observation, viewSize, maxSteps, decayGoalReward, lavaReward, end);
  }

  /** The id suffix for this observation: {@code ""} (full), {@code -pos} or {@code -ego<k>}. */
  public String idSuffix() {
    return switch (observation) {
      case FULL -> "";
      case POSITION -> "-pos";
      case EGOCENTRIC -> "-ego" + viewSize;
    };
  }
}
