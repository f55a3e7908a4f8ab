package dev.curio.loop;

import java.util.List;
import java.util.Objects;

/**
 * A run begins (or resumes at {@code iteration} / {@code globalStep}).
 *
 * <p>Made with {@link #builder()}, every field by name; none is positional.
 */
public final class RunStart {
  private final TrainConfig config;
  private final String envId;
  private final int[] obsShape;
  private final int numActions;
  /** The reward-stream names, in value-head order. */
  private final List<String> streams;
  private final int iteration;
  private final long globalStep;
  private final long networkParameters;
  private final RunControl control;
  /** Agents per env (1 for single-agent worlds). */
  private final int numAgents;
  /**
   * Whether the run reports the social-dilemma metrics (efficiency, equality, sustainability, peace):
   * a multi-agent world that says which agents are frozen at each step ({@code MultiAgentEnv.reportsFrozen()}).
   */
  private final boolean socialMetrics;

  private RunStart(Builder b) {
    this.config = b.config;
    this.envId = b.envId;
    this.obsShape = b.obsShape;
    this.numActions = b.numActions;
    this.streams = b.streams;
    this.iteration = b.iteration;
    this.globalStep = b.globalStep;
    this.networkParameters = b.networkParameters;
    this.control = b.control;
    this.numAgents = b.numAgents;
    this.socialMetrics = b.socialMetrics;
  }


  public TrainConfig config() {
    return config;
  }

  public String envId() {
    return envId;
  }

  public int[] obsShape() {
    return obsShape;
  }

  public int numActions() {
    return numActions;
  }

  public List<String> streams() {
    return streams;
  }

  public int iteration() {
    return iteration;
  }

  public long globalStep() {
    return globalStep;
  }

  public long networkParameters() {
    return networkParameters;
  }

  public RunControl control() {
    return control;
  }

  public int numAgents() {
    return numAgents;
  }

  /** Whether the run reports the four social-dilemma metrics (a world with frozen flags, such as Harvest). */
  public boolean socialMetrics() {
    return socialMetrics;
  }

  /** A builder with every field unset (0, false or null). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.config = config;
    b.envId = envId;
    b.obsShape = obsShape;
    b.numActions = numActions;
    b.streams = streams;
    b.iteration = iteration;
    b.globalStep = globalStep;
    b.networkParameters = networkParameters;
    b.control = control;
    b.numAgents = numAgents;
    b.socialMetrics = socialMetrics;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RunStart o
        && Objects.equals(config, o.config)
        && Objects.equals(envId, o.envId)
        && Objects.equals(obsShape, o.obsShape)
        && numActions == o.numActions
        && Objects.equals(streams, o.streams)
        && iteration == o.iteration
        && globalStep == o.globalStep
        && networkParameters == o.networkParameters
        && Objects.equals(control, o.control)
        && numAgents == o.numAgents
        && socialMetrics == o.socialMetrics;
  }

  @Override
  public int hashCode() {
    return Objects.hash(config, envId, obsShape, numActions, streams, iteration, globalStep, networkParameters,
        control, numAgents, socialMetrics);
  }

  @Override
  public String toString() {
    return "RunStart[config=" + config
        + ", envId=" + envId
        + ", obsShape=" + obsShape
        + ", numActions=" + numActions
        + ", streams=" + streams
        + ", iteration=" + iteration
        + ", globalStep=" + globalStep
        + ", networkParameters=" + networkParameters
        + ", control=" + control
        + ", numAgents=" + numAgents
        + ", socialMetrics=" + socialMetrics
        + "]";
  }

  /** Fields by name. */
  public static final class Builder {
    private TrainConfig config;
    private String envId;
    private int[] obsShape;
    private int numActions;
    private List<String> streams;
    private int iteration;
    private long globalStep;
    private long networkParameters;
    private RunControl control;
    private int numAgents;
    private boolean socialMetrics;

    private Builder() {}

    public Builder config(TrainConfig config) {
      this.config = config;
      return this;
    }

    public Builder envId(String envId) {
      this.envId = envId;
      return this;
    }

    public Builder obsShape(int[] obsShape) {
      this.obsShape = obsShape;
      return this;
    }

    public Builder numActions(int numActions) {
      this.numActions = numActions;
      return this;
    }

    public Builder streams(List<String> streams) {
      this.streams = streams;
      return this;
    }

    public Builder iteration(int iteration) {
      this.iteration = iteration;
      return this;
    }

    public Builder globalStep(long globalStep) {
      this.globalStep = globalStep;
      return this;
    }

    public Builder networkParameters(long networkParameters) {
      this.networkParameters = networkParameters;
      return this;
    }

    public Builder control(RunControl control) {
      this.control = control;
      return this;
    }

    public Builder numAgents(int numAgents) {
      this.numAgents = numAgents;
      return this;
    }

    public Builder socialMetrics(boolean socialMetrics) {
      this.socialMetrics = socialMetrics;
      return this;
    }

    public RunStart build() {
      return new RunStart(this);
    }
  }
}
