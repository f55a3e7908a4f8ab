package dev.curio.loop;

import dev.curio.core.config.Check;
import java.util.Objects;

/**
 * How the agents of a multi-agent world are trained (keys {@code agents.*}): one policy whose
 * parameters all agents share ({@link #SHARED}, the default), or one policy, learner and optimiser
 * per agent ({@link #INDEPENDENT}, {@code PerAgentLearner}). A single-agent run leaves it at the
 * default; {@code independent} there is refused (by {@link TrainConfig} for a multi-task run, by the
 * training loop for a world of one agent).
 *
 * <p>{@code agents.messages} gives every agent a cheap-talk channel (the influential communication of Jaques et al.
 * 2019): each step every agent also says one of V messages, which every agent hears at the next step and the world
 * never sees (docs/social.md, <i>Influential communication</i>); 0, the default, is none.
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class AgentsConfig {
  /** {@code agents.policies}: one policy with parameters shared by every agent, the agent id in its input. */
  public static final String SHARED = "shared";
  /** {@code agents.policies}: one policy (and learner) per agent, each trained on its agent's columns only. */
  public static final String INDEPENDENT = "independent";

  /** {@link #SHARED} or {@link #INDEPENDENT}. */
  private final String policies;
  /**
   * The vocabulary V of every agent's message per step; 0 (the default): no messages. With V &gt;= 2 the columns act in
   * {@code MultiDiscrete([A, V])} and each observation holds the M messages of the previous step as one-hots.
   */
  private final int messages;

  private AgentsConfig(Builder b) {
    this.policies = b.policies;
    this.messages = b.messages;
    Check.that(SHARED.equals(policies) || INDEPENDENT.equals(policies), "agents.policies",
        "must be shared or independent, got '" + policies + "'");
    Check.that(messages == 0 || messages >= 2, "agents.messages",
        "must be 0 (no messages) or a vocabulary of at least 2, got " + messages);
  }

  /** The defaults: one policy shared by all agents. */
  public static AgentsConfig defaults() {
    return builder().build();
  }

  /** {@link #SHARED} or {@link #INDEPENDENT}. */
  public String policies() {
    return policies;
  }

  /** Whether every agent has its own policy and learner. */
  public boolean independent() {
    return INDEPENDENT.equals(policies);
  }

  /** The vocabulary V of the agents' cheap-talk messages; 0 when they have none. */
  public int messages() {
    return messages;
  }

  /** A builder at {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.policies = policies;
    b.messages = messages;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AgentsConfig o && Objects.equals(policies, o.policies) && messages == o.messages;
  }

  @Override
  public int hashCode() {
    return Objects.hash(policies, messages);
  }

  @Override
  public String toString() {
    return "AgentsConfig[policies=" + policies + ", messages=" + messages + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private String policies = SHARED;
    private int messages = 0;

    private Builder() {}

    /** {@code agents.policies}: {@link #SHARED} or {@link #INDEPENDENT}. */
    public Builder policies(String policies) {
      this.policies = policies;
      return this;
    }

    /** {@code agents.messages}: the vocabulary of the agents' messages, 0 (none) or at least 2. */
    public Builder messages(int messages) {
      this.messages = messages;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public AgentsConfig build() {
      return new AgentsConfig(this);
    }
  }
}
