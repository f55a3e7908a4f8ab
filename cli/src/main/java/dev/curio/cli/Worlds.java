package dev.curio.cli;

import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import dev.curio.envs.check.EnvWarnings;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.registry.WorldEntry;
import dev.curio.envs.wrappers.SlowStep;
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
   * ({@code maze-file:<path>}), a real gym env for {@code gym:<id>} (in the JVM, or on {@code gym.url}), or
   * any of these slowed by a fixed time per step, {@code slow:<n>ms:<id>} or {@code slow:<n>us:<id>}
   * ({@link SlowStep}).
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

  /**
   * A factory of the single-agent world {@code id}, built-in, {@code gym:} or slowed ({@code slow:}); the factory
   * may throw {@link GymException}.
   */
  static Supplier<? extends Env<?, ?>> single(String id, GymConfig gym) {
    if (SlowStep.isSlowId(id)) {
      SlowStep.Id slow = slowId(id);
      Supplier<? extends Env<?, ?>> inner = single(slow.inner(), gym);
      return () -> slowed(inner.get(), slow.delayNanos(), id);
    }
    if (Gym.isGymId(id)) {
      return () -> Gym.make(id, gym);
    }
    return single(id).factory();
  }

  /** The registry entry of a built-in single-agent world or a maze file ({@code maze-file:<path>}). */
  static WorldEntry single(String id) {
    return find(id).orElseThrow(() -> new UserError(unknown(id)));
  }

  /**
   * {@link EnvRegistry#find}, with a maze file that cannot be read or parsed as a user error; a slowed id
   * ({@code slow:<n>ms:<id>}) is the entry of its inner world, slowed, when that world is built in.
   */
  static Optional<WorldEntry> find(String id) {
    if (SlowStep.isSlowId(id)) {
      SlowStep.Id slow = slowId(id);
      return find(slow.inner()).map(e -> new WorldEntry(id, e.description() + " [each step slowed by "
          + slow.delayNanos() / 1_000 + " us]", () -> slowed(e.factory().get(), slow.delayNanos(), id)));
    }
    try {
      return EnvRegistry.find(id);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** Whether {@code id} plays on gym ({@code gym:<id>}), also behind {@code slow:} prefixes. */
  static boolean playsOnGym(String id) {
    return SlowStep.isSlowId(id) ? playsOnGym(slowId(id).inner()) : Gym.isGymId(id);
  }

  /** The delay and inner id of a {@code slow:} id; a malformed one is a user error. */
  private static SlowStep.Id slowId(String id) {
    try {
      return SlowStep.parse(id);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private static <O, A> Env<O, A> slowed(Env<O, A> env, long delayNanos, String id) {
    return new SlowStep<>(env, delayNanos, id);
  }

  /** The registry's message for an id it lacks, with its did-you-mean. */
  static String unknown(String id) {
    if (SlowStep.isSlowId(id)) {
      return unknown(slowId(id).inner());
    }
    try {
      EnvRegistry.make(id).close();
    } catch (IllegalArgumentException e) {
      return e.getMessage() + "; real gym envs are gym:<id>, e.g. gym:CartPole-v1";
    }
    return "env '" + id + "' is not a single-agent built-in world; `curio envs` lists them";
  }
}
