package dev.curio.envs.check;

import java.util.List;

/**
 * An env that can tell, before anyone plays it, that it is probably not what its author meant: a maze
 * whose goal cannot be reached from its start, say. Nothing is wrong with the contract, so
 * {@link EnvChecker} reports each warning without failing a check, and the CLI prints them when it
 * loads such an env.
 */
public interface EnvWarnings {
  /** One line per warning; empty when there is nothing to say. */
  List<String> warnings();
}
