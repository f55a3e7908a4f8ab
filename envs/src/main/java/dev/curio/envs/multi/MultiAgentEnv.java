package dev.curio.envs.multi;

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
  MultiAgentSpec<O> spec();

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
