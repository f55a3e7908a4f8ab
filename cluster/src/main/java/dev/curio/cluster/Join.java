package dev.curio.cluster;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/** An actor node asks the learner for a place in the run; the learner answers {@code replyTo}. */
public record Join(ActorRef<ToActor> replyTo) implements ClusterMessage, ToLearner {
  public Join {
    Objects.requireNonNull(replyTo, "replyTo");
  }
}
