package dev.curio.envs.wrappers;

import dev.curio.envs.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Explicit look-ups in a stack of wrappers. */
public final class Wrappers {
  private Wrappers() {}

  /** The outermost wrapper of type {@code type} in the stack starting at {@code env}, if any. */
  public static <W> Optional<W> find(Env<?, ?> env, Class<W> type) {
    Env<?, ?> e = env;
    while (true) {
      if (type.isInstance(e)) {
        return Optional.of(type.cast(e));
      }
      if (e instanceof Wrapping w) {
        e = w.inner();
      } else {
        return Optional.empty();
      }
    }
  }

  /** The innermost env, under every wrapper. */
  public static Env<?, ?> unwrapped(Env<?, ?> env) {
    Env<?, ?> e = env;
    while (e instanceof Wrapping w) {
      e = w.inner();
    }
    return e;
  }

  /** The class names of the stack, outermost first, e.g. {@code [TimeLimit, FrameStack, MazeEnv]}. */
  public static List<String> stack(Env<?, ?> env) {
    List<String> names = new ArrayList<>();
    Env<?, ?> e = env;
    while (true) {
      names.add(e.getClass().getSimpleName());
      if (e instanceof Wrapping w) {
        e = w.inner();
      } else {
        return names;
      }
    }
  }
}
