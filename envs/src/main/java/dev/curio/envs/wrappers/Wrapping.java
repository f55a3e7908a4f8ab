package dev.curio.envs.wrappers;

import dev.curio.envs.Env;

/** Something that decorates one inner env; lets {@link Wrappers} walk a stack explicitly. */
public interface Wrapping {
  /** The env this one decorates. */
  Env<?, ?> inner();
}
