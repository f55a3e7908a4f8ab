package dev.curio.envs.multi;

/**
 * A direct, known path from one agent's action to another's next observation: agent {@code observer}'s flattened
 * observation at t+1 holds agent {@code actor}'s action at t as a one-hot at elements {@code [offset, offset +
 * width)}, and nothing else in that observation depends on that action. The speaker's word in the listener's ear is
 * one. Centralised social influence (Jaques et al. 2019, their first experiment) rewrites that block to ask what the
 * observer's policy would have done had the actor acted otherwise.
 *
 * <p>An action may have several components: {@link #WORLD} is the action the world takes (a world's own channels
 * carry only this one), {@link #MESSAGE} the cheap-talk message a {@link MultiAgentVectorEnv} with messages adds,
 * which reaches every other agent's next observation and nothing else.
 *
 * @param actor the agent whose action is carried
 * @param observer the agent who observes it at the next step, not the actor
 * @param offset first element of the one-hot in the observer's flattened observation
 * @param width the one-hot's length (the number of values of the carried component)
 * @param component which component of the actor's action is carried: {@link #WORLD} or {@link #MESSAGE}
 */
public record ActionChannel(int actor, int observer, int offset, int width, int component) {
  /** The component of the action the world takes. */
  public static final int WORLD = 0;
  /** The component of a cheap-talk message ({@code agents.messages}). */
  public static final int MESSAGE = 1;

  /** Checks every field; a failure is one line naming the values. */
  public ActionChannel {
    if (actor < 0 || observer < 0 || actor == observer) {
      throw new IllegalArgumentException("action channel: actor and observer must be two different agents >= 0, got "
          + actor + " and " + observer);
    }
    if (offset < 0 || width < 1) {
      throw new IllegalArgumentException("action channel: needs offset >= 0 and width >= 1, got " + offset + " and "
          + width);
    }
    if (component != WORLD && component != MESSAGE) {
      throw new IllegalArgumentException("action channel: component must be 0 (the world action) or 1 (the message),"
          + " got " + component);
    }
  }

  /**
   * A channel of the world action ({@link #WORLD}), the only kind a world declares.
   *
   * @param actor the agent whose action is carried
   * @param observer the agent who observes it at the next step
   * @param offset first element of the one-hot in the observer's flattened observation
   * @param width the one-hot's length (the actor's number of actions)
   */
  public ActionChannel(int actor, int observer, int offset, int width) {
    this(actor, observer, offset, width, WORLD);
  }
}
