package dev.curio.envs.vector;

import dev.curio.core.Info;
import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Steps its copies one after another on the calling thread. The default: for cheap envs the cost of
 * handing work to other threads outweighs the step itself. See {@link ThreadedVectorEnv} for
 * expensive envs. Observations of all copies must share one observation space.
 */
public class SyncVectorEnv<O, A> implements VectorEnv<A> {
  private final List<Env<O, A>> envs;
  private final EnvSpec<O, A> spec;
  private final Space<O> obsSpace;
  private final int dim;
  private final Rng[] seedStreams;
  private final long[] episodeSeeds;
  private final List<List<A>> actionLog;
  private boolean started;
  private boolean closed;

  public SyncVectorEnv(List<? extends Env<O, A>> envs) {
    if (envs.isEmpty()) {
      throw new IllegalArgumentException("a vector env needs at least one env");
    }
    this.envs = List.copyOf(envs);
    this.spec = envs.get(0).spec();
    for (Env<O, A> e : envs) {
      if (!e.spec().observationSpace().equals(spec.observationSpace())
          || !e.spec().actionSpace().equals(spec.actionSpace())) {
        throw new IllegalArgumentException("a vector env needs copies with the same spaces; " + e.spec().id()
            + " has " + e.spec().observationSpace() + " / " + e.spec().actionSpace() + ", the first has "
            + spec.observationSpace() + " / " + spec.actionSpace());
      }
    }
    this.obsSpace = spec.observationSpace();
    this.dim = obsSpace.flatDim();
    int n = envs.size();
    this.seedStreams = new Rng[n];
    this.episodeSeeds = new long[n];
    this.actionLog = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      actionLog.add(new ArrayList<>());
    }
  }

  /** {@code n} copies made by {@code factory}. */
  public static <O, A> SyncVectorEnv<O, A> of(int n, Supplier<? extends Env<O, A>> factory) {
    return new SyncVectorEnv<>(make(n, factory));
  }

  /**
   * {@code n} envs from {@code factory}, for a vector env; a factory that returns null is named with
   * the env's index.
   */
  public static <O, A> List<Env<O, A>> make(int n, Supplier<? extends Env<O, A>> factory) {
    if (n < 1) {
      throw new IllegalArgumentException("a vector env needs numEnvs >= 1, got " + n);
    }
    List<Env<O, A>> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Env<O, A> env = factory.get();
      if (env == null) {
        throw new IllegalStateException("the env factory returned null (env " + i + " of " + n + ")");
      }
      list.add(env);
    }
    return list;
  }

  /** Runs {@code body} for every env index; subclasses may run them in parallel. */
  protected void forEachEnv(IntConsumer body) {
    for (int i = 0; i < envs.size(); i++) {
      body.accept(i);
    }
  }

  @Override
  public int numEnvs() {
    return envs.size();
  }

  @Override
  public EnvSpec<O, A> spec() {
    return spec;
  }

  @Override
  public int observationDim() {
    return dim;
  }

  /** The copies themselves, e.g. to look up a wrapper; do not step them directly. */
  public List<Env<O, A>> envs() {
    return envs;
  }

  @Override
  public float[] reset(long seed) {
    checkOpen();
    Rng master = new Rng(seed);
    for (int i = 0; i < envs.size(); i++) {
      seedStreams[i] = master.split();
    }
    float[] obs = new float[envs.size() * dim];
    forEachEnv(i -> {
      episodeSeeds[i] = seedStreams[i].nextLong();
      actionLog.get(i).clear();
      write(envs.get(i).reset(episodeSeeds[i]).observation(), obs, i);
    });
    started = true;
    return obs;
  }

  @Override
  public VectorStep step(A[] actions) {
    checkOpen();
    if (!started) {
      throw new IllegalStateException("vector env of " + spec.id() + ": step() before reset(); call reset(seed) first");
    }
    int n = envs.size();
    if (actions.length != n) {
      throw new IllegalArgumentException("vector env of " + spec.id() + ": needs " + n + " actions, got " + actions.length);
    }
    float[] obs = new float[n * dim];
    double[] rewards = new double[n];
    boolean[] term = new boolean[n];
    boolean[] trunc = new boolean[n];
    Info[] infos = new Info[n];
    @SuppressWarnings("unchecked")
    O[] finals = (O[]) new Object[n];
    forEachEnv(i -> {
      Env<O, A> env = envs.get(i);
      Step<O> s = env.step(actions[i]);
      if (!Double.isFinite(s.reward())) {
        throw new IllegalStateException(spec.id() + " (env " + i + "): step returned the reward " + s.reward()
            + "; rewards must be finite");
      }
      rewards[i] = s.reward();
      term[i] = s.terminated();
      trunc[i] = s.truncated();
      infos[i] = s.info();
      if (s.done()) {
        finals[i] = s.observation();
        episodeSeeds[i] = seedStreams[i].nextLong();
        actionLog.get(i).clear();
        Reset<O> r = env.reset(episodeSeeds[i]);
        write(r.observation(), obs, i);
      } else {
        actionLog.get(i).add(actions[i]);
        write(s.observation(), obs, i);
      }
    });
    float[] next = obs;
    for (int i = 0; i < n; i++) {
      if (finals[i] != null) {
        if (next == obs) {
          next = obs.clone();
        }
        write(finals[i], next, i);
      }
    }
    return new VectorStep(obs, next, rewards, term, trunc, infos);
  }

  /** Flattens env {@code env}'s observation into its row of {@code dst}, after checking it is in the space. */
  private void write(O observation, float[] dst, int env) {
    if (observation == null || !obsSpace.contains(observation)) {
      throw new IllegalStateException(spec.id() + " (env " + env + "): " + whatIsWrong(observation));
    }
    obsSpace.flatten(observation, dst, env * dim);
  }

  /** Why {@code observation} is not in the observation space, in a few words. */
  private String whatIsWrong(O observation) {
    if (observation == null) {
      return "returned a null observation";
    }
    if (observation instanceof float[] v && obsSpace instanceof Box box) {
      if (v.length != box.flatDim()) {
        return "returned an observation of " + v.length + " floats; its space " + box + " has " + box.flatDim();
      }
      for (int j = 0; j < v.length; j++) {
        if (!(v[j] >= box.low(j) && v[j] <= box.high(j))) {
          return "returned an observation with element " + j + " = " + v[j] + ", outside its space's bounds ["
              + box.low(j) + ", " + box.high(j) + "] (" + box + ")";
        }
      }
    }
    return "returned an observation outside its space " + obsSpace;
  }

  @Override
  public VectorEnvState<A> snapshot() {
    if (!started) {
      throw new IllegalStateException("vector env of " + spec.id() + ": snapshot() before reset()");
    }
    long[][] streams = new long[seedStreams.length][];
    for (int i = 0; i < streams.length; i++) {
      streams[i] = seedStreams[i].state();
    }
    return new VectorEnvState<>(episodeSeeds, actionLog, streams);
  }

  @Override
  public float[] restore(VectorEnvState<A> state) {
    checkOpen();
    int n = envs.size();
    if (state.episodeSeeds().length != n) {
      throw new IllegalArgumentException("vector env of " + spec.id() + ": the snapshot holds "
          + state.episodeSeeds().length + " envs, this one has " + n);
    }
    float[] obs = new float[n * dim];
    forEachEnv(i -> {
      seedStreams[i] = Rng.fromState(state.seedStreams()[i]);
      episodeSeeds[i] = state.episodeSeeds()[i];
      Env<O, A> env = envs.get(i);
      O current = env.reset(episodeSeeds[i]).observation();
      List<A> log = actionLog.get(i);
      log.clear();
      for (A a : state.actionsSinceReset().get(i)) {
        Step<O> s = env.step(a);
        if (s.done()) {
          throw new IllegalStateException("vector env of " + spec.id() + ": replaying env " + i
              + " ended its episode early; the env is not deterministic under its seed");
        }
        log.add(a);
        current = s.observation();
      }
      write(current, obs, i);
    });
    started = true;
    return obs;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("vector env of " + spec.id() + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    for (Env<O, A> e : envs) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        if (first == null) {
          first = ex;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
