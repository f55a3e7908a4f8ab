package dev.curio.bench;

import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.loop.IterationReport;
import dev.curio.loop.LoopProfile;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * End-to-end speed of the training loop: env steps per second with learning included (SPS), where
 * the wall time goes ({@link LoopProfile}), peak memory, and the policy's inference latency and the
 * time of one minibatch update.
 *
 * <p>A run builds the loop, trains {@link #WARMUP_ITERATIONS} iterations untimed (JIT, ND4J's first
 * calls, buffer growth), then times whole iterations until at least {@code steps} more env steps.
 */
public final class SpsStudy {
  /** The agents measured: PPO alone and with a reward module. */
  public static final List<String> AGENTS = List.of("ppo", "ppo+rnd", "ppo+icm");

  /** Every agent {@link #configFor} builds: {@link #AGENTS} and PPO with episodic curiosity. */
  public static final List<String> ALL_AGENTS = List.of("ppo", "ppo+rnd", "ppo+icm", "ppo+ec");
  static final int WARMUP_ITERATIONS = 2;

  /**
   * One measurement.
   *
   * @param sps env steps per second over the timed iterations, learning included
   * @param shares each phase's share of the timed wall time
   * @param networkShare the share in network maths (acting forward, reward modules, PPO update)
   * @param peakHeapMb peak Java heap used over the timed iterations
   * @param peakOffHeapMb peak of ND4J's off-heap allocations on the device in use (its memory
   *     manager's count: JavaCPP pointers, tracked buffers and workspaces), sampled once per iteration
   * @param peakRssMb peak resident set size of the process, sampled once per iteration
   */
  public record Result(String env, String agent, int numEnvs, long steps, double seconds, double sps,
                       Map<LoopProfile.Phase, Double> shares, double networkShare, double peakHeapMb,
                       double peakOffHeapMb, double peakRssMb) {}

  /**
   * Latencies of the policy network.
   *
   * @param act1Micros median time of one batched forward pass and sample at batch 1
   * @param act32Micros the same at batch 32
   * @param updateMillis median time of one PPO minibatch update (forward, backward, optimiser)
   * @param minibatch its size
   */
  public record Latency(String env, String agent, double act1Micros, double act32Micros, double updateMillis,
                        int minibatch) {}

  private SpsStudy() {}

  /** Measures {@code agent} on {@code env} with the base config's other settings. */
  public static Result measure(String env, String agent, int numEnvs, long steps, TrainConfig base) {
    TrainConfig cfg = configFor(env, agent, numEnvs, base);
    try (TrainingLoop loop = new TrainingLoop(cfg, factory(env))) {
      for (int i = 0; i < WARMUP_ITERATIONS; i++) {
        loop.iterate();
      }
      MemorySampler memory = new MemorySampler();
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          memory.sample();
        }
      });
      loop.profile().reset();
      long from = loop.globalStep();
      long began = System.nanoTime();
      while (loop.globalStep() - from < steps) {
        loop.iterate();
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      long done = loop.globalStep() - from;
      LoopProfile p = loop.profile();
      return new Result(env, agent, numEnvs, done, seconds, done / seconds, p.shares(), p.networkShare(),
          memory.peakHeap / 1e6, memory.peakOffHeap / 1e6, memory.peakRss / 1e6);
    }
  }

  /** Inference latency at batch 1 and 32 and the time of one minibatch update, medians over repeats. */
  public static Latency latency(String env, String agent, TrainConfig base) {
    TrainConfig cfg = configFor(env, agent, 32, base);
    try (TrainingLoop loop = new TrainingLoop(cfg, factory(env))) {
      loop.iterate(); // real observations and a trained-once network
      int obsDim = 1;
      for (int d : loop.envSpec().observationSpace() instanceof dev.curio.core.space.Box b ? b.shape()
          : new int[] {loop.envSpec().observationSpace().flatDim()}) {
        obsDim *= d;
      }
      INDArray one = Nd4j.rand(DataType.FLOAT, 1, obsDim);
      INDArray many = Nd4j.rand(DataType.FLOAT, 32, obsDim);
      double act1 = medianNanos(2000, () -> loop.actor().act(one)) / 1e3;
      double act32 = medianNanos(2000, () -> loop.actor().act(many)) / 1e3;
      int mb = Math.max(1, cfg.numEnvs() * cfg.rolloutLength() / cfg.ppo().minibatches());
      int actions = ((dev.curio.core.space.Discrete) loop.envSpec().actionSpace()).n();
      int heads = loop.policy().valueHeads();
      INDArray obs = Nd4j.rand(DataType.FLOAT, mb, obsDim);
      INDArray policyLabels = Nd4j.zeros(DataType.FLOAT, mb, actions + 2);
      for (int i = 0; i < mb; i++) {
        policyLabels.putScalar(i, i % actions, 1f);
        policyLabels.putScalar(i, actions, (i % 3) - 1f);
        policyLabels.putScalar(i, actions + 1, (float) -Math.log(actions));
      }
      INDArray valueLabels = Nd4j.rand(DataType.FLOAT, mb, 2L * heads);
      double update = medianNanos(200, () -> ((dev.curio.agents.ppo.Ppo) loop.learner()).network().train(obs, policyLabels, valueLabels,
          cfg.ppo().maxGradNorm())) / 1e6;
      return new Latency(env, agent, act1, act32, update, mb);
    }
  }

  /**
   * {@code base} for one case: {@code env}, {@code numEnvs}, the agent's reward module, no early stop
   * and no step limit (the caller decides how long it runs).
   */
  public static TrainConfig configFor(String env, String agent, int numEnvs, TrainConfig base) {
    if (!ALL_AGENTS.contains(agent)) {
      throw new IllegalArgumentException("unknown agent '" + agent + "' (known: " + String.join(", ", ALL_AGENTS)
          + ")");
    }
    List<String> modules = agent.equals("ppo") ? List.of() : List.of(agent.substring("ppo+".length()));
    return base.toBuilder().env(env).numEnvs(numEnvs).totalSteps(Long.MAX_VALUE / 4).stopAtReturn(null)
        .checkpointEvery(0)
        .rewards(base.rewards().withModules(modules)).build();
  }

  /** A factory of the built-in world {@code env}; fails at once, naming close ids, if it is unknown. */
  @SuppressWarnings("unchecked")
  public static Supplier<Env<?, Integer>> factory(String env) {
    EnvRegistry.make(env).close();
    return () -> (Env<?, Integer>) EnvRegistry.make(env);
  }

  private static double medianNanos(int repeats, Runnable r) {
    for (int i = 0; i < Math.max(20, repeats / 10); i++) {
      r.run();
    }
    long[] t = new long[repeats];
    for (int i = 0; i < repeats; i++) {
      long s = System.nanoTime();
      r.run();
      t[i] = System.nanoTime() - s;
    }
    Arrays.sort(t);
    return t[repeats / 2];
  }

  /** Peaks of heap use, ND4J's off-heap memory and the resident set, sampled on demand. */
  private static final class MemorySampler {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final Integer device = Nd4j.getAffinityManager().getDeviceForCurrentThread();
    long peakHeap;
    long peakOffHeap;
    long peakRss;

    MemorySampler() {
      heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
      sample();
    }

    void sample() {
      long used = 0;
      for (MemoryPoolMXBean p : heapPools) {
        used += p.getPeakUsage().getUsed();
      }
      peakHeap = Math.max(peakHeap, used);
      peakRss = Math.max(peakRss, Pointer.physicalBytes());
      peakOffHeap = Math.max(peakOffHeap, Nd4j.getMemoryManager().allocatedMemory(device));
    }
  }
}
