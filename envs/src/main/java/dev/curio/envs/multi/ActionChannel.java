package dev.curio.envs.multi;

/**
 * A direct, known path from one agent's action to another's next observation: agent {@code observer}'s flattened
 * observation at t+1 holds agent {@code actor}'s action at t as a one-hot at elements {@code [offset, offset +
 * width)}, and nothing else in that observation depends on the actor's action at t. The speaker's word in the
 * listener's ear is one. Centralised social influence (Jaques et al. 2019, their first experiment) rewrites that
 * block to ask what the observer's policy would have done had the actor acted otherwise.
 *
 * @param actor the agent whose action is carried
 * @param observer the agent who observes it at the next step, not the actor
 * @param offset first element of the one-hot in the observer's flattened observation
 * @param width the one-hot's length (the actor's number of actions)
 */
public record ActionChannel(int actor, int observer, int offset, int width) {
  public ActionChannel {
    if (actor < 0 || observer < 0 || actor == observer) {
      throw new IllegalArgumentException("action channel: actor and observer must be two different agents >= 0, got "
          + actor + " and " + observer);
    }
    if (offset < 0 || width < 1) {
      throw new IllegalArgumentException("action channel: needs offset >= 0 and width >= 1, got " + offset + " and "
          + width);
    }
  }
}
