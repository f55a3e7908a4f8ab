package dev.curio.bench.jmh;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.math.Gae;
import dev.curio.agents.net.Backend;
import dev.curio.agents.net.ActorCritic;
import dev.curio.core.Rng;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiStep;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.vector.SyncVectorEnv;
import dev.curio.envs.vector.VectorStep;
import dev.curio.rewards.EcConfig;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.RewardModules;
import dev.curio.rewards.UpdateStats;
import dev.curio.bench.SpsStudy;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmarks of the training loop's hot pieces, run by {@code curio bench jmh}: the batched
 * policy forward pass, one PPO minibatch update, each reward module's compute and update, one step
 * of a vector env, one step of one world (single- or multi-agent) with random actions, and GAE.
 * Networks and shapes are the ones a training run builds for the world ({@code env} parameter) with
 * the default config.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPaths {
  /** A PPO agent as a training run on {@code env} builds it, and a batch of observations. */
  @State(Scope.Thread)
  public static class Policy {
    @Param({"CartPole-v1", "MiniGrid-DoorKey-8x8-v0"})
    public String env;
    @Param({"1", "32"})
    public int batch;
    TrainingLoop loop;
    INDArray obs;

    @Setup(Level.Trial)
    public void setUp() {
      loop = new TrainingLoop(SpsStudy.configFor(env, "ppo", 1, TrainConfig.defaults()), SpsStudy.factory(env));
      obs = Nd4j.rand(DataType.FLOAT, batch, loop.envSpec().observationSpace().flatDim());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      loop.close();
    }
  }

  /** A minibatch of the default size for 8 envs x 128 steps (256 rows) with its labels. */
  @State(Scope.Thread)
  public static class Minibatch {
    @Param({"CartPole-v1", "MiniGrid-DoorKey-8x8-v0"})
    public String env;
    TrainingLoop loop;
    ActorCritic net;
    INDArray obs;
    INDArray policyLabels;
    INDArray valueLabels;

    @Setup(Level.Trial)
    public void setUp() {
      loop = new TrainingLoop(SpsStudy.configFor(env, "ppo", 1, TrainConfig.defaults()), SpsStudy.factory(env));
      net = ((dev.curio.agents.ppo.Ppo) loop.learner()).network();
      int rows = 256;
      int actions = net.numActions();
      obs = Nd4j.rand(DataType.FLOAT, rows, loop.envSpec().observationSpace().flatDim());
      policyLabels = Nd4j.zeros(DataType.FLOAT, rows, 3); // action, advantage, old log-probability
      Rng rng = new Rng(3);
      for (int i = 0; i < rows; i++) {
        policyLabels.putScalar(i, 0, rng.nextInt(actions));
        policyLabels.putScalar(i, 1, (float) rng.nextGaussian());
        policyLabels.putScalar(i, 2, (float) -Math.log(actions));
      }
      valueLabels = Nd4j.rand(DataType.FLOAT, rows, 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      loop.close();
    }
  }

  /**
   * A reward module with default settings and a rollout of 8 envs x 128 steps (1024 transitions):
   * a random policy's on DoorKey-8x8 ({@code [7, 7, 3]} views, 7 actions, what a training run feeds
   * the modules), or {@value #GAUSSIAN}: 64 standard-normal floats per observation and 4 actions, a
   * small flat input for comparing the modules' own cost (docs/rewards.md, time per batch).
   */
  @State(Scope.Thread)
  public static class Module {
    static final String GAUSSIAN = "gaussian-obs64-a4";
    @Param({"icm", "rnd", "rfs", "ec", "count"})
    public String module;
    @Param({"MiniGrid-DoorKey-8x8-v0", GAUSSIAN})
    public String rollout;
    IntrinsicReward reward;
    Trajectory batch;

    @Setup(Level.Trial)
    public void setUp() {
      Backend.useThreads(TrainConfig.defaults().nd4jThreads()); // as a training run does
      if (rollout.equals(GAUSSIAN)) {
        batch = Fixtures.gaussianRollout(128, 8, 64, 4, 5);
        reward = RewardModules.create(module, null, new int[] {64}, 4, 11);
      } else {
        batch = Fixtures.randomRollout(rollout, 128, 8, 5);
        try (SyncVectorEnv<Object, Integer> venv = Fixtures.vectorEnv(rollout, 1)) {
          reward = RewardModules.create(module, null, Fixtures.obsShape(venv), Fixtures.numActions(venv), 11);
        }
      }
      // ec trains its comparator every trainEvery-th update and returns zeros until then, so an
      // untrained ec's compute would time nothing; the other modules only move their statistics
      for (int i = 0; i < EcConfig.defaults().trainEvery(); i++) {
        reward.update(batch);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      reward.close();
    }
  }

  /** N copies of a world and pre-drawn random actions. */
  @State(Scope.Thread)
  public static class Envs {
    @Param({"CartPole-v1", "MiniGrid-DoorKey-8x8-v0"})
    public String env;
    @Param({"32"})
    public int n;
    SyncVectorEnv<Object, Integer> venv;
    Integer[][] actions;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      venv = Fixtures.vectorEnv(env, n);
      venv.reset(1);
      Rng rng = new Rng(2);
      int a = Fixtures.numActions(venv);
      actions = new Integer[1024][n];
      for (Integer[] row : actions) {
        for (int i = 0; i < n; i++) {
          row[i] = rng.nextInt(a);
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      venv.close();
    }
  }

  /**
   * One world of the registry, single-agent or multi-agent, played by a uniform random policy from
   * a seeded {@link Rng}: a multi-agent step takes one action per agent. Episodes are seeded 0, 1,
   * 2, ...
   */
  @State(Scope.Thread)
  public static class World {
    @Param({"CartPole-v1", "social:speaker-listener", "social:harvest-2", "social:harvest-4"})
    public String env;
    Env<Object, Object> single;
    MultiAgentEnv<?> multi;
    int[] actionSizes;
    int[] actions;
    Rng rng;
    long episode;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
      rng = new Rng(6);
      if (EnvRegistry.findMulti(env).isPresent()) {
        multi = EnvRegistry.makeMulti(env);
        actionSizes = new int[multi.numAgents()];
        for (int i = 0; i < actionSizes.length; i++) {
          actionSizes[i] = multi.spec().actionSpace(i).n();
        }
        actions = new int[actionSizes.length];
        multi.reset(episode++);
      } else {
        single = (Env<Object, Object>) EnvRegistry.make(env);
        single.reset(episode++);
      }
    }

    /** One step, plus the reset when it ended the episode, so the mean includes resets at their real rate. */
    Object step() {
      if (single != null) {
        Step<Object> s = single.step(single.spec().actionSpace().sample(rng));
        if (s.done()) {
          single.reset(episode++);
        }
        return s;
      }
      for (int i = 0; i < actions.length; i++) {
        actions[i] = rng.nextInt(actionSizes[i]);
      }
      MultiStep<?> s = multi.step(actions);
      if (s.done()) {
        multi.reset(episode++);
      }
      return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (single != null) {
        single.close();
      } else {
        multi.close();
      }
    }
  }

  /** One stream's GAE inputs for T = 128, N = 32. */
  @State(Scope.Thread)
  public static class Advantages {
    static final int T = 128;
    static final int N = 32;
    float[] rewards = new float[T * N];
    float[] values = new float[T * N];
    float[] nextValues = new float[T * N];
    float[] terminated = new float[T * N];
    float[] truncated = new float[T * N];

    @Setup(Level.Trial)
    public void setUp() {
      Rng rng = new Rng(4);
      for (int i = 0; i < T * N; i++) {
        rewards[i] = rng.nextDouble() < 0.05 ? 1f : 0f;
        values[i] = (float) rng.nextDouble();
        nextValues[i] = (float) rng.nextDouble();
        terminated[i] = rng.nextDouble() < 0.01 ? 1f : 0f;
        truncated[i] = rng.nextDouble() < 0.005 ? 1f : 0f;
      }
    }
  }

  @Benchmark
  public ActionBatch policyForward(Policy p) {
    return p.loop.actor().act(p.obs);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ActorCritic.StepStats ppoMinibatchUpdate(Minibatch m) {
    return m.net.train(m.obs, m.policyLabels, m.valueLabels, 0.5);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public INDArray rewardCompute(Module m) {
    return m.reward.compute(m.batch);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public UpdateStats rewardUpdate(Module m) {
    return m.reward.update(m.batch);
  }

  @Benchmark
  public VectorStep vectorEnvStep(Envs e) {
    Integer[] a = e.actions[e.next];
    e.next = (e.next + 1) & 1023;
    return e.venv.step(a);
  }

  @Benchmark
  public Object worldStep(World w) {
    return w.step();
  }

  @Benchmark
  public Gae.Result gae(Advantages a) {
    return Gae.compute(a.rewards, a.values, a.nextValues, a.terminated, a.truncated, Advantages.T, Advantages.N, 0.99,
        0.95, true);
  }
}
