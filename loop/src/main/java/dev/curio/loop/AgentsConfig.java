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

  private AgentsConfig(Builder b) {
    this.policies = b.policies;
    Check.that(SHARED.equals(policies) || INDEPENDENT.equals(policies), "agents.policies",
        "must be shared or independent, got '" + policies + "'");
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

  /** A builder at {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.policies = policies;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AgentsConfig o && Objects.equals(policies, o.policies);
  }

  @Override
  public int hashCode() {
    return Objects.hash(policies);
  }

  @Override
  public String toString() {
    return "AgentsConfig[policies=" + policies + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private String policies = SHARED;

    private Builder() {}

    public Builder policies(String policies) {
      this.policies = policies;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public AgentsConfig build() {
      return new AgentsConfig(this);
    }
  }
}
