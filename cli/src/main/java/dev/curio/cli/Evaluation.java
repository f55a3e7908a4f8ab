package dev.curio.cli;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.Actor;
import dev.curio.loop.ActionAdapter;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyActor;
import dev.curio.core.Rng;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.envs.wrappers.TimeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plays a trained agent on fresh envs and measures its returns. Episodes run side by side in up to
 * {@link #MAX_PARALLEL} envs, one batched forward pass per step; episode {@code i} always runs in
 * slot {@code i % slots} and is reset with seed {@code seed + i}, so the result does not depend on
 * which episodes happen to finish first.
 */
public final class Evaluation {
  /** Most envs stepped side by side. */
  public static final int MAX_PARALLEL = 16;

  /**
   * Returns and lengths of the evaluated episodes, in episode order.
   *
   * @param returns {@code [episodes]} undiscounted extrinsic returns
   * @param lengths {@code [episodes]} steps per episode
   */
  public record Result(double[] returns, int[] lengths) {
    public double meanReturn() {
      return mean(returns);
    }

    /** Population standard deviation of the returns. */
    public double stdReturn() {
      double m = meanReturn();
      double s = 0;
      for (double r : returns) {
        s += (r - m) * (r - m);
      }
      return Math.sqrt(s / returns.length);
    }

    public double meanLength() {
      double s = 0;
      for (int l : lengths) {
        s += l;
      }
      return s / lengths.length;
    }

    private static double mean(double[] a) {
      double s = 0;
      for (double v : a) {
        s += v;
      }
      return s / a.length;
    }
  }

  /** Sees every evaluated step of a Discrete-action env ({@code curio eval --actions}). */
  interface StepListener {
    /**
     * Step of episode {@code episode}: {@code obs} and {@code next} flattened (the listener may keep
     * neither: both are reused), {@code done} when the episode ended with it.
     */
    void step(int episode, float[] obs, int action, float[] next, boolean done);
  }

  private Evaluation() {}

  /**
   * Plays {@code episodes} episodes.
   *
   * @param maxEpisodeSteps a time limit on top of the env's own, as in training (0: none)
   * @param greedy take the most probable action instead of sampling
   */
  public static Result run(Policy policy, Supplier<? extends Env<?, ?>> factory, int maxEpisodeSteps, int episodes,
                           boolean greedy, long seed) {
    return run(policy, factory, maxEpisodeSteps, episodes, greedy, seed, 0);
  }

  /**
   * Plays {@code episodes} episodes of task {@code task} of a multi-task policy (a policy with value
   * heads per task acts with that task's; one with a single set with its only one).
   */
  public static Result run(Policy policy, Supplier<? extends Env<?, ?>> factory, int maxEpisodeSteps, int episodes,
                           boolean greedy, long seed, int task) {
    return run(policy, factory, maxEpisodeSteps, episodes, greedy, seed, task, null);
  }

  /** As {@link #run(Policy, Supplier, int, int, boolean, long, int)}, every step shown to {@code listener} (if not null). */
  @SuppressWarnings("unchecked")
  static Result run(Policy policy, Supplier<? extends Env<?, ?>> factory, int maxEpisodeSteps, int episodes,
                    boolean greedy, long seed, int task, StepListener listener) {
    if (episodes < 1) {
      throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
    }
    int slots = Math.min(episodes, MAX_PARALLEL);
    List<Env<Object, Object>> envs = new ArrayList<>();
    try {
      for (int i = 0; i < slots; i++) {
        Env<Object, Object> e = (Env<Object, Object>) factory.get();
        envs.add(maxEpisodeSteps > 0 ? new TimeLimit<>(e, maxEpisodeSteps) : e);
      }
      Space<Object> space = envs.get(0).spec().observationSpace();
      int dim = space.flatDim();
      double[] returns = new double[episodes];
      int[] lengths = new int[episodes];
      int[] episodeOf = new int[slots];
      float[] obs = new float[slots * dim];
      float[] before = new float[dim];
      float[] after = new float[dim];
      int active = 0;
      for (int s = 0; s < slots; s++) {
        episodeOf[s] = s;
        Reset<Object> r = envs.get(s).reset(seed + s);
        space.flatten(r.observation(), obs, s * dim);
        active++;
      }
      ActionAdapter adapter = ActionAdapter.forSpace(envs.get(0).spec().actionSpace());
      // sampling draws from its own stream of the evaluation seed, not from the training run's
      Actor actor = greedy ? PolicyActor.greedy(policy) : PolicyActor.sampling(policy, new Rng(seed ^ 0x5EEDL));
      int[] taskIds = new int[slots];
      java.util.Arrays.fill(taskIds, policy.tasks() > 1 ? task : 0);
      while (active > 0) {
        // one forward pass over all slots; finished slots carry their last observation and are ignored
        INDArray batch = Nd4j.create(obs, new long[] {slots, dim}, DataType.FLOAT);
        ActionBatch ab = actor.act(batch, taskIds);
        for (int s = 0; s < slots; s++) {
          int ep = episodeOf[s];
          if (ep < 0) {
            continue;
          }
          Step<Object> st = envs.get(s).step(adapter.toEnv(ab, s));
          returns[ep] += st.reward();
          lengths[ep]++;
          if (listener != null) {
            System.arraycopy(obs, s * dim, before, 0, dim);
            space.flatten(st.observation(), after, 0);
            listener.step(ep, before, ab.discrete(s), after, st.done());
          }
          if (st.done()) {
            int next = ep + slots;
            if (next < episodes) {
              episodeOf[s] = next;
              space.flatten(envs.get(s).reset(seed + next).observation(), obs, s * dim);
            } else {
              episodeOf[s] = -1;
              active--;
            }
          } else {
            space.flatten(st.observation(), obs, s * dim);
          }
        }
      }
      return new Result(returns, lengths);
    } finally {
      envs.forEach(Env::close);
    }
  }
}
