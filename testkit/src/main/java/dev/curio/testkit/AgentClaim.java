package dev.curio.testkit;

import java.util.Objects;

/** A claim about an agent (and, for a comparison, its rival) before the world is named. */
public final class AgentClaim {
  private final AgentSpec agent;
  private final AgentSpec rival;

  AgentClaim(AgentSpec agent, AgentSpec rival) {
    this.agent = agent;
    this.rival = rival;
  }

  /**
   * Makes this a comparison: the agent must meet the claim and {@code rival} must not, with the same
   * world, target, budget and seeds, e.g. PPO+RND solves the sparse maze and plain PPO does not.
   */
  public AgentClaim outperforms(AgentSpec rival) {
    Objects.requireNonNull(rival, "rival");
    if (rival.name().equals(agent.name())) {
      throw new IllegalArgumentException("the rival needs another name than the agent ('" + agent.name()
          + "'); rename one with named(...)");
    }
    return new AgentClaim(agent, rival);
  }

  /** The world to train on. */
  public Claim on(World world) {
    return new Claim(agent, rival, Objects.requireNonNull(world, "world"));
  }

  /** A registered world by id, as {@link World#named}. */
  public Claim on(String worldId) {
    return on(World.named(worldId));
  }
}
