package dev.curio.cluster;

/**
 * What a learner node and its actor nodes send each other across JVMs. An actor node asks to {@link
 * Join}; the learner answers with a {@link Welcome} (the run's config) and its newest {@link
 * Parameters}; the actor then sends one {@link Rollout} at a time and waits for the learner's answer,
 * {@link Parameters} when newer ones exist, else an {@link Ack}. Trajectories one way, versioned
 * parameters the other: the contract of the in-process actor threads (loop's {@code ActorPool}).
 *
 * <p>Every message is written by {@link CurioSerializer}, which Pekko picks through the binding in
 * this module's {@code reference.conf}; Java serialisation is refused ({@link NodeConfig}).
 */
public sealed interface ClusterMessage permits Join, Welcome, Rollout, Parameters, Ack {}
