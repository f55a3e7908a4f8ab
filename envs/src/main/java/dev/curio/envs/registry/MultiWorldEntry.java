package dev.curio.envs.registry;

import dev.curio.envs.multi.MultiAgentEnv;
import java.util.Objects;
import java.util.function.Supplier;

/** A built-in multi-agent world under its id, as {@link WorldEntry} is for one agent. */
public record MultiWorldEntry(String id, String description, Supplier<? extends MultiAgentEnv<?>> factory) {
  public MultiWorldEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(factory, "factory");
  }
}
