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
import java.util.Objects;

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

  /**
   * Every agent {@link #configFor} builds: {@link #AGENTS} and PPO with episodic curiosity, with NovelD and with
   * the ensemble's disagreement.
   */
  public static final List<String> ALL_AGENTS = List.of("ppo", "ppo+rnd", "ppo+icm", "ppo+ec", "ppo+noveld",
      "ppo+disagreement");
  static final int WARMUP_ITERATIONS = 2;

  /**
   * One measurement.
   *
   * <p>Made with {@link #builder()}, every field by name; none is positional.
   */
  public static final class Result {
    private final String env;
    private final String agent;
    private final int numEnvs;
    private final long steps;
    private final double seconds;
    /** Env steps per second over the timed iterations, learning included. */
    private final double sps;
    /** Each phase's share of the timed wall time. */
    private final Map<LoopProfile.Phase, Double> shares;
    /** The share in network maths (acting forward, reward modules, PPO update). */
    private final double networkShare;
    /** Peak Java heap used over the timed iterations. */
    private final double peakHeapMb;
    /**
     * Peak of ND4J's off-heap allocations on the device in use (its memory manager's count: JavaCPP pointers,
     * tracked buffers and workspaces), sampled once per iteration.
     */
    private final double peakOffHeapMb;
    /** Peak resident set size of the process, sampled once per iteration. */
    private final double peakRssMb;

    private Result(Builder b) {
      this.env = b.env;
      this.agent = b.agent;
      this.numEnvs = b.numEnvs;
      this.steps = b.steps;
      this.seconds = b.seconds;
      this.sps = b.sps;
      this.shares = b.shares;
      this.networkShare = b.networkShare;
      this.peakHeapMb = b.peakHeapMb;
      this.peakOffHeapMb = b.peakOffHeapMb;
      this.peakRssMb = b.peakRssMb;
    }


    public String env() {
      return env;
    }

    public String agent() {
      return agent;
    }

    public int numEnvs() {
      return numEnvs;
    }

    public long steps() {
      return steps;
    }

    public double seconds() {
      return seconds;
    }

    public double sps() {
      return sps;
    }

    public Map<LoopProfile.Phase, Double> shares() {
      return shares;
    }

    public double networkShare() {
      return networkShare;
    }

    public double peakHeapMb() {
      return peakHeapMb;
    }

    public double peakOffHeapMb() {
      return peakOffHeapMb;
    }

    public double peakRssMb() {
      return peakRssMb;
    }

    /** A builder with every field unset (0, false or null). */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
      Builder b = new Builder();
      b.env = env;
      b.agent = agent;
      b.numEnvs = numEnvs;
      b.steps = steps;
      b.seconds = seconds;
      b.sps = sps;
      b.shares = shares;
      b.networkShare = networkShare;
      b.peakHeapMb = peakHeapMb;
      b.peakOffHeapMb = peakOffHeapMb;
      b.peakRssMb = peakRssMb;
      return b;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Result o
          && Objects.equals(env, o.env)
          && Objects.equals(agent, o.agent)
          && numEnvs == o.numEnvs
          && steps == o.steps
          && Double.compare(seconds, o.seconds) == 0
          && Double.compare(sps, o.sps) == 0
          && Objects.equals(shares, o.shares)
          && Double.compare(networkShare, o.networkShare) == 0
          && Double.compare(peakHeapMb, o.peakHeapMb) == 0
          && Double.compare(peakOffHeapMb, o.peakOffHeapMb) == 0
          && Double.compare(peakRssMb, o.peakRssMb) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(env, agent, numEnvs, steps, seconds, sps, shares, networkShare, peakHeapMb, peakOffHeapMb,
          peakRssMb);
    }

    @Override
    public String toString() {
      return "Result[env=" + env
          + ", agent=" + agent
          + ", numEnvs=" + numEnvs
          + ", steps=" + steps
          + ", seconds=" + seconds
          + ", sps=" + sps
          + ", shares=" + shares
          + ", networkShare=" + networkShare
          + ", peakHeapMb=" + peakHeapMb
          + ", peakOffHeapMb=" + peakOffHeapMb
          + ", peakRssMb=" + peakRssMb
          + "]";
    }

    /** Fields by name. */
    public static final class Builder {
      private String env;
      private String agent;
      private int numEnvs;
      private long steps;
      private double seconds;
      private double sps;
      private Map<LoopProfile.Phase, Double> shares;
      private double networkShare;
      private double peakHeapMb;
      private double peakOffHeapMb;
      private double peakRssMb;

      private Builder() {}

      public Builder env(String env) {
        this.env = env;
        return this;
      }

      public Builder agent(String agent) {
        this.agent = agent;
        return this;
      }

      public Builder numEnvs(int numEnvs) {
        this.numEnvs = numEnvs;
        return this;
      }

      public Builder steps(long steps) {
        this.steps = steps;
        return this;
      }

      public Builder seconds(double seconds) {
        this.seconds = seconds;
        return this;
      }

      public Builder sps(double sps) {
        this.sps = sps;
        return this;
      }

      public Builder shares(Map<LoopProfile.Phase, Double> shares) {
        this.shares = shares;
        return this;
      }

      public Builder networkShare(double networkShare) {
        this.networkShare = networkShare;
        return this;
      }

      public Builder peakHeapMb(double peakHeapMb) {
        this.peakHeapMb = peakHeapMb;
        return this;
      }

      public Builder peakOffHeapMb(double peakOffHeapMb) {
        this.peakOffHeapMb = peakOffHeapMb;
        return this;
      }

      public Builder peakRssMb(double peakRssMb) {
        this.peakRssMb = peakRssMb;
        return this;
      }

      public Result build() {
        return new Result(this);
      }
    }
  }

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
      return Result.builder().env(env).agent(agent).numEnvs(numEnvs).steps(done).seconds(seconds).sps(done / seconds)
          .shares(p.shares()).networkShare(p.networkShare()).peakHeapMb(memory.peakHeap / 1e6)
          .peakOffHeapMb(memory.peakOffHeap / 1e6).peakRssMb(memory.peakRss / 1e6).build();
    }
  }

  /** Inference latency at batch 1 and 32 and the time of one minibatch update, medians over repeats. */
  public static Latency latency(String env, String agent, TrainConfig base) {
    TrainConfig cfg = configFor(env, agent, 32, base);
    try (TrainingLoop loop = new TrainingLoop(cfg, factory(env))) {
      loop.iterate(); // real observations and a trained-once network
      int obsDim = obsDim(loop);
      INDArray one = Nd4j.rand(DataType.FLOAT, 1, obsDim);
      INDArray many = Nd4j.rand(DataType.FLOAT, 32, obsDim);
      double act1 = medianNanos(2000, () -> loop.actor().act(one)) / 1e3;
      double act32 = medianNanos(2000, () -> loop.actor().act(many)) / 1e3;
      int mb = minibatchRows(cfg);
      Runnable step = minibatchUpdate(loop, cfg, mb, obsDim);
      double update = medianNanos(200, step) / 1e6;
      return new Latency(env, agent, act1, act32, update, mb);
    }
  }

  /** Rows of one PPO minibatch of {@code cfg}: numEnvs x rolloutLength / minibatches. */
  static int minibatchRows(TrainConfig cfg) {
    return Math.max(1, cfg.numEnvs() * cfg.rolloutLength() / cfg.ppo().minibatches());
  }

  /**
   * One PPO minibatch update of {@code loop}'s network on {@code rows} random observations with
   * plausible labels (a discrete action space), ready to be timed: forward, backward, clip, Adam.
   */
  static Runnable minibatchUpdate(TrainingLoop loop, TrainConfig cfg, int rows, int obsDim) {
    if (!(loop.envSpec().actionSpace() instanceof dev.curio.core.space.Discrete discrete)) {
      throw new IllegalArgumentException("latency and ceiling time updates of a Discrete action space; "
          + cfg.env() + " has " + loop.envSpec().actionSpace());
    }
    int actions = discrete.n();
    int heads = loop.policy().valueHeads();
    INDArray obs = Nd4j.rand(DataType.FLOAT, rows, obsDim);
    // [action, advantage, old log-probability] per row, as PPO packs them
    INDArray policyLabels = Nd4j.zeros(DataType.FLOAT, rows, 3);
    for (int i = 0; i < rows; i++) {
      policyLabels.putScalar(i, 0, i % actions);
      policyLabels.putScalar(i, 1, (i % 3) - 1f);
      policyLabels.putScalar(i, 2, (float) -Math.log(actions));
    }
    INDArray valueLabels = Nd4j.rand(DataType.FLOAT, rows, 2L * heads);
    dev.curio.agents.net.ActorCritic net = ((dev.curio.agents.ppo.Ppo) loop.learner()).network();
    double clip = cfg.ppo().maxGradNorm();
    return () -> net.train(obs, policyLabels, valueLabels, clip);
  }

  /** Elements of one flat observation of {@code loop}'s world. */
  static int obsDim(TrainingLoop loop) {
    int obsDim = 1;
    for (int d : loop.envSpec().observationSpace() instanceof dev.curio.core.space.Box b ? b.shape()
        : new int[] {loop.envSpec().observationSpace().flatDim()}) {
      obsDim *= d;
    }
    return obsDim;
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
    // the most steps a config allows (its planned iterations must fit an int): the caller stops the run
    return base.toBuilder().env(env).numEnvs(numEnvs).totalSteps((long) numEnvs * base.rolloutLength() * Integer.MAX_VALUE)
        .stopAtReturn(null)
        .checkpointEvery(0)
        .rewards(base.rewards().withModules(modules)).build();
  }

  /** A factory of the built-in world {@code env}; fails at once, naming close ids, if it is unknown. */
  @SuppressWarnings("unchecked")
  public static Supplier<Env<?, Integer>> factory(String env) {
    EnvRegistry.make(env).close();
    return () -> (Env<?, Integer>) EnvRegistry.make(env);
  }

  static double medianNanos(int repeats, Runnable r) {
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
