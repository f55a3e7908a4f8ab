package dev.curio.envs.registry;

import java.util.List;

/**
 * Adds worlds to the registry, and so to {@code curio envs}, {@code curio train --env} and
 * {@code curio check-env}, from outside this module. A provider is found with {@link
 * java.util.ServiceLoader}: name the implementing class in a file
 * {@code META-INF/services/dev.curio.envs.registry.WorldProvider} on the classpath. Its ids must not
 * clash with a built-in world or another provider's; a clash stops the registry with an error naming
 * the id and both providers.
 *
 * <pre>{@code
 * public final class MyWorlds implements WorldProvider {
 *   public List<WorldEntry> worlds() {
 *     return List.of(new WorldEntry("lab:t-maze", "a T-maze with the goal at one arm", TMaze::new));
 *   }
 * }
 * }</pre>
 */
public interface WorldProvider {
  /** Single-agent worlds to register. */
  List<WorldEntry> worlds();

  /** Multi-agent worlds to register; none unless overridden. */
  default List<MultiWorldEntry> multiAgentWorlds() {
    return List.of();
  }
}
