package dev.curio.rewards;

import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An intrinsic reward module: one named reward stream computed from experience, plus whatever
 * networks, statistics or memories the module trains on that experience.
 *
 * <p>Call order per iteration: {@link #observe} once per environment step while collecting,
 * {@link #onEpisodeEnd} for each env that finished; then {@link #compute} on the whole rollout
 * (every module of a {@link RewardSet} computes before any of them updates); then {@link #update}
 * on the same rollout. {@link #compute} is pure: it changes no parameter, statistic, counter, memory
 * or RNG, so calling it twice gives the same answer and {@link #state()} is unchanged. Training
 * happens only in {@link #update} (and per-step memories in {@link #observe}).
 *
 * <p>Construction takes the observation shape, the number of discrete actions (0 when the actions are
 * not {@code Discrete}, for a module that does not {@link #readsActions read them}), a config record and
 * a seed (see {@link RewardModules}). A module is used by one thread.
 */
public interface IntrinsicReward extends AutoCloseable {
  /**
   * Whether {@link #observe}, {@link #compute} or {@link #update} read the actions. A module that does
   * not (it scores observations alone, as RND does) also works in an env whose actions are not
   * {@code Discrete} (a {@code Box}), where it is built with {@code numActions} 0 and its batches carry
   * {@code [N, D]} float actions. Default: {@code true}, so the loop refuses the module for such an env.
   */
  default boolean readsActions() {
    return true;
  }

  /** The stream this module's rewards feed: name, discount, episodic or not, coefficient. */
  RewardStream stream();

  /** Per-step hook during collection (episodic memories, counts). Default: nothing. */
  default void observe(StepBatch step) {}

  /**
   * The intrinsic reward of every transition of {@code rollout}; pure (see the class comment).
   *
   * @return {@code [T, N]}, element {@code [t, i]} rewards the transition
   *     {@code (obs[t, i], action[t, i], nextObs[t, i])}
   */
  INDArray compute(Trajectory rollout);

  /** Trains the module's own networks and statistics on {@code rollout}; returns named losses. */
  UpdateStats update(Trajectory rollout);

  /** Env {@code envIndex} finished an episode (after its last {@link #observe}). Default: nothing. */
  default void onEpisodeEnd(int envIndex) {}

  /**
   * Every env's current episode is gone without a last step this module saw, and each env starts a new
   * one with the next trajectory's first step. The loop calls it whenever its actor threads start their
   * envs (the first iteration, and again after a resume or a stopped run), and when it resumes without
   * actors from a checkpoint of a run that had them: a module that carries per-env episode state from
   * one trajectory to the next (NovelD's first-visit sets, the episodic count) drops it. Not a step hook.
   * Default: nothing.
   */
  default void envsRestarted() {}

  /** Everything needed to continue exactly: weights, optimiser state, statistics, RNG, counters. */
  Snapshot state();

  /** Continues from a {@link #state()} of a module built with the same shapes and config. */
  void restore(Snapshot state);

  /**
   * Whether {@code module} (under its decorators, {@link ForwardingReward}) is fed step by step: its class
   * overrides {@link #observe} or {@link #onEpisodeEnd}. A caller that hands modules whole trajectories only
   * (IMPALA's actor threads) refuses such a module; a decorator that would prepare every step for it (an
   * encoder's view) skips that work when it is not.
   */
  static boolean hasStepHooks(IntrinsicReward module) {
    IntrinsicReward inner = module;
    while (inner instanceof ForwardingReward f) {
      inner = f.inner();
    }
    try {
      Class<?> c = inner.getClass();
      return c.getMethod("observe", StepBatch.class).getDeclaringClass() != IntrinsicReward.class
          || c.getMethod("onEpisodeEnd", int.class).getDeclaringClass() != IntrinsicReward.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("IntrinsicReward has no observe(StepBatch) or onEpisodeEnd(int)", e);
    }
  }

  /** Releases native resources, if any; throws no checked exception. Default: nothing. */
  @Override
  default void close() {}
}
