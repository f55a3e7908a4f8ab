package dev.curio.runners.loop;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.net.Backend;
import dev.curio.agents.ppo.Ppo;
import dev.curio.core.Info;
import dev.curio.core.config.ConfigException;
import dev.curio.core.rollout.RewardStream;
import dev.curio.core.rollout.RewardStreams;
import dev.curio.core.rollout.Rollout;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.core.state.Snapshot;
import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.vector.SyncVectorEnv;
import dev.curio.envs.vector.ThreadedVectorEnv;
import dev.curio.envs.vector.VectorEnvState;
import dev.curio.envs.vector.VectorStep;
import dev.curio.envs.wrappers.EpisodeStats;
import dev.curio.envs.wrappers.RecordEpisodeStatistics;
import dev.curio.envs.wrappers.TimeLimit;
import dev.curio.rewards.EpisodicCuriosity;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.NormalizedReward;
import dev.curio.rewards.RewardModules;
import dev.curio.rewards.RewardSet;
import dev.curio.rewards.ScheduledReward;
import dev.curio.rewards.StepBatch;
import dev.curio.rewards.UpdateStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop: N envs in lockstep, T steps per iteration with one batched forward pass per
 * step, then the intrinsic reward modules (computed on the rollout, then updated) and the learner on
 * the whole rollout. Reads top to bottom in {@link #iterate()}.
 *
 * <pre>{@code
 * // config.env() must be the id of the world the factory makes (CartPole's is "CartPole-v1")
 * TrainingLoop loop = new TrainingLoop(config.withEnv("CartPole-v1"), () -> new CartPole());
 * loop.addObserver(ConsoleProgress.auto(new PrintWriter(System.out, true)));
 * RunEnd end = loop.run();
 * }</pre>
 *
 * {@link #save()} / {@link #restore} hold the whole state (network, optimiser, RNGs, envs, counters,
 * reward modules),
 * so a run stopped and resumed from a checkpoint continues exactly as one that never stopped.
 */
public final class TrainingLoop implements AutoCloseable {
  private final TrainConfig config;
  private final SyncVectorEnv<?, Integer> venv;
  private final EnvSpec<?, Integer> spec;
  private final int[] obsShape;
  private final int obsDim;
  private final int numActions;
  private final Ppo ppo;
  private final RewardStream extrinsic;
  private final RewardSet rewardSet;
  private final List<RunObserver> observers = new ArrayList<>();
  private final RunControl control = new RunControl();
  private final ArrayDeque<double[]> window = new ArrayDeque<>();
  private final LoopProfile profile = new LoopProfile();

  private float[] obs;
  private int iteration;
  private long globalStep;
  private long episodes;
  private double bestMean = Double.NaN;
  /** Built by {@link #toResume} and not yet restored: training now would skip the comparator's pre-training. */
  private boolean awaitingRestore;

  public TrainingLoop(TrainConfig config, Supplier<? extends Env<?, Integer>> factory) {
    this(config, factory, List.of());
  }

  /**
   * A loop whose reward streams are the extrinsic one, the config's built-in modules
   * ({@code rewards.modules}) and then one per custom factory.
   */
  public TrainingLoop(TrainConfig config, Supplier<? extends Env<?, Integer>> factory, List<RewardFactory> custom) {
    this(config, factory, custom, true);
  }

  /**
   * A loop that will continue from a checkpoint: built like {@link #TrainingLoop(TrainConfig,
   * Supplier, List)} but without pre-training episodic curiosity's comparator on random walks (the
   * checkpoint holds the trained comparator, so the walks would be thrown away). Call {@link
   * #restore} before the first {@link #iterate} or {@link #run}; they refuse to start otherwise.
   */
  public static TrainingLoop toResume(TrainConfig config, Supplier<? extends Env<?, Integer>> factory,
                                      List<RewardFactory> custom) {
    return new TrainingLoop(config, factory, custom, false);
  }

  private TrainingLoop(TrainConfig config, Supplier<? extends Env<?, Integer>> factory, List<RewardFactory> custom,
                       boolean pretrain) {
    this.config = config;
    this.awaitingRestore = !pretrain;
    Backend.useThreads(config.nd4jThreads());
    this.venv = makeVectorEnv(config, factory);
    this.spec = venv.spec();
    if (!spec.id().equals(config.env())) {
      venv.close();
      throw new IllegalArgumentException("the config names env '" + config.env() + "' but the env factory makes '"
          + spec.id() + "'; set env to '" + spec.id() + "' (TrainConfig.withEnv) so that the run is labelled by"
          + " the world it trains on");
    }
    Space<?> os = spec.observationSpace();
    this.obsShape = os instanceof Box b ? b.shape() : new int[] {os.flatDim()};
    this.obsDim = os.flatDim();
    if (!(spec.actionSpace() instanceof Discrete d)) {
      throw new IllegalArgumentException("env " + spec.id() + ": PPO here supports Discrete action spaces, got "
          + spec.actionSpace());
    }
    this.numActions = d.n();
    this.extrinsic = RewardStream.extrinsic(config.gamma());
    this.rewardSet = makeRewards(config, factory, custom, obsShape, numActions, pretrain);
    List<RewardStream> streams = new ArrayList<>();
    streams.add(extrinsic);
    streams.addAll(rewardSet.streams());
    this.ppo = new Ppo(config.ppo(), config.network(), obsShape, numActions, streams,
        config.plannedIterations(), config.seed());
  }

  /**
   * The config's modules, then the custom ones; each decorated with return normalisation and the
   * decay schedule when the config asks. Module k is seeded from the run seed and k. A pretrained
   * episodic-curiosity module first trains its comparator on random walks in the run's world.
   */
  private static RewardSet makeRewards(TrainConfig config, Supplier<? extends Env<?, Integer>> factory,
                                       List<RewardFactory> custom, int[] obsShape, int numActions, boolean pretrain) {
    RewardsConfig rc = config.rewards();
    List<IntrinsicReward> modules = new ArrayList<>();
    long k = 0;
    for (String name : rc.modules()) {
      long seed = moduleSeed(config.seed(), k++);
      IntrinsicReward m = RewardModules.create(name, rc.settings(name), obsShape, numActions, seed);
      if (pretrain && m instanceof EpisodicCuriosity ec && ec.config().pretrained()) {
        int steps = ec.config().pretrainSteps();
        try {
          ec.pretrain(RandomWalks.collect(factory, config.maxEpisodeSteps(), steps, seed));
        } catch (IllegalArgumentException e) {
          // the walks are the config's doing: too few steps, or episodes too short for k and negativeGap
          throw new ConfigException("rewards.ec.pretrainSteps", e.getMessage().replaceFirst("^ec: ", "")
              + "; got " + steps + " walk steps in " + config.env() + ": raise it, or lower k or negativeGap");
        }
      }
      modules.add(m);
    }
    for (RewardFactory f : custom) {
      modules.add(f.create(obsShape.clone(), numActions, moduleSeed(config.seed(), k++)));
    }
    List<IntrinsicReward> decorated = new ArrayList<>();
    for (IntrinsicReward m : modules) {
      IntrinsicReward d = rc.normalize() ? new NormalizedReward(m, rc.clip()) : m;
      decorated.add(rc.decay() > 0 ? new ScheduledReward(d, 1.0, rc.decay()) : d);
    }
    return new RewardSet(decorated);
  }

  private static long moduleSeed(long runSeed, long k) {
    return runSeed * 1_000_003L + 7919L * (k + 1);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static SyncVectorEnv<?, Integer> makeVectorEnv(TrainConfig config, Supplier<? extends Env<?, Integer>> factory) {
    Supplier<Env<Object, Integer>> wrapped = () -> {
      Env<Object, Integer> e = (Env<Object, Integer>) factory.get();
      if (e == null) {
        return null; // the vector env names a factory that returns null, with the env's index
      }
      if (config.maxEpisodeSteps() > 0) {
        e = new TimeLimit<>(e, config.maxEpisodeSteps());
      }
      return new RecordEpisodeStatistics<>(e);
    };
    List<Env<Object, Integer>> envs = SyncVectorEnv.make(config.numEnvs(), wrapped);
    return config.vectorEnv().equals("threaded")
        ? new ThreadedVectorEnv(envs, Runtime.getRuntime().availableProcessors())
        : new SyncVectorEnv(envs);
  }

  public TrainingLoop addObserver(RunObserver o) {
    observers.add(o);
    return this;
  }

  public TrainConfig config() {
    return config;
  }

  /** The intrinsic reward modules (empty when the run uses extrinsic reward only). */
  public RewardSet rewards() {
    return rewardSet;
  }

  public Ppo agent() {
    return ppo;
  }

  public EnvSpec<?, Integer> envSpec() {
    return spec;
  }

  public int iteration() {
    return iteration;
  }

  public long globalStep() {
    return globalStep;
  }

  public RunControl control() {
    return control;
  }

  /** Wall time per phase of the iterations run so far (reset it to time a stretch of them). */
  public LoopProfile profile() {
    return profile;
  }

  /** Trains until {@code totalSteps} or an observer stops the run; observers see the end even on failure. */
  public RunEnd run() {
    checkRestored();
    if (obs == null) {
      obs = venv.reset(config.seed());
    }
    RunStart start = new RunStart(config, spec.id(), obsShape.clone(), numActions, streamNames(),
        iteration, globalStep, ppo.network().numParams(), control);
    observers.forEach(o -> o.onStart(start));
    Throwable failure = null;
    try {
      while (globalStep < config.totalSteps() && !control.stopRequested()) {
        iterate();
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    RunEnd end = new RunEnd(iteration, globalStep, meanReturn(), bestMean, control.stopReason(), failure);
    for (RunObserver o : observers) {
      try {
        o.onEnd(end);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    return end;
  }

  private List<String> streamNames() {
    List<String> names = new ArrayList<>();
    names.add(extrinsic.name());
    rewardSet.streams().forEach(r -> names.add(r.name()));
    return names;
  }

  /** One iteration: collect T steps of N envs, then learn. */
  public IterationReport iterate() {
    checkRestored();
    if (obs == null) {
      obs = venv.reset(config.seed());
    }
    int t = config.rolloutLength();
    int n = config.numEnvs();
    long began = System.nanoTime();
    float[] obsBuf = new float[t * n * obsDim];
    float[] nextBuf = new float[t * n * obsDim];
    float[] actions = new float[t * n];
    float[] logProbs = new float[t * n];
    float[] rewards = new float[t * n];
    float[] terminated = new float[t * n];
    float[] truncated = new float[t * n];
    Integer[] boxed = new Integer[n];
    long actNs = 0;
    long envNs = 0;
    long observeNs = 0;
    for (int step = 0; step < t; step++) {
      INDArray o = Nd4j.create(obs, new long[] {n, obsDim}, DataType.FLOAT);
      long t0 = System.nanoTime();
      ActionBatch ab = ppo.act(o);
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        boxed[i] = ab.actions()[i];
      }
      long t2 = System.nanoTime();
      VectorStep s = venv.step(boxed);
      long t3 = System.nanoTime();
      actNs += t1 - t0;
      envNs += t3 - t2;
      if (!rewardSet.modules().isEmpty()) {
        observe(o, ab.actions(), s);
        observeNs += System.nanoTime() - t3;
      }
      int row = step * n;
      System.arraycopy(obs, 0, obsBuf, row * obsDim, n * obsDim);
      System.arraycopy(s.nextObservations(), 0, nextBuf, row * obsDim, n * obsDim);
      for (int i = 0; i < n; i++) {
        actions[row + i] = ab.actions()[i];
        logProbs[row + i] = ab.logProbs()[i];
        rewards[row + i] = (float) s.rewards()[i];
        terminated[row + i] = s.terminated()[i] ? 1f : 0f;
        truncated[row + i] = s.truncated()[i] ? 1f : 0f;
        if (s.done(i)) {
          recordEpisode(i, s.infos()[i], globalStep + (long) (step + 1) * n);
          rewardSet.onEpisodeEnd(i);
        }
      }
      obs = s.observations();
    }
    globalStep += (long) t * n;
    long collected = System.nanoTime();

    long[] shape = new long[2 + obsShape.length];
    shape[0] = t;
    shape[1] = n;
    for (int i = 0; i < obsShape.length; i++) {
      shape[2 + i] = obsShape[i];
    }
    Rollout rollout = new Rollout(Nd4j.create(obsBuf, shape, DataType.FLOAT), Nd4j.create(nextBuf, shape, DataType.FLOAT),
        Nd4j.create(actions, new long[] {t, n}, DataType.FLOAT), Nd4j.create(rewards, new long[] {t, n}, DataType.FLOAT),
        Nd4j.create(terminated, new long[] {t, n}, DataType.FLOAT), Nd4j.create(truncated, new long[] {t, n}, DataType.FLOAT),
        Nd4j.create(logProbs, new long[] {t, n}, DataType.FLOAT), obsShape);
    // intrinsic rewards: every module computes on this rollout before any module trains on it
    long built = System.nanoTime();
    Map<String, INDArray> intrinsic = rewardSet.compute(rollout);
    UpdateStats rewardStats = rewardSet.update(rollout);
    RewardStreams streams = rewardSet.addTo(RewardStreams.extrinsicOnly(rollout, extrinsic), intrinsic);
    long rewarded = System.nanoTime();
    long networkBefore = ppo.networkNanos();
    LearnerStats stats = ppo.learn(rollout, streams);
    iteration++;
    long learned = System.nanoTime();
    long learnNetwork = ppo.networkNanos() - networkBefore;
    profile.add(LoopProfile.Phase.ACT, actNs);
    profile.add(LoopProfile.Phase.ENV, envNs);
    profile.add(LoopProfile.Phase.REWARDS, observeNs + (rewarded - built));
    profile.add(LoopProfile.Phase.BATCH, (built - began) - actNs - envNs - observeNs);
    profile.add(LoopProfile.Phase.LEARN_NETWORK, learnNetwork);
    profile.add(LoopProfile.Phase.LEARN_HOST, (learned - rewarded) - learnNetwork);

    double mean = meanReturn();
    boolean windowFull = window.size() >= config.returnWindow();
    if (windowFull && (Double.isNaN(bestMean) || mean > bestMean)) {
      bestMean = mean;
    }
    double seconds = (learned - began) / 1e9;
    IterationReport report = new IterationReport(iteration, globalStep, mean, meanLength(), episodes,
        t * n / Math.max(seconds, 1e-9), (collected - began) / 1e9, (rewarded - collected) / 1e9,
        (learned - rewarded) / 1e9, stats, rewardStats, control);
    long notifying = System.nanoTime();
    for (RunObserver ob : observers) {
      ob.onIteration(report);
    }
    if (config.stopAtReturn() != null && windowFull && mean >= config.stopAtReturn()) {
      control.stop("mean return " + String.format("%.3f", mean) + " reached stopAtReturn " + config.stopAtReturn());
    }
    profile.add(LoopProfile.Phase.OBSERVERS, System.nanoTime() - notifying);
    return report;
  }

  /** Hands one step of all N envs to the reward modules ({@code o} is the observation batch acted on). */
  private void observe(INDArray o, int[] acts, VectorStep s) {
    int n = acts.length;
    long[] shape = new long[1 + obsShape.length];
    shape[0] = n;
    for (int i = 0; i < obsShape.length; i++) {
      shape[1 + i] = obsShape[i];
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = acts[i];
    }
    rewardSet.observe(new StepBatch(o.reshape(shape), Nd4j.create(a, new long[] {n}, DataType.FLOAT),
        Nd4j.create(s.nextObservations(), shape, DataType.FLOAT), s.terminated(), s.truncated()));
  }

  private void recordEpisode(int env, Info info, long step) {
    EpisodeStats ep = info.get(RecordEpisodeStatistics.EPISODE).orElse(null);
    if (ep == null) {
      return;
    }
    episodes++;
    window.addLast(new double[] {ep.episodeReturn(), ep.length()});
    while (window.size() > config.returnWindow()) {
      window.removeFirst();
    }
    EpisodeEnd e = new EpisodeEnd(env, step, ep.episodeReturn(), ep.length(), ep.terminated());
    for (RunObserver o : observers) {
      o.onEpisodeEnd(e);
    }
  }

  /** Rolling mean extrinsic return of the last {@code returnWindow} episodes; NaN before any. */
  public double meanReturn() {
    return window.stream().mapToDouble(d -> d[0]).average().orElse(Double.NaN);
  }

  public double meanLength() {
    return window.stream().mapToDouble(d -> d[1]).average().orElse(Double.NaN);
  }

  /** The complete state of the run. */
  public Snapshot save() {
    if (obs == null) {
      obs = venv.reset(config.seed());
    }
    VectorEnvState<Integer> vs = venv.snapshot();
    Snapshot env = new Snapshot().putLongs("episodeSeeds", vs.episodeSeeds());
    for (int i = 0; i < vs.episodeSeeds().length; i++) {
      env.putInts("actions" + i, vs.actionsSinceReset().get(i).stream().mapToInt(Integer::intValue).toArray());
      env.putLongs("seedStream" + i, vs.seedStreams()[i]);
    }
    double[] flatWindow = window.stream().flatMapToDouble(Arrays::stream).toArray();
    Snapshot loop = new Snapshot()
        .putLong("iteration", iteration)
        .putLong("globalStep", globalStep)
        .putLong("episodes", episodes)
        .putDoubles("window", flatWindow)
        .putDouble("bestMean", bestMean);
    return new Snapshot()
        .putString("env", spec.id())
        .putChild("learner", ppo.save())
        .putChild("rewards", rewardSet.state())
        .putChild("envs", env)
        .putChild("loop", loop);
  }

  private void checkRestored() {
    if (awaitingRestore) {
      throw new IllegalStateException("this loop was built with TrainingLoop.toResume; restore(checkpoint) it before"
          + " training (or build it with new TrainingLoop(...) to start a run)");
    }
  }

  /** Continues from {@link #save()}'s snapshot of a run with the same config. */
  public void restore(Snapshot s) {
    if (!s.string("env").equals(spec.id())) {
      throw new IllegalArgumentException("checkpoint is of env " + s.string("env") + ", this run is of " + spec.id());
    }
    ppo.restore(s.child("learner"));
    rewardSet.restore(s.child("rewards"));
    Snapshot env = s.child("envs");
    long[] seeds = env.longs("episodeSeeds");
    if (seeds.length != config.numEnvs()) {
      throw new IllegalArgumentException("checkpoint has " + seeds.length + " envs, the config says numEnvs "
          + config.numEnvs());
    }
    List<List<Integer>> acts = new ArrayList<>();
    long[][] streams = new long[seeds.length][];
    for (int i = 0; i < seeds.length; i++) {
      acts.add(Arrays.stream(env.ints("actions" + i)).boxed().toList());
      streams[i] = env.longs("seedStream" + i);
    }
    obs = venv.restore(new VectorEnvState<>(seeds, acts, streams));
    Snapshot loop = s.child("loop");
    iteration = (int) loop.getLong("iteration");
    globalStep = loop.getLong("globalStep");
    episodes = loop.getLong("episodes");
    bestMean = loop.getDouble("bestMean");
    window.clear();
    double[] w = loop.doubles("window");
    for (int i = 0; i + 1 < w.length; i += 2) {
      window.addLast(new double[] {w[i], w[i + 1]});
    }
    awaitingRestore = false;
  }

  @Override
  public void close() {
    rewardSet.close();
    venv.close();
  }
}
