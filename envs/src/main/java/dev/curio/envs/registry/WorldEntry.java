package dev.curio.envs.registry;

import dev.curio.envs.Env;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A built-in single-agent world under its id: a one-line description and a factory that makes a new,
 * independent instance each call.
 */
public record WorldEntry(String id, String description, Supplier<? extends Env<?, ?>> factory) {
  public WorldEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(factory, "factory");
  }
}
