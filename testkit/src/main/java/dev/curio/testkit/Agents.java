package dev.curio.testkit;

import dev.curio.loop.TrainConfig;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** Starting points for an {@link AgentSpec}. */
public final class Agents {
  private Agents() {}

  /** PPO with Curio's defaults (CleanRL's settings; docs/config.md) and no intrinsic reward. */
  public static AgentSpec ppo() {
    return new AgentSpec("ppo", List.of(), List.of(), null, UnaryOperator.identity());
  }

  /**
   * PPO with the settings of {@code base}, e.g. a YAML file of yours:
   * {@code Agents.from(ConfigLoader.load(Path.of("sparse-maze.yaml")))}. Its reward modules stay and
   * name the spec ({@code ppo+rnd}); the claim sets the world, the seed and the budget.
   */
  public static AgentSpec from(TrainConfig base) {
    Objects.requireNonNull(base, "base");
    List<String> modules = base.rewards().modules();
    String name = modules.isEmpty() ? "ppo" : "ppo+" + String.join("+", modules);
    return new AgentSpec(name, List.of(), List.of(), null, ignored -> base.toBuilder());
  }
}
