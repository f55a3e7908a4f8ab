package dev.curio.cluster;

import java.util.Objects;

/** The learner took a {@link Rollout} and has no parameters newer than those it was collected with: send the next. */
public record Ack(String run) implements ClusterMessage, ToActor {
  public Ack {
    Objects.requireNonNull(run, "run");
  }
}
