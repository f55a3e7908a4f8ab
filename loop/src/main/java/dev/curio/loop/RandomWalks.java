package dev.curio.loop;

import dev.curio.core.Rng;
import dev.curio.core.space.Discrete;
import dev.curio.envs.Env;
import dev.curio.envs.vector.SyncVectorEnv;
import dev.curio.envs.vector.VectorStep;
import dev.curio.envs.wrappers.TimeLimit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Episodes of a uniform random policy, as flat observations: what episodic curiosity's comparator
 * pre-trains on ({@code rewards.ec.pretrained}). Seeded: the same seed gives the same episodes.
 */
public final class RandomWalks {
  private RandomWalks() {}

  /**
   * {@code steps} env steps of a uniform random policy on one env from {@code factory}.
   *
   * @param maxEpisodeSteps a time limit on top of the env's own; 0: none
   * @return the episodes with at least two frames, each {@code [length * obsDim]}: the reset
   *     observation, then every true next observation (an episode's final one, never the reset one)
   */
  @SuppressWarnings("unchecked")
  public static List<float[]> collect(Supplier<? extends Env<?, Integer>> factory, int maxEpisodeSteps, long steps,
                                      long seed) {
    if (steps < 1) {
      throw new IllegalArgumentException("random walks need >= 1 step, got " + steps);
    }
    Rng rng = new Rng(seed);
    Supplier<Env<Object, Integer>> make = () -> {
      Env<Object, Integer> e = (Env<Object, Integer>) factory.get();
      return maxEpisodeSteps > 0 ? new TimeLimit<>(e, maxEpisodeSteps) : e;
    };
    List<float[]> episodes = new ArrayList<>();
    try (SyncVectorEnv<Object, Integer> venv = new SyncVectorEnv<>(List.of(make.get()))) {
      int actions = ((Discrete) venv.spec().actionSpace()).n();
      int dim = venv.observationDim();
      float[] episode = new float[64 * dim];
      float[] obs = venv.reset(rng.nextLong());
      System.arraycopy(obs, 0, episode, 0, dim);
      int length = 1;
      Integer[] action = new Integer[1];
      for (long t = 0; t < steps; t++) {
        action[0] = rng.nextInt(actions);
        VectorStep s = venv.step(action);
        if ((length + 1) * dim > episode.length) {
          episode = Arrays.copyOf(episode, 2 * episode.length);
        }
        System.arraycopy(s.nextObservations(), 0, episode, length * dim, dim);
        length++;
        if (s.done(0)) {
          episodes.add(Arrays.copyOf(episode, length * dim));
          System.arraycopy(s.observations(), 0, episode, 0, dim);
          length = 1;
        }
      }
      if (length >= 2) {
        episodes.add(Arrays.copyOf(episode, length * dim));
      }
    }
    return episodes;
  }

  /** One step of a random walk: observation, action, true next observation, and whether the episode ended there. */
  @FunctionalInterface
  public interface StepSink {
    void accept(float[] observation, int action, float[] nextObservation, boolean episodeEnds);
  }

  /**
   * {@code steps} env steps of a uniform random policy on one env from {@code factory}, each handed to
   * {@code sink} in order: what an AC-State encoder pre-trains on ({@code encoder.pretrainSteps}), which needs
   * the actions. Seeded: the same seed gives the same steps.
   *
   * @param maxEpisodeSteps a time limit on top of the env's own; 0: none
   */
  @SuppressWarnings("unchecked")
  public static void walk(Supplier<? extends Env<?, Integer>> factory, int maxEpisodeSteps, long steps, long seed,
                          StepSink sink) {
    if (steps < 1) {
      throw new IllegalArgumentException("random walks need >= 1 step, got " + steps);
    }
    Rng rng = new Rng(seed);
    Env<Object, Integer> e = (Env<Object, Integer>) factory.get();
    try (SyncVectorEnv<Object, Integer> venv = new SyncVectorEnv<>(List.of(maxEpisodeSteps > 0
        ? new TimeLimit<>(e, maxEpisodeSteps) : e))) {
      int actions = ((Discrete) venv.spec().actionSpace()).n();
      float[] obs = venv.reset(rng.nextLong());
      Integer[] action = new Integer[1];
      for (long t = 0; t < steps; t++) {
        action[0] = rng.nextInt(actions);
        VectorStep s = venv.step(action);
        sink.accept(obs, action[0], s.nextObservations().clone(), s.done(0));
        obs = s.observations().clone();
      }
    }
  }
}
