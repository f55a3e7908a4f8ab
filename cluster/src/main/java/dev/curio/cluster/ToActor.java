package dev.curio.cluster;

/** A message an actor node's actor takes: from the learner ({@link Welcome}, {@link Parameters}, {@link Ack}) or its own. */
public interface ToActor {}
