package dev.curio.cluster;

import dev.curio.agents.PolicyParameters;
import java.util.Objects;

/** The learner's newest parameters for the actors of {@code run}, versioned ({@link PolicyParameters#version()}). */
public record Parameters(String run, PolicyParameters parameters) implements ClusterMessage, ToActor {
  public Parameters {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(parameters, "parameters");
  }
}
