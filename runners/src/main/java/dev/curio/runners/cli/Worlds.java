package dev.curio.runners.cli;

import dev.curio.core.space.Discrete;
import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.registry.WorldEntry;
import java.util.function.Supplier;

/** Resolves env ids from the command line to factories, with user-facing errors. */
final class Worlds {
  private Worlds() {}

  /**
   * A factory of the built-in single-agent world {@code id} with discrete actions (what PPO here
   * trains on).
   *
   * @throws UserError for {@code gym:} ids, unknown ids (naming close ones), multi-agent worlds and
   *     worlds whose actions are not discrete
   */
  @SuppressWarnings("unchecked")
  static Supplier<Env<?, Integer>> discrete(String id) {
    WorldEntry entry = single(id);
    try (Env<?, ?> probe = entry.factory().get()) {
      if (!(probe.spec().actionSpace() instanceof Discrete)) {
        throw new UserError("env '" + id + "' has actions " + probe.spec().actionSpace()
            + "; training here needs a Discrete action space");
      }
    }
    return () -> (Env<?, Integer>) entry.factory().get();
  }

  /** The registry entry of a single-agent world. */
  static WorldEntry single(String id) {
    rejectGym(id);
    return EnvRegistry.find(id).orElseThrow(() -> new UserError(unknown(id)));
  }

  static void rejectGym(String id) {
    if (id.startsWith("gym:")) {
      throw new UserError("env '" + id + "': gym environments are not supported in this build yet;"
          + " `curio envs` lists the built-in worlds");
    }
  }

  /** The registry's message for an id it lacks, with its did-you-mean. */
  static String unknown(String id) {
    try {
      EnvRegistry.make(id).close();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return "env '" + id + "' is not a single-agent built-in world; `curio envs` lists them";
  }
}
