package dev.curio.testkit;

import java.util.List;
import java.util.function.UnaryOperator;

/** Starting points for an {@link AgentSpec}. */
public final class Agents {
  private Agents() {}

  /** PPO with Curio's defaults (CleanRL's settings; docs/config.md) and no intrinsic reward. */
  public static AgentSpec ppo() {
    return new AgentSpec("ppo", List.of(), List.of(), null, UnaryOperator.identity());
  }
}
