package dev.curio.envs.multi;

import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import java.util.List;
import java.util.Objects;

/** Identity and per-agent spaces of a {@link MultiAgentEnv}; index i belongs to agent i. */
public record MultiAgentSpec<O>(String id, List<Space<O>> observationSpaces, List<Discrete> actionSpaces,
                                int maxEpisodeSteps) {
  public MultiAgentSpec {
    Objects.requireNonNull(id, "id");
    observationSpaces = List.copyOf(observationSpaces);
    actionSpaces = List.copyOf(actionSpaces);
    if (observationSpaces.isEmpty() || observationSpaces.size() != actionSpaces.size()) {
      throw new IllegalArgumentException("env " + id + ": need one observation and one action space per agent, got "
          + observationSpaces.size() + " and " + actionSpaces.size());
    }
    if (maxEpisodeSteps < 0) {
      throw new IllegalArgumentException("env " + id + ": maxEpisodeSteps must be >= 0, got " + maxEpisodeSteps);
    }
  }

  public int numAgents() {
    return actionSpaces.size();
  }

  public Space<O> observationSpace(int agent) {
    return observationSpaces.get(agent);
  }

  public Discrete actionSpace(int agent) {
    return actionSpaces.get(agent);
  }
}
