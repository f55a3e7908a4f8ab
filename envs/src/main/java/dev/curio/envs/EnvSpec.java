package dev.curio.envs;

import dev.curio.core.space.Space;
import java.util.Objects;

/**
 * What an env is: its id, observation and action spaces, and the step limit it applies itself
 * ({@code 0} when it applies none; a {@code TimeLimit} wrapper may add one).
 */
public record EnvSpec<O, A>(String id, Space<O> observationSpace, Space<A> actionSpace, int maxEpisodeSteps) {
  public EnvSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(observationSpace, () -> "observationSpace of env " + id);
    Objects.requireNonNull(actionSpace, () -> "actionSpace of env " + id);
    if (maxEpisodeSteps < 0) {
      throw new IllegalArgumentException("env " + id + ": maxEpisodeSteps must be >= 0, got " + maxEpisodeSteps);
    }
  }

  public EnvSpec<O, A> withMaxEpisodeSteps(int steps) {
    return new EnvSpec<>(id, observationSpace, actionSpace, steps);
  }

  public <O2> EnvSpec<O2, A> withObservationSpace(Space<O2> space) {
    return new EnvSpec<>(id, space, actionSpace, maxEpisodeSteps);
  }
}
