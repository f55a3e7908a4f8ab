package dev.curio.loop;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.net.Backend;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyActor;
import dev.curio.agents.PolicyParameters;
import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.space.Box;
import dev.curio.core.space.Space;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.Env;
import dev.curio.envs.vector.VectorEnv;
import dev.curio.envs.vector.VectorStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One IMPALA actor: its own envs (a vector env wrapped as the loop's are) and its own copy of the
 * policy, collecting {@code rolloutLength} steps at a time exactly as the synchronous loop collects
 * them. Used by the loop's actor threads ({@code impala.actors}) and by curio-cluster's actor node, so
 * an actor in another JVM collects with the same code. One thread at a time (the policy copy is a
 * network).
 *
 * <p>Call order: {@link #reset} once, then {@link #load} the learner's parameters and {@link #collect}
 * as often as wanted; {@link #close} closes the envs.
 */
public final class RolloutCollector implements AutoCloseable {
  /** A collecting actor's world: its vector env and the guard of each env's rewards. */
  record Slice(VectorEnv<Object> venv, List<NonFiniteGuard.EnvRewards<?, ?>> envRewards) {}

  private final TrainConfig config;
  private final ActionAdapter actions;
  private final int[] obsShape;
  private final int obsDim;
  private final int index;
  private final Slice slice;
  private final Policy policy;
  private PolicyActor actor;
  private float[] obs;
  /** The publication the policy holds (null before the first load). */
  private PolicyParameters loaded;

  RolloutCollector(TrainConfig config, ActionAdapter actions, int[] obsShape, int index, Slice slice, Policy policy) {
    this.config = config;
    this.actions = actions;
    this.obsShape = obsShape.clone();
    int dim = 1;
    for (int s : obsShape) {
      dim *= s;
    }
    this.obsDim = dim;
    this.index = index;
    this.slice = slice;
    this.policy = policy;
  }

  /**
   * Actor {@code index} of a run of {@code config}: {@code numEnvs / impala.actors} envs made by {@code
   * factory}, and a policy of the shape {@code config.learner()} builds for the run's reward {@code
   * streams} (extrinsic first), whose parameters {@link #load} replaces. Sets the JVM's ND4J threads per
   * operation to {@code nd4jThreads}, as the loop does.
   */
  public static RolloutCollector create(TrainConfig config, Supplier<? extends Env<?, ?>> factory,
                                        List<RewardStream> streams, int index) {
    if (config.impala().actors() < 1) {
      throw new ConfigException("impala.actors", "is 0; an actor collects numEnvs / impala.actors envs, so set it to"
          + " the number of slices the run's envs are split into");
    }
    Backend.useThreads(config.nd4jThreads()); // as the loop does: an actor node builds no loop of its own
    List<NonFiniteGuard.EnvRewards<?, ?>> guards = new ArrayList<>();
    VectorEnv<Object> venv = TrainingLoop.makeVectorEnv(config, TrainingLoop.asTrained(config, factory), guards,
        config.numEnvs() / config.impala().actors());
    try {
      Space<?> os = venv.spec().observationSpace();
      int[] shape = os instanceof Box b ? b.shape() : new int[] {os.flatDim()};
      ActionAdapter adapter = ActionAdapter.forSpace(venv.spec().actionSpace());
      Policy copy = config.learner().create(new LearnerSpec(shape, venv.spec().actionSpace(), streams,
          config.plannedIterations(), Rng.derive(config.seed(), "actor-copy-" + index), 1)).policy();
      return new RolloutCollector(config, adapter, shape, index, new Slice(venv, guards), copy);
    } catch (RuntimeException e) {
      venv.close();
      throw e;
    }
  }

  /** Resets the envs with {@code seed} and starts the action stream drawn from it. */
  public void reset(long seed) {
    obs = slice.venv().reset(seed);
    actor = PolicyActor.sampling(policy, new Rng(Rng.derive(seed, "actions")));
  }

  /**
   * Loads {@code parameters} unless they are the very publication loaded last: every publication is a
   * new object, so a restore that publishes parameters of a version this actor already holds is loaded
   * too.
   */
  public void load(PolicyParameters parameters) {
    if (parameters != loaded) {
      policy.load(parameters);
      loaded = parameters;
    }
  }

  /** The version of the parameters the policy acts with. */
  public long version() {
    return policy.version();
  }

  /** This actor's index in the run. */
  public int index() {
    return index;
  }

  /**
   * {@code rolloutLength} steps of this actor's envs, as the synchronous loop collects them.
   *
   * @throws NonFiniteException when an env gives a reward that is not finite
   */
  public CollectedRollout collect() {
    if (actor == null) {
      throw new IllegalStateException("reset the actor's envs before collecting");
    }
    VectorEnv<Object> venv = slice.venv();
    int t = config.rolloutLength();
    int n = venv.numEnvs();
    int p = policy.distribution().paramCount();
    int k = policy.valueHeads();
    int d = actions.dim();
    float[] obsBuf = new float[t * n * obsDim];
    float[] nextBuf = new float[t * n * obsDim];
    float[] actionBuf = new float[t * n * d];
    float[] logProbs = new float[t * n];
    float[] params = new float[t * n * p];
    float[] values = new float[t * n * k];
    long[] versions = new long[t * n];
    float[] rewards = new float[t * n];
    float[] terminated = new float[t * n];
    float[] truncated = new float[t * n];
    Object[] envActions = actions.newArray(n);
    List<CollectedRollout.Ended> ended = new ArrayList<>();
    long actNs = 0;
    long envNs = 0;
    for (int step = 0; step < t; step++) {
      INDArray o = Nd4j.create(obs, new long[] {n, obsDim}, DataType.FLOAT);
      long t0 = System.nanoTime();
      ActionBatch ab = actor.act(o);
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        envActions[i] = actions.toEnv(ab, i);
      }
      VectorStep s = venv.step(envActions);
      envNs += System.nanoTime() - t1;
      actNs += t1 - t0;
      for (int i = 0; i < n; i++) {
        if (slice.envRewards().get(i).pending()) {
          throw new NonFiniteException((int) ab.version() + 1, "actor " + index + "'s env " + i + " gave the"
              + " reward " + slice.envRewards().get(i).take() + " at step " + step + " of its rollout");
        }
      }
      int row = step * n;
      System.arraycopy(obs, 0, obsBuf, row * obsDim, n * obsDim);
      System.arraycopy(s.nextObservations(), 0, nextBuf, row * obsDim, n * obsDim);
      System.arraycopy(ab.actions(), 0, actionBuf, row * d, n * d);
      System.arraycopy(ab.logProbs(), 0, logProbs, row, n);
      System.arraycopy(Host.floats(ab.params()), 0, params, row * p, n * p);
      System.arraycopy(Host.floats(ab.values()), 0, values, row * k, n * k);
      for (int i = 0; i < n; i++) {
        versions[row + i] = ab.version();
        rewards[row + i] = (float) s.rewards()[i];
        if (!Float.isFinite(rewards[row + i])) {
          throw new NonFiniteException((int) ab.version() + 1, "actor " + index + "'s env " + i + " gave the"
              + " reward " + s.rewards()[i] + " at step " + step + " of its rollout");
        }
        terminated[row + i] = s.terminated()[i] ? 1f : 0f;
        truncated[row + i] = s.truncated()[i] ? 1f : 0f;
        if (s.done(i)) {
          ended.add(new CollectedRollout.Ended(i, step, s.infos()[i]));
        }
      }
      obs = s.observations();
    }
    long[] shape = new long[2 + obsShape.length];
    shape[0] = t;
    shape[1] = n;
    for (int i = 0; i < obsShape.length; i++) {
      shape[2 + i] = obsShape[i];
    }
    long[] tn = {t, n};
    Trajectory trajectory = Trajectory.builder(obsShape)
        .observations(Nd4j.create(obsBuf, shape, DataType.FLOAT))
        .nextObservations(Nd4j.create(nextBuf, shape, DataType.FLOAT))
        .actions(Nd4j.create(actionBuf, d == 1 && actions.discrete() ? tn : new long[] {t, n, d}, DataType.FLOAT))
        .rewards(Nd4j.create(rewards, tn, DataType.FLOAT))
        .terminated(Nd4j.create(terminated, tn, DataType.FLOAT))
        .truncated(Nd4j.create(truncated, tn, DataType.FLOAT))
        .logProbs(Nd4j.create(logProbs, tn, DataType.FLOAT))
        .policyParams(Nd4j.create(params, new long[] {t, n, p}, DataType.FLOAT))
        .values(Nd4j.create(values, new long[] {t, n, k}, DataType.FLOAT))
        .versions(versions)
        .taskIds(new int[n])
        .agents(1)
        .build();
    return new CollectedRollout(index, trajectory, ended, actNs, envNs);
  }

  @Override
  public void close() {
    slice.venv().close();
  }
}
