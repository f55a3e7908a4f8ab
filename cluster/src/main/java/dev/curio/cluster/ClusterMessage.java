package dev.curio.cluster;

/**
 * What a learner node and its actor nodes send each other across JVMs: trajectories one way
 * ({@link Rollout}), versioned parameters the other ({@link Parameters}), the two messages of the
 * in-process actor threads' contract (loop's {@code ActorPool}). Every implementation is written by
 * {@link CurioSerializer}, which Pekko picks through the binding in this module's {@code
 * reference.conf}; Java serialisation is refused ({@link NodeConfig}).
 */
public sealed interface ClusterMessage permits Rollout, Parameters {
  /** The run this message belongs to: a node refuses messages of another run. */
  String run();
}
