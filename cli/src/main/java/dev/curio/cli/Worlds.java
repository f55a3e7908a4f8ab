package dev.curio.cli;

import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import dev.curio.envs.check.EnvWarnings;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.registry.WorldEntry;
import dev.curio.envs.wrappers.Wrappers;
import dev.curio.gym.Gym;
import dev.curio.gym.GymConfig;
import dev.curio.gym.GymException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Resolves env ids from the command line to factories, with user-facing errors. */
final class Worlds {
  private Worlds() {}

  /**
   * A factory of the single-agent world {@code id} whose actions PPO here trains on (a {@code Discrete}
   * or a one-dimensional {@code Box} action space): a built-in world, a maze file
   * ({@code maze-file:<path>}), or a real gym env for {@code gym:<id>} (in the JVM, or on {@code gym.url}).
   *
   * @throws UserError for unknown ids (naming close ones), multi-agent worlds, other action spaces,
   *     maze files that are missing or malformed, and gym envs that cannot be made (no server, unknown id, ...)
   */
  static Supplier<Env<?, ?>> trainable(String id, GymConfig gym) {
    return trainable(id, gym, warning -> { });
  }

  /**
   * As {@link #trainable(String, GymConfig)}, and hands each of the world's own warnings ({@link EnvWarnings},
   * e.g. a maze file whose goal cannot be reached) to {@code warn}, one line each.
   */
  static Supplier<Env<?, ?>> trainable(String id, GymConfig gym, Consumer<String> warn) {
    Supplier<? extends Env<?, ?>> factory = single(id, gym);
    try (Env<?, ?> probe = factory.get()) {
      if (Wrappers.unwrapped(probe) instanceof EnvWarnings w) {
        w.warnings().forEach(warn);
      }
      Space<?> actions = probe.spec().actionSpace();
      if (!(actions instanceof Discrete) && !(actions instanceof Box b && b.shape().length == 1)) {
        throw new UserError("env '" + id + "' has actions " + actions
            + "; training here needs a Discrete or a one-dimensional Box action space");
      }
    } catch (GymException e) {
      throw new UserError(e.getMessage(), e);
    }
    return factory::get;
  }

  /**
   * One factory per task of a multi-task run ({@code tasks.ids}), each as {@link #trainable(String, GymConfig,
   * Consumer)} makes it; a world it refuses is a user error naming {@code tasks.ids} and the id.
   */
  static List<Supplier<Env<?, ?>>> tasks(List<String> ids, GymConfig gym, Consumer<String> warn) {
    List<Supplier<Env<?, ?>>> out = new ArrayList<>();
    for (String id : ids) {
      if (EnvRegistry.findMulti(id).isPresent()) {
        throw new UserError("tasks.ids: '" + id + "' is a multi-agent world; a multi-task run trains single-agent"
            + " worlds");
      }
      try {
        out.add(trainable(id, gym, warn));
      } catch (UserError e) {
        throw new UserError("tasks.ids: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** A factory of the single-agent world {@code id}, built-in or {@code gym:}; the factory may throw {@link GymException}. */
  static Supplier<? extends Env<?, ?>> single(String id, GymConfig gym) {
    if (Gym.isGymId(id)) {
      return () -> Gym.make(id, gym);
    }
    return single(id).factory();
  }

  /** The registry entry of a built-in single-agent world or a maze file ({@code maze-file:<path>}). */
  static WorldEntry single(String id) {
    return find(id).orElseThrow(() -> new UserError(unknown(id)));
  }

  /** {@link EnvRegistry#find}, with a maze file that cannot be read or parsed as a user error. */
  static Optional<WorldEntry> find(String id) {
    try {
      return EnvRegistry.find(id);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** The registry's message for an id it lacks, with its did-you-mean. */
  static String unknown(String id) {
    try {
      EnvRegistry.make(id).close();
    } catch (IllegalArgumentException e) {
      return e.getMessage() + "; real gym envs are gym:<id>, e.g. gym:CartPole-v1";
    }
    return "env '" + id + "' is not a single-agent built-in world; `curio envs` lists them";
  }
}
