package dev.curio.cluster;

import java.util.Objects;

/**
 * The learner took the {@link Rollout} numbered {@code seq} into its queue (newer {@link Parameters}, if any,
 * came just before): the actor sends its next rollout when {@code seq} is that of the last it sent, and
 * ignores the answer to a rollout it already stopped waiting for.
 */
public record Ack(String run, long seq) implements ClusterMessage, ToActor {
  public Ack {
    Objects.requireNonNull(run, "run");
  }
}
