package dev.curio.envs.multi;

import dev.curio.core.Info;

/**
 * A simultaneous-move game of {@code spec().numAgents()} agents with discrete actions.
 *
 * <p>Each {@link #step(int[])} takes one action per agent and returns per-agent observations,
 * rewards and termination flags, plus the joint action just taken, which every agent may see (social
 * influence needs the others' last actions). The episode is over when every agent is terminated or
 * truncated; an agent that terminated earlier still receives an action, which is ignored. Call order
 * and errors are as for {@link dev.curio.envs.Env}.
 *
 * @param <O> per-agent observation type
 */
public interface MultiAgentEnv<O> extends AutoCloseable {
  /**
   * Step info key of worlds where an agent can be frozen (tagged out, timed out): {@code [N]}, true
   * where agent i was frozen at this step, so that its action was ignored. A world that sets it on
   * every step says so with {@link #reportsFrozen()}. A fresh array per step; do not modify it.
   */
  Info.Key<boolean[]> FROZEN = Info.Key.of("frozen", boolean[].class);

  MultiAgentSpec<O> spec();

  /**
   * Whether every {@link #step} puts {@link #FROZEN} in its info. Fixed for the world's lifetime, so a
   * caller can lay out what it records (metrics.csv's peace column) before the first step.
   */
  default boolean reportsFrozen() {
    return false;
  }

  default int numAgents() {
    return spec().numAgents();
  }

  MultiReset<O> reset(long seed);

  /** {@code actions[i]} is agent i's action, inside {@code spec().actionSpace(i)}. */
  MultiStep<O> step(int[] actions);

  default String render() {
    return spec().id() + " has no text render";
  }

  @Override
  default void close() {}
}
