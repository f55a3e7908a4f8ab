package dev.curio.envs.multi;

import dev.curio.core.Info;
import java.util.List;

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

  /**
   * Reset and step info key of worlds that know what each agent can see: {@code [N * N]} row-major,
   * {@code visible[k * N + j]} true where agent j is visible to agent k in the observation returned
   * together with this info (so a reset's info describes the first observations, a step's info the
   * observations after the step). Entries with {@code k == j} are true (an agent sees itself; callers
   * ignore them). Social influence (Jaques et al. 2019) trains its model of other agents and counts
   * influence only on visible pairs. A world that sets it on every reset and every step says so with
   * {@link #reportsVisibility()}. A fresh array per call; do not modify it.
   */
  Info.Key<boolean[]> VISIBLE = Info.Key.of("visible", boolean[].class);

  MultiAgentSpec<O> spec();

  /**
   * Whether every {@link #step} puts {@link #FROZEN} in its info. Fixed for the world's lifetime, so a
   * caller can lay out what it records (metrics.csv's peace column) before the first step.
   */
  default boolean reportsFrozen() {
    return false;
  }

  /**
   * Whether every {@link #reset} and every {@link #step} puts {@link #VISIBLE} in its info. Fixed for
   * the world's lifetime. A world that does not report (the default) means every agent counts as
   * visible to every other.
   */
  default boolean reportsVisibility() {
    return false;
  }

  /**
   * The world's known paths from one agent's action to another's next observation ({@link ActionChannel}); empty (the
   * default) when it declares none. Fixed for the world's lifetime. Centralised social influence reads them.
   */
  default List<ActionChannel> actionChannels() {
    return List.of();
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
