package dev.curio.loop;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.EncodedPolicy;
import dev.curio.agents.Actor;
import dev.curio.agents.Learner;
import dev.curio.agents.LearnerFactory;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.PerAgentLearner;
import dev.curio.agents.PerAgentPolicy;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyActor;
import dev.curio.agents.net.Backend;
import dev.curio.core.Info;
import dev.curio.core.Rng;
import dev.curio.core.config.ConfigException;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.MultiDiscrete;
import dev.curio.core.space.Space;
import dev.curio.core.state.Snapshot;
import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.multi.ActionChannel;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiAgentVectorEnv;
import dev.curio.envs.vector.SyncVectorEnv;
import dev.curio.envs.vector.ThreadedVectorEnv;
import dev.curio.envs.vector.VectorEnv;
import dev.curio.envs.vector.VectorEnvState;
import dev.curio.envs.vector.VectorStep;
import dev.curio.envs.worlds.social.SocialMetrics;
import dev.curio.envs.wrappers.EpisodeStats;
import dev.curio.envs.wrappers.RecordEpisodeStatistics;
import dev.curio.envs.wrappers.ScaleObservation;
import dev.curio.envs.wrappers.TaskObservation;
import dev.curio.envs.wrappers.TimeLimit;
import dev.curio.representation.Encoder;
import dev.curio.representation.acstate.AcStateConfig;
import dev.curio.representation.acstate.AcStateEncoder;
import dev.curio.rewards.EncodedReward;
import dev.curio.rewards.EpisodicCuriosity;
import dev.curio.rewards.ForwardingReward;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.NormalizedReward;
import dev.curio.rewards.RewardModules;
import dev.curio.rewards.RewardSet;
import dev.curio.rewards.ScheduledReward;
import dev.curio.rewards.StepBatch;
import dev.curio.rewards.UpdateStats;
import dev.curio.rewards.social.SocialInfluence;
import dev.curio.rewards.social.StepScheduledReward;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

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
  private final VectorEnv<Object> venv;
  /** {@link #venv} when the run is of a multi-agent world ({@link #multiAgent}), for its visibility; else null. */
  private final MultiAgentVectorEnv multiAgentEnv;
  /** Agents per env: columns of the trajectory are {@code env * agents + agent}. */
  private final int agents;
  private final EnvSpec<?, ?> spec;
  private final ActionAdapter actions;
  private final int[] obsShape;
  private final int obsDim;
  private final int numActions;
  private final Learner learner;
  private final Policy policy;
  private Actor actor;
  private Rng actorRng;
  private final RewardStream extrinsic;
  private final RewardSet rewardSet;
  /**
   * With actors ({@code impala.actors}): per actor index, the rollouts learned from so far, sorted by
   * index (a resumed run continues the checkpoint's counts); empty without actors.
   */
  public java.util.SortedMap<Integer, Long> actorRollouts() {
    return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(actorRollouts));
  }

  /** The run's AC-State encoder ({@code encoder.kind: ac-state}), trained in the encoder phase; null for none. */
  private final AcStateEncoder acState;
  /** The policy reads {@link #acState}'s output ({@code encoder.policy}): the learner learns on encoded rollouts. */
  private final boolean policyEncoded;
  private final List<RunObserver> observers = new ArrayList<>();
  private final RunControl control = new RunControl();
  private final ArrayDeque<double[]> window = new ArrayDeque<>();
  /** Per agent of a multi-agent world, its last {@code returnWindow} episodes (empty for one agent). */
  private final List<ArrayDeque<double[]>> agentWindows = new ArrayList<>();
  private final LoopProfile profile = new LoopProfile();
  private final NonFiniteGuard guard;
  /** The innermost wrapper of each env, by index (empty for a multi-agent world). */
  private final List<NonFiniteGuard.EnvRewards<?, ?>> envRewards;
  /** Per column: its current episode had a reward that is not finite, so its return joins no window. */
  private final boolean[] nonFiniteEpisode;
  /** The task of each column ({@code Trajectory.taskIds}); all 0 in a single-task run. */
  private final int[] columnTasks;
  /** Tasks the policy is trained on (1 unless multi-task). */
  private final int tasks;
  /**
   * The task ids the actor gets: {@link #columnTasks}, or all 0 when the policy has one set of value heads for
   * every task ({@code Policy.tasks() == 1}; the tasks then differ only in their observations).
   */
  private final int[] actingTasks;
  /** Per column, the factor on its extrinsic reward in the trajectory ({@code tasks.rewardScale}); null: none. */
  private final double[] columnScale;
  /**
   * Per task of a multi-task run, its last {@code returnWindow} episodes as (return, length, success)
   * (empty for one task).
   */
  private final List<ArrayDeque<double[]>> taskWindows = new ArrayList<>();
  /** Whether the world says which agents are frozen at each step, so the run reports the social-dilemma metrics. */
  private final boolean social;
  /**
   * Per copy of a multi-agent world (more than one agent, or frozen flags), its current episode's sums
   * for the collective return and the social-dilemma metrics; empty otherwise.
   */
  private final SocialMetrics[] copyEpisodes;
  /** Per copy: its current episode had a reward beyond a float's range (skip), so it joins no window. */
  private final boolean[] copyExcluded;
  /** The frozen flags of a world that reports none: nobody frozen (its peace is computed, never reported). */
  private final boolean[] noneFrozen;
  /**
   * The last {@code returnWindow} finished episodes of all copies, as (collective return, efficiency,
   * equality, sustainability, peace); empty unless {@link #copyEpisodes} is not.
   */
  private final ArrayDeque<double[]> socialWindow = new ArrayDeque<>();

  /** The actor threads ({@code impala.actors} > 0), which collect instead of {@link #actor}; null otherwise. */
  private final ActorPool actorPool;
  /** Trajectories the actor threads sent that were too stale to learn from ({@code impala.maxStaleness}). */
  private long droppedTrajectories;
  /** With actors: per actor index, the rollouts learned from so far (the checkpoint's {@code actorRollouts}). */
  private final java.util.TreeMap<Integer, Long> actorRollouts = new java.util.TreeMap<>();

  private float[] obs;
  private int iteration;
  private long globalStep;
  private long episodes;
  private double bestMean = Double.NaN;
  /** Built by {@link #toResume} and not yet restored: training now would skip the comparator's pre-training. */
  private boolean awaitingRestore;

  public TrainingLoop(TrainConfig config, Supplier<? extends Env<?, ?>> factory) {
    this(config, factory, List.of());
  }

  /**
   * A loop whose reward streams are the extrinsic one, the config's built-in modules
   * ({@code rewards.modules}) and then one per custom factory.
   */
  public TrainingLoop(TrainConfig config, Supplier<? extends Env<?, ?>> factory, List<RewardFactory> custom) {
    this(config, factory, custom, config.learner(), true);
  }

  /**
   * A loop that trains the learner {@code learner} builds (instead of the config's PPO), e.g. a
   * user's own; {@code config.ppo()} and {@code config.network()} are then unused.
   */
  public TrainingLoop(TrainConfig config, Supplier<? extends Env<?, ?>> factory, List<RewardFactory> custom,
                      LearnerFactory learner) {
    this(config, factory, custom, learner, true);
  }

  /**
   * A loop that will continue from a checkpoint: built like {@link #TrainingLoop(TrainConfig,
   * Supplier, List)} but without pre-training episodic curiosity's comparator on random walks (the
   * checkpoint holds the trained comparator, so the walks would be thrown away). Call {@link
   * #restore} before the first {@link #iterate} or {@link #run}; they refuse to start otherwise.
   */
  public static TrainingLoop toResume(TrainConfig config, Supplier<? extends Env<?, ?>> factory,
                                      List<RewardFactory> custom) {
    return new TrainingLoop(config, factory, custom, config.learner(), false);
  }

  private TrainingLoop(TrainConfig config, Supplier<? extends Env<?, ?>> factory, List<RewardFactory> custom,
                       LearnerFactory learnerFactory, boolean pretrain) {
    this(config, factory, custom, learnerFactory, pretrain, new ArrayList<>());
  }

  private TrainingLoop(TrainConfig config, Supplier<? extends Env<?, ?>> factory, List<RewardFactory> custom,
                       LearnerFactory learnerFactory, boolean pretrain, List<NonFiniteGuard.EnvRewards<?, ?>> envRewards) {
    this(config, makeVectorEnv(config, asTrained(config, factory), envRewards), null, 1, false, envRewards,
        asTrained(config, factory), custom, learnerFactory, pretrain, null);
  }

  /**
   * {@code factory}'s worlds as the loop trains on them: with {@link TrainConfig#scaleObservations()} each
   * is wrapped in a {@link ScaleObservation} (a world whose observations are not a {@code Box} is then a
   * {@link ConfigException} naming {@code scaleObservations}); otherwise {@code factory} itself. Whatever
   * evaluates a trained policy makes its worlds through this too.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Supplier<? extends Env<?, ?>> asTrained(TrainConfig config, Supplier<? extends Env<?, ?>> factory) {
    if (!config.scaleObservations()) {
      return factory;
    }
    return () -> {
      Env<?, ?> made = factory.get();
      if (made == null) {
        return null;
      }
      if (!(made.spec().observationSpace() instanceof Box)) {
        String space = String.valueOf(made.spec().observationSpace());
        String id = made.spec().id();
        made.close();
        throw new ConfigException("scaleObservations", "is true, but env " + id + "'s observations are " + space
            + ", not a Box; set it to false");
      }
      return new ScaleObservation<>((Env<float[], Object>) made);
    };
  }

  /**
   * A loop over a multi-agent world: {@code config.numEnvs()} copies of the world, each agent a
   * column of the trajectory (column {@code env * agents + agent}), the agent's index appended to its
   * observation as a one-hot. With {@code agents.policies} shared (the default) one policy with
   * parameters shared by all agents acts and learns for every column; with independent each agent
   * has its own learner and policy, built by {@code learner} with the seed {@code Rng.derive(seed,
   * "learner-" + m)}, trained on its own columns only ({@link PerAgentLearner}; {@link #learner()} and
   * {@link #policy()} are then that composite). Each agent's reward
   * is its own column; metrics.csv gets one mean return per agent, and the run's mean return is the
   * mean of the agents' own rolling means; it also gets the rolling mean collective return (the
   * agents' returns summed) and, for a world that reports frozen agents ({@link
   * MultiAgentEnv#reportsFrozen()}, Harvest), the rolling means of the social-dilemma metrics
   * ({@link SocialMetrics}). {@code totalSteps} counts joint env steps. Every agent needs the
   * same observation length and the same {@code Discrete} action space. The trajectory carries which
   * agents each column's agent saw at every step ({@code Trajectory.visibility()}, from {@link
   * MultiAgentVectorEnv#visibility()}: all ones for a world that does not report it). With {@code agents.messages}
   * V every agent also says one of V messages each step, heard by all at the next: the columns act in
   * {@code MultiDiscrete([A, V])} (actions {@code [T, N, 2]}, the message's logits the last V of {@code
   * policyParams}) and see the messages of the previous step in their observations ({@link MultiAgentVectorEnv}).
   *
   * @param toResume build it to continue from a checkpoint (see {@link #toResume})
   */
  public static TrainingLoop multiAgent(TrainConfig config, Supplier<? extends MultiAgentEnv<?>> factory,
                                        List<RewardFactory> custom, LearnerFactory learner, boolean toResume) {
    if (config.scaleObservations()) {
      throw new ConfigException("scaleObservations", "is true, but multi-agent worlds are not scaled yet; set it to"
          + " false");
    }
    MultiAgentVectorEnv v = MultiAgentVectorEnv.of(config.numEnvs(), factory, true, config.maxEpisodeSteps(),
        config.agents().messages());
    if (config.tasks().multiTask()) {
      v.close();
      throw new ConfigException("tasks.ids", "a multi-agent world cannot be trained multi-task yet; remove tasks.ids "
          + config.tasks().ids() + " or train a single-agent world");
    }
    return new TrainingLoop(config, v, v, v.numAgents(), v.reportsFrozen(), List.of(), null, custom, learner,
        !toResume, null);
  }

  /**
   * A loop that trains one policy on several worlds at once, the tasks of {@code config.tasks()}:
   * {@code factories.get(j)} makes task j's world ({@code tasks.ids[j]}). The columns are task-major,
   * task 0's {@code tasks.envs[0]} envs first ({@link TasksConfig#envsPerTask}); column i's task is
   * {@code Trajectory.taskIds()[i]} and the learner's {@code LearnerSpec.tasks()} is the number of
   * tasks. The policy sees the task in every observation ({@link TaskObservation}: a one-hot appended
   * to flat observations, one constant channel per task added to images), so the loop's observation
   * shape, the learner's and the reward modules' is the encoded one. The trajectory's extrinsic
   * reward is {@code rewardScale[task] * reward}; episode returns (metrics, windows, {@code
   * stopAtReturn}) stay in each world's own units. Every task needs the same observation shape and
   * action space; the run's mean return is the mean of the tasks' own rolling means. A learner whose
   * policy has value heads per task ({@code Policy.tasks()} equal to the number of tasks) acts with each
   * column's task; one with a single set ({@code Policy.tasks() == 1}) acts with task 0 everywhere.
   *
   * <pre>{@code
   * TrainConfig cfg = TrainConfig.defaults()
   *     .withTasks(TasksConfig.of(List.of("maze:open-7x7-ego5", "maze:lava-crossing-ego5")));
   * try (TrainingLoop loop = TrainingLoop.multiTask(cfg, List.of(() -> EnvRegistry.make("maze:open-7x7-ego5"),
   *     () -> EnvRegistry.make("maze:lava-crossing-ego5")))) {
   *   loop.run();
   * }
   * }</pre>
   *
   * @param factories one env factory per task, in {@code tasks.ids} order; each makes the world of
   *     that id (its {@code spec().id()})
   * @param toResume build it to continue from a checkpoint (see {@link #toResume})
   * @throws ConfigException naming {@code tasks.ids} when the worlds do not fit one policy, and
   *     {@code rewards.ec.pretrained}, which needs one world's random walks
   */
  public static TrainingLoop multiTask(TrainConfig config, List<? extends Supplier<? extends Env<?, ?>>> factories,
                                       List<RewardFactory> custom, LearnerFactory learner, boolean toResume) {
    TasksConfig tc = config.tasks();
    if (!tc.multiTask()) {
      throw new ConfigException("tasks.ids", "is empty; a multi-task loop needs two or more worlds (or build a"
          + " single-task loop with new TrainingLoop)");
    }
    if (factories.size() != tc.ids().size()) {
      throw new IllegalArgumentException("tasks.ids lists " + tc.ids().size() + " worlds but " + factories.size()
          + " env factories were given; give one per task, in tasks.ids order");
    }
    if (config.rewards().modules().contains("ec") && config.rewards().ec().pretrained()) {
      throw new ConfigException("rewards.ec.pretrained", "pre-training on random walks needs one world, but this run"
          + " has " + tc.ids().size() + " tasks (tasks.ids); set it to false to train the comparator online");
    }
    List<NonFiniteGuard.EnvRewards<?, ?>> envRewards = new ArrayList<>();
    TaskColumns layout = TaskColumns.of(tc, tc.envsPerTask(config.numEnvs()));
    List<Supplier<? extends Env<?, ?>>> worlds = new ArrayList<>();
    for (Supplier<? extends Env<?, ?>> f : factories) {
      worlds.add(asTrained(config, f));
    }
    VectorEnv<Object> venv = makeTaskVectorEnv(config, worlds, layout, envRewards);
    return new TrainingLoop(config, venv, null, 1, false, envRewards, null, custom, learner, !toResume, layout);
  }

  /** {@link #multiTask(TrainConfig, List, List, LearnerFactory, boolean)} with the config's PPO and no custom modules. */
  public static TrainingLoop multiTask(TrainConfig config, List<? extends Supplier<? extends Env<?, ?>>> factories) {
    return multiTask(config, factories, List.of(), config.learner(), false);
  }

  /** The task of each column and the factor on its reward, task-major. */
  private record TaskColumns(int[] columnTasks, double[] columnScale, int[] envsPerTask) {
    static TaskColumns of(TasksConfig tc, int[] envsPerTask) {
      int n = Arrays.stream(envsPerTask).sum();
      int[] task = new int[n];
      double[] scale = new double[n];
      int i = 0;
      for (int j = 0; j < envsPerTask.length; j++) {
        for (int k = 0; k < envsPerTask[j]; k++, i++) {
          task[i] = j;
          scale[i] = tc.scale(j);
        }
      }
      return new TaskColumns(task, scale, envsPerTask);
    }
  }

  /**
   * The envs of every task, task-major, each world's observations encoded with its task over the
   * union of the tasks' observation bounds (so they share one space), then wrapped as a single-task
   * run's are; each env's innermost wrapper is added to {@code envRewards}, in column order. The
   * worlds are checked first: each must be the id its task names, and all must share one
   * observation shape and one action space.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static VectorEnv<Object> makeTaskVectorEnv(TrainConfig config,
                                                     List<? extends Supplier<? extends Env<?, ?>>> factories,
                                                     TaskColumns layout, List<NonFiniteGuard.EnvRewards<?, ?>> envRewards) {
    List<String> ids = config.tasks().ids();
    List<Env<?, ?>> raw = new ArrayList<>();
    List<Env<Object, Object>> envs = new ArrayList<>();
    try {
      for (int j = 0; j < ids.size(); j++) {
        for (int k = 0; k < layout.envsPerTask()[j]; k++) {
          Env<?, ?> made = factories.get(j).get();
          if (made == null) {
            throw new IllegalStateException("the env factory of task " + j + " (" + ids.get(j) + ") returned null");
          }
          raw.add(made);
        }
      }
      List<Space<?>> spaces = new ArrayList<>();
      int first = 0;
      EnvSpec<?, ?> task0 = raw.get(0).spec();
      for (int j = 0; j < ids.size(); j++) {
        EnvSpec<?, ?> sj = raw.get(first).spec();
        if (!sj.id().equals(ids.get(j))) {
          throw new IllegalArgumentException("tasks.ids names '" + ids.get(j) + "' as task " + j + " but its env"
              + " factory makes '" + sj.id() + "'; give the factories in tasks.ids order");
        }
        int[] shape0 = TaskObservation.shapeOf(task0.observationSpace());
        if (!Arrays.equals(TaskObservation.shapeOf(sj.observationSpace()), shape0)) {
          throw new ConfigException("tasks.ids", ids.get(0) + " observes " + task0.observationSpace() + " but "
              + ids.get(j) + " observes " + sj.observationSpace() + "; tasks need one observation shape");
        }
        if (!sj.actionSpace().equals(task0.actionSpace())) {
          throw new ConfigException("tasks.ids", ids.get(0) + " acts in " + task0.actionSpace() + " but " + ids.get(j)
              + " acts in " + sj.actionSpace() + "; tasks need one action space");
        }
        spaces.add(sj.observationSpace());
        first += layout.envsPerTask()[j];
      }
      Box shared = TaskObservation.union(spaces);
      for (int i = 0; i < raw.size(); i++) {
        Env<Object, Object> encoded = (Env<Object, Object>) (Env) new TaskObservation<>(raw.get(i),
            layout.columnTasks()[i], ids.size(), shared);
        NonFiniteGuard.EnvRewards<Object, Object> checked = new NonFiniteGuard.EnvRewards<>(encoded);
        envRewards.add(checked);
        Env<Object, Object> e = checked;
        if (config.maxEpisodeSteps() > 0) {
          e = new TimeLimit<>(e, config.maxEpisodeSteps());
        }
        envs.add(new RecordEpisodeStatistics<>(e));
      }
    } catch (RuntimeException e) {
      raw.forEach(Env::close);
      throw e;
    }
    return config.vectorEnv().equals("threaded")
        ? new ThreadedVectorEnv(envs, Runtime.getRuntime().availableProcessors())
        : new SyncVectorEnv(envs);
  }

  /**
   * A loop whose IMPALA learner learns on rollouts that actors elsewhere collect ({@code source}; curio-cluster's
   * learner node), instead of on the loop's own actor threads: {@code impala.actors} says into how many
   * slices of {@code numEnvs / impala.actors} envs a batch is split, and each rollout the source hands over
   * is one slice. Everything else (staleness, counters, checkpoints, observers) is as with actor threads;
   * the loop still makes its own {@code numEnvs} envs with {@code factory} for the run's shapes, and never
   * steps them.
   *
   * @param toResume build it to continue from a checkpoint (see {@link #toResume})
   * @throws ConfigException naming {@code impala.actors} when it is 0
   */
  public static TrainingLoop fedBy(TrajectorySource source, TrainConfig config, Supplier<? extends Env<?, ?>> factory,
                                   List<RewardFactory> custom, boolean toResume) {
    java.util.Objects.requireNonNull(source, "source");
    if (config.impala().actors() < 1) {
      throw new ConfigException("impala.actors", "is 0, but this learner is fed by actors elsewhere; set it to the"
          + " number of slices numEnvs is split into (each actor collects numEnvs / impala.actors envs)");
    }
    if (!config.learnerName().equals(TrainConfig.IMPALA)) {
      throw new ConfigException("learner", "is " + config.learnerName() + ", but a learner fed by actors elsewhere takes"
          + " their rollouts as they come, which only the impala learner corrects for (V-trace); set learner: impala"
          + " (the ppo learner runs with actor threads in one process only)");
    }
    List<NonFiniteGuard.EnvRewards<?, ?>> envRewards = new ArrayList<>();
    return new TrainingLoop(config, makeVectorEnv(config, asTrained(config, factory), envRewards), null, 1, false,
        envRewards, asTrained(config, factory), custom, config.learner(), !toResume, null, source);
  }

  /**
   * The reward streams the learner trains on, extrinsic first: what an actor elsewhere needs to build a
   * policy of the learner's shape ({@link RolloutCollector#create}).
   */
  public List<RewardStream> streams() {
    List<RewardStream> all = new ArrayList<>();
    all.add(extrinsic);
    all.addAll(rewardSet.streams());
    return all;
  }

  /** {@link #multiAgent(TrainConfig, Supplier, List, LearnerFactory, boolean)} with the config's PPO and no modules. */
  public static TrainingLoop multiAgent(TrainConfig config, Supplier<? extends MultiAgentEnv<?>> factory) {
    return multiAgent(config, factory, List.of(), config.learner(), false);
  }

  private TrainingLoop(TrainConfig config, VectorEnv<Object> venv, MultiAgentVectorEnv multiAgentEnv, int agents,
                       boolean social, List<NonFiniteGuard.EnvRewards<?, ?>> envRewards,
                       Supplier<? extends Env<?, ?>> factory, List<RewardFactory> custom, LearnerFactory learnerFactory,
                       boolean pretrain, TaskColumns layout) {
    this(config, venv, multiAgentEnv, agents, social, envRewards, factory, custom, learnerFactory, pretrain, layout,
        null);
  }

  private TrainingLoop(TrainConfig config, VectorEnv<Object> venv, MultiAgentVectorEnv multiAgentEnv, int agents,
                       boolean social, List<NonFiniteGuard.EnvRewards<?, ?>> envRewards,
                       Supplier<? extends Env<?, ?>> factory, List<RewardFactory> custom, LearnerFactory learnerFactory,
                       boolean pretrain, TaskColumns layout, TrajectorySource source) {
    this.config = config;
    this.awaitingRestore = !pretrain;
    Backend.useThreads(config.nd4jThreads());
    this.venv = venv;
    this.multiAgentEnv = multiAgentEnv;
    this.agents = agents;
    this.envRewards = List.copyOf(envRewards);
    this.nonFiniteEpisode = new boolean[venv.numEnvs()];
    this.columnTasks = layout == null ? new int[venv.numEnvs()] : layout.columnTasks();
    this.tasks = layout == null ? 1 : config.tasks().count();
    this.columnScale = layout == null ? null : layout.columnScale();
    for (int m = 0; m < (agents > 1 ? agents : 0); m++) {
      agentWindows.add(new ArrayDeque<>());
    }
    for (int j = 0; j < (layout == null ? 0 : tasks); j++) {
      taskWindows.add(new ArrayDeque<>());
    }
    this.social = social;
    int copies = agents > 1 || social ? venv.numEnvs() / agents : 0;
    this.copyEpisodes = new SocialMetrics[copies];
    for (int e = 0; e < copies; e++) {
      copyEpisodes[e] = new SocialMetrics(agents);
    }
    this.copyExcluded = new boolean[copies];
    this.noneFrozen = new boolean[agents];
    // a multi-task run is labelled by its tasks (config.env() is their label); its envs' ids were checked against tasks.ids
    this.spec = layout == null ? venv.spec() : new EnvSpec<>(config.env(), venv.spec().observationSpace(),
        venv.spec().actionSpace(), venv.spec().maxEpisodeSteps());
    this.guard = new NonFiniteGuard(config.skipsNonFinite(), spec.id(), agents);
    if (config.agents().independent() && agents < 2) {
      venv.close();
      throw new ConfigException("agents.policies", "is independent (one policy per agent), but env " + spec.id()
          + " has one agent; set it to shared, or train a world of several agents (a social: world)");
    }
    int messages = config.agents().messages();
    if (messages > 0 && agents < 2) {
      venv.close();
      throw new ConfigException("agents.messages", "is " + messages + " (a message per agent and step, heard by the"
          + " others), but env " + spec.id() + " has one agent; set it to 0, or train a world of several agents (a"
          + " social: world)");
    }
    if (layout == null && config.tasks().multiTask()) {
      venv.close();
      throw new ConfigException("tasks.ids", "lists " + config.tasks().ids() + ", so this is a multi-task run; build"
          + " its loop with TrainingLoop.multiTask (one env factory per task)");
    }
    if (!spec.id().equals(config.env())) {
      venv.close();
      throw new IllegalArgumentException("the config names env '" + config.env() + "' but the env factory makes '"
          + spec.id() + "'; set env to '" + spec.id() + "' (TrainConfig.withEnv) so that the run is labelled by"
          + " the world it trains on");
    }
    Space<?> os = spec.observationSpace();
    this.obsShape = os instanceof Box b ? b.shape() : new int[] {os.flatDim()};
    this.obsDim = os.flatDim();
    try {
      this.actions = ActionAdapter.forSpace(spec.actionSpace());
    } catch (IllegalArgumentException e) {
      venv.close();
      throw new IllegalArgumentException("env " + spec.id() + ": " + e.getMessage());
    }
    if (messages > 0) {
      // MultiDiscrete([A, V]): the modules get the world's A; RewardModules refuses those that cannot read messages
      if (!custom.isEmpty()) {
        venv.close();
        throw new ConfigException("rewards.modules", "custom reward modules read Discrete actions [T, N], but with"
            + " agents.messages " + messages + " the trajectory's actions are [T, N, 2] (world action, message); use"
            + " the influence module or set agents.messages to 0");
      }
      this.numActions = ((MultiDiscrete) spec.actionSpace()).nvec()[0];
    } else if (!(spec.actionSpace() instanceof Discrete d)) {
      List<String> reading = config.rewards().modules().stream().filter(RewardModules::readsActions).toList();
      if (!reading.isEmpty()) {
        venv.close();
        throw new ConfigException("rewards.modules", String.join(", ", reading) + (reading.size() == 1 ? " reads" : " read")
            + " Discrete actions, but env " + spec.id() + " has " + spec.actionSpace() + "; of the modules rnd, noveld,"
            + " count and ec score observations alone and work with it");
      }
      this.numActions = 0; // modules built for it read no actions (custom ones are checked when built)
    } else {
      this.numActions = d.n();
    }
    this.extrinsic = RewardStream.extrinsic(config.gamma());
    RewardSet made;
    try {
      this.acState = makeEncoder(config, spec, obsDim, numActions, factory, pretrain);
      made = makeRewards(config, factory, custom, obsShape, numActions, agents, messages, pretrain, acState);
    } catch (RuntimeException e) {
      venv.close();
      throw e;
    }
    this.rewardSet = made;
    this.policyEncoded = config.encoder().policy();
    int[] policyShape = policyEncoded ? new int[] {acState.latentDim()} : obsShape;
    List<RewardStream> streams = new ArrayList<>();
    streams.add(extrinsic);
    streams.addAll(rewardSet.streams());
    this.learner = config.agents().independent() ? perAgent(learnerFactory, streams, policyShape)
        : learnerFactory.create(new LearnerSpec(policyShape, spec.actionSpace(), streams, config.plannedIterations(),
            Rng.derive(config.seed(), "learner"), tasks));
    if (learner == null) {
      throw new IllegalArgumentException("the learner factory returned null");
    }
    this.policy = policyEncoded ? new EncodedPolicy(learner.policy(), acState) : learner.policy();
    if (policy.valueHeads() != streams.size()) {
      throw new IllegalArgumentException("the learner's policy has " + policy.valueHeads() + " value heads, the run has "
          + streams.size() + " reward streams " + streams.stream().map(RewardStream::name).toList());
    }
    if (policy.tasks() != 1 && policy.tasks() != tasks) {
      throw new IllegalArgumentException("the learner's policy has value heads for " + policy.tasks() + " tasks, the run"
          + " has " + tasks + (tasks > 1 ? " (tasks.ids " + config.tasks().ids() + ")" : ""));
    }
    this.actingTasks = policy.tasks() == tasks ? columnTasks : new int[columnTasks.length];
    bindCentralisedInfluence();
    this.actorRng = new Rng(Rng.derive(config.seed(), "actor"));
    this.actor = PolicyActor.sampling(policy, actorRng);
    this.actorPool = config.impala().actors() == 0 ? null
        : actorPool(factory, learnerFactory, new LearnerSpec(policyShape, spec.actionSpace(), streams,
            config.plannedIterations(), Rng.derive(config.seed(), "learner"), tasks), layout, source);
  }

  /**
   * The actor threads of {@code impala.actors}: actor a's slice of envs made by the run's env factory and wrapped
   * as the loop's own are, its policy copy that of a learner built like the run's (its parameters are replaced
   * by the published ones before every rollout). One line naming the key for a run the actors cannot collect.
   */
  private ActorPool actorPool(Supplier<? extends Env<?, ?>> factory, LearnerFactory learnerFactory, LearnerSpec shape,
                              TaskColumns layout, TrajectorySource source) {
    int count = config.impala().actors();
    if (factory == null || agents > 1 || layout != null) {
      venv.close();
      throw new ConfigException("impala.actors", "is " + count + " (actor threads), which collect single-agent,"
          + " single-task worlds only so far; env " + spec.id() + " is not one: set impala.actors: 0");
    }
    for (IntrinsicReward m : rewardSet.modules()) {
      if (IntrinsicReward.hasStepHooks(m)) {
        venv.close();
        throw new ConfigException("rewards.modules", m.stream().name() + " is fed step by step (observe or"
            + " onEpisodeEnd), which the actor threads (impala.actors " + count + ") do not do: the modules only see"
            + " whole trajectories; remove it, or set impala.actors: 0");
      }
    }
    int slice = config.numEnvs() / count;
    try {
      if (source != null) {
        return ActorPool.fedBy(config, obsShape, source);
      }
      return new ActorPool(config, obsShape, a -> {
        List<NonFiniteGuard.EnvRewards<?, ?>> guards = new ArrayList<>();
        VectorEnv<Object> v = makeVectorEnv(config, factory, guards, slice);
        try {
          return new RolloutCollector(config, actions, obsShape, a, new RolloutCollector.Slice(v, guards),
              learnerFactory.create(new LearnerSpec(shape.obsShape(), shape.actionSpace(), shape.streams(),
                  shape.plannedIterations(), Rng.derive(config.seed(), "actor-copy-" + a), shape.tasks())).policy());
        } catch (RuntimeException e) {
          v.close();
          throw e;
        }
      });
    } catch (RuntimeException e) {
      venv.close();
      throw e;
    }
  }

  /**
   * One learner per agent ({@code agents.policies} independent), each built by {@code factory} for the
   * run's shapes and streams with its own seed, {@code Rng.derive(seed, "learner-" + m)}.
   */
  private PerAgentLearner perAgent(LearnerFactory factory, List<RewardStream> streams, int[] policyShape) {
    List<Learner> each = new ArrayList<>(agents);
    for (int m = 0; m < agents; m++) {
      Learner l = factory.create(new LearnerSpec(policyShape, spec.actionSpace(), streams, config.plannedIterations(),
          Rng.derive(config.seed(), "learner-" + m), tasks));
      if (l == null) {
        throw new IllegalArgumentException("the learner factory returned null for agent " + m);
      }
      each.add(l);
    }
    return new PerAgentLearner(each);
  }

  /**
   * The config's modules, then the custom ones; each decorated with return normalisation (unless the critic
   * normalises its targets itself: {@code ppo.valueNorm} shared or popart) and the decay schedule when the config asks.
   * Module k is seeded from the run seed and k. A pretrained
   * episodic-curiosity module first trains its comparator on random walks in the run's world.
   */
  private static RewardSet makeRewards(TrainConfig config, Supplier<? extends Env<?, ?>> factory,
                                       List<RewardFactory> custom, int[] obsShape, int numActions, int agents,
                                       int messages, boolean pretrain, AcStateEncoder acState) {
    RewardsConfig rc = config.rewards();
    List<IntrinsicReward> modules = new ArrayList<>();
    long k = 0;
    for (String name : rc.modules()) {
      long seed = moduleSeed(config.seed(), k++);
      if (name.equals("influence") && agents < 2) {
        throw new ConfigException("rewards.modules", "influence (social influence) needs a world of several agents;"
            + " env " + config.env() + " has one (try a social: world, e.g. social:speaker-listener)");
      }
      if (acState != null && config.encoder().reads(name)) {
        modules.add(encodedModule(name, rc, acState, numActions, agents, seed));
        continue;
      }
      IntrinsicReward m = RewardModules.create(name, rc.settings(name), obsShape, numActions, agents, messages, seed);
      if (pretrain && m instanceof EpisodicCuriosity ec && ec.config().pretrained()) {
        if (factory == null) {
          throw new ConfigException("rewards.ec.pretrained", "pre-training on random walks needs a single-agent world;"
              + " set it to false for " + config.env());
        }
        if (numActions == 0) {
          throw new ConfigException("rewards.ec.pretrained", "pre-training walks take uniformly random Discrete"
              + " actions, but env " + config.env() + "'s actions are not Discrete; set it to false");
        }
        int steps = ec.config().pretrainSteps();
        try {
          ec.pretrain(RandomWalks.collect(discreteFactory(factory), config.maxEpisodeSteps(), steps, seed));
        } catch (IllegalArgumentException e) {
          // the walks are the config's doing: too few steps, or episodes too short for k and negativeGap
          throw new ConfigException("rewards.ec.pretrainSteps", e.getMessage().replaceFirst("^ec: ", "")
              + "; got " + steps + " walk steps in " + config.env() + ": raise it, or lower k or negativeGap");
        }
      }
      modules.add(m);
    }
    for (RewardFactory f : custom) {
      IntrinsicReward m = f.create(obsShape.clone(), numActions, moduleSeed(config.seed(), k++));
      if (numActions == 0 && m.readsActions()) {
        throw new ConfigException("rewards.modules", "custom reward module '" + m.stream().name() + "' reads Discrete"
            + " actions (IntrinsicReward.readsActions), but this run's actions are not Discrete; override"
            + " readsActions() to return false if it scores observations alone");
      }
      modules.add(m);
    }
    List<IntrinsicReward> decorated = new ArrayList<>();
    for (IntrinsicReward m : modules) {
      // PopArt (or shared value normalisation) scales every stream's returns itself: it replaces return normalisation
      boolean normalize = rc.normalize() && config.ppo().valueNorm().equals("none");
      IntrinsicReward d = normalize ? new NormalizedReward(m, rc.clip()) : m;
      if (m instanceof SocialInfluence si) {
        // its weight schedule acts after normalisation, which would otherwise undo it
        d = new StepScheduledReward(d, si.config().schedule());
      }
      decorated.add(rc.decay() > 0 ? new ScheduledReward(d, 1.0, rc.decay()) : d);
    }
    return new RewardSet(decorated);
  }

  /**
   * The run's AC-State encoder, or null when {@code encoder.kind} is none. Its inverse model predicts the
   * world's Discrete action, so other action spaces are refused in one line.
   */
  private static AcStateEncoder makeEncoder(TrainConfig config, EnvSpec<?, ?> spec, int obsDim, int numActions,
                                            Supplier<? extends Env<?, ?>> factory, boolean pretrain) {
    EncoderConfig ec = config.encoder();
    if (!ec.enabled()) {
      return null;
    }
    if (!(spec.actionSpace() instanceof Discrete) || numActions < 2) {
      throw new ConfigException("encoder.kind", "is ac-state, whose inverse model predicts a Discrete action of at"
          + " least 2 values; env " + spec.id() + " has " + spec.actionSpace());
    }
    AcStateEncoder enc = new AcStateEncoder(ec.acState(), obsDim, numActions, Rng.derive(config.seed(), "encoder"));
    if (ec.pretrainSteps() > 0 && pretrain) {
      if (factory == null) {
        throw new ConfigException("encoder.pretrainSteps", "pre-training on random walks needs a run on one world of"
            + " one agent (not a multi-agent or multi-task run); set it to 0 for " + config.env());
      }
      // a resumed run restores the trained encoder from its checkpoint instead (pretrain is false then)
      RandomWalks.walk(discreteFactory(factory), config.maxEpisodeSteps(), ec.pretrainSteps(),
          Rng.derive(config.seed(), "encoder-walks"), enc::observe);
      AcStateEncoder.Losses l = enc.train(ec.pretrainUpdates());
      if (!Double.isFinite(l.total())) {
        throw new ConfigException("encoder.pretrainUpdates", "pre-training on random walks ended with a loss of "
            + l.total() + "; lower encoder.acState.learningRate");
      }
    }
    return enc;
  }

  /**
   * Built-in module {@code name} on the encoder's output: {@code count} on one-hot codes (a code's index is
   * stable while its vector moves with training), the others on the quantised latent (or the continuous one).
   */
  private static IntrinsicReward encodedModule(String name, RewardsConfig rc, AcStateEncoder acState, int numActions,
                                               int agents, long seed) {
    Encoder view;
    if (name.equals("count")) {
      if (acState.config().bottleneck() != AcStateConfig.Bottleneck.VQ) {
        throw new ConfigException("encoder.acState.bottleneck", "is CONTINUOUS, which has no codes for count to"
            + " count; use VQ, or leave count out of encoder.modules");
      }
      view = acState.codeView();
    } else {
      view = acState;
    }
    IntrinsicReward m = RewardModules.create(name, rc.settings(name), new int[] {view.latentDim()}, numActions,
        agents, 0, seed);
    return EncodedReward.reading(view, m);
  }

  /**
   * The encoder phase: the AC-State encoder takes the rollout's steps into its buffer and trains, after the
   * learner and the modules' updates (so nothing that acted or computed rewards on this rollout saw it move);
   * from {@code encoder.freezeAfter} env steps on it no longer trains. Null when there is nothing to train.
   */
  private UpdateStats trainEncoder(Trajectory rollout, long stepsBefore) {
    long freeze = config.encoder().freezeAfter();
    if (acState == null || (freeze > 0 && stepsBefore >= freeze)) {
      return null;
    }
    acState.observe(rollout);
    AcStateEncoder.Losses l = acState.update();
    if (!Double.isFinite(l.total())) {
      // counted from 1 as in metrics.csv (iteration is incremented after this phase); stops even with nonFinite
      // skip: the Adam step that gave it has been taken, and undoing it would need a copy of the encoder every iteration
      throw new NonFiniteException(iteration + 1, "the AC-State encoder's loss is " + l.total() + " (inverse "
          + l.inverse() + "); lower encoder.acState.learningRate");
    }
    return UpdateStats.of("encoder_inverse", l.inverse(), "encoder_total", l.total());
  }

  /** What the learner learns on: the rollout, or its encoded view when the policy reads the encoder. */
  private Trajectory forLearner(Trajectory rollout) {
    if (!policyEncoded) {
      return rollout;
    }
    int t = rollout.steps();
    int n = rollout.envs();
    long[] shape = {t, n, acState.latentDim()};
    return rollout.withObservations(new int[] {acState.latentDim()},
        acState.encode(rollout.flatObservations()).reshape(shape),
        acState.encode(rollout.flatNextObservations()).reshape(shape));
  }

  /**
   * Gives every centralised influence module ({@code rewards.influence.counterfactuals: centralised}) the world's
   * action channels (with messages, the vector env's message channels too) and the policy's world-action
   * probabilities (a softmax of its first A logits: all of them without messages); one line naming the key when no
   * channel carries the module's head.
   */
  private void bindCentralisedInfluence() {
    for (IntrinsicReward m : rewardSet.modules()) {
      IntrinsicReward inner = m;
      while (inner instanceof ForwardingReward f) {
        inner = f.inner();
      }
      if (inner instanceof SocialInfluence si && si.config().centralised()) {
        int head = si.config().messageHead() ? ActionChannel.MESSAGE : ActionChannel.WORLD;
        List<SocialInfluence.Channel> channels = multiAgentEnv == null ? List.of() : multiAgentEnv.actionChannels()
            .stream().filter(c -> c.component() == head)
            .map(c -> new SocialInfluence.Channel(c.actor(), c.observer(), c.offset(), c.width(), c.component()))
            .toList();
        if (channels.isEmpty()) {
          venv.close();
          throw new ConfigException("rewards.influence.counterfactuals", "centralised needs a world that declares how one"
              + " agent's action reaches another's observation (an action channel, as social:speaker-listener does);"
              + " env " + config.env() + " declares none; use moa");
        }
        // an agent's own policy when each has one; the rows are that agent's, not in column order (a policy on the
        // encoder's output is one on the world's observations through EncodedPolicy, per agent too)
        int worldActions = numActions;
        Policy base = policy instanceof EncodedPolicy ep ? ep.inner() : policy;
        si.bindCentralised(channels, (agent, obs) -> {
          Policy own = base instanceof PerAgentPolicy pa ? pa.policy(agent) : base;
          Policy reading = policyEncoded ? new EncodedPolicy(own, acState) : own;
          return Transforms.softmax(reading.forward(obs).params().get(NDArrayIndex.all(),
              NDArrayIndex.interval(0, worldActions)), true);
        });
      }
    }
  }

  /** The factory of a world already known to have a Discrete action space (modules are refused otherwise). */
  @SuppressWarnings("unchecked")
  private static Supplier<? extends Env<?, Integer>> discreteFactory(Supplier<? extends Env<?, ?>> factory) {
    return (Supplier<? extends Env<?, Integer>>) factory;
  }

  private static long moduleSeed(long runSeed, long k) {
    return runSeed * 1_000_003L + 7919L * (k + 1);
  }

  /** The config's vector env; each env's innermost wrapper is added to {@code envRewards}, in index order. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static VectorEnv<Object> makeVectorEnv(TrainConfig config, Supplier<? extends Env<?, ?>> factory,
                                                 List<NonFiniteGuard.EnvRewards<?, ?>> envRewards) {
    return makeVectorEnv(config, factory, envRewards, config.numEnvs());
  }

  /** {@link #makeVectorEnv(TrainConfig, Supplier, List)} of {@code count} envs (an actor thread's slice). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static VectorEnv<Object> makeVectorEnv(TrainConfig config, Supplier<? extends Env<?, ?>> factory,
                                         List<NonFiniteGuard.EnvRewards<?, ?>> envRewards, int count) {
    Supplier<Env<Object, Object>> wrapped = () -> {
      Env<Object, Object> made = (Env<Object, Object>) factory.get();
      if (made == null) {
        return null; // the vector env names a factory that returns null, with the env's index
      }
      NonFiniteGuard.EnvRewards<Object, Object> checked = new NonFiniteGuard.EnvRewards<>(made);
      envRewards.add(checked);
      Env<Object, Object> e = checked;
      if (config.maxEpisodeSteps() > 0) {
        e = new TimeLimit<>(e, config.maxEpisodeSteps());
      }
      return new RecordEpisodeStatistics<>(e);
    };
    List<Env<Object, Object>> envs = SyncVectorEnv.make(count, wrapped);
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

  /** The run's AC-State encoder ({@code encoder.kind: ac-state}), which the loop trains; empty for none. */
  public java.util.Optional<AcStateEncoder> encoder() {
    return java.util.Optional.ofNullable(acState);
  }

  /**
   * The learner that trains the policy: with {@code agents.policies} independent a {@link
   * PerAgentLearner} holding one learner per agent.
   */
  public Learner learner() {
    return learner;
  }

  /**
   * The policy being trained: with {@code agents.policies} independent the agents' policies as one
   * ({@code PerAgentPolicy}: each agent's rows through its own, parameters concatenated agent by agent).
   */
  public Policy policy() {
    return policy;
  }

  /** The actor that collects with {@link #policy()} (it draws from the loop's own action stream). */
  public Actor actor() {
    return actor;
  }

  public EnvSpec<?, ?> envSpec() {
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
    RunStart start = RunStart.builder().config(config).envId(spec.id()).obsShape(obsShape.clone())
        .numActions(numActions).streams(streamNames()).iteration(iteration).globalStep(globalStep)
        .networkParameters(policy.numParams()).control(control).numAgents(agents).socialMetrics(social).build();
    observers.forEach(o -> o.onStart(start));
    Throwable failure = null;
    try {
      while (globalStep < config.totalSteps() && !control.stopRequested()) {
        iterate();
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    if (actorPool != null) {
      actorPool.stop(); // joined before the observers end the run (the final checkpoint, the summary)
      if (failure == null && actorPool.failure() != null) {
        // an actor died after the learner's last take: the run did not train on all its actors to the end
        Throwable f = actorPool.failure();
        failure = f instanceof RuntimeException || f instanceof Error ? f
            : new IllegalStateException("an actor failed: " + f, f);
      }
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

  /**
   * One iteration, in this order (the loop enforces it; see docs/architecture.md):
   * <ol>
   *   <li><b>collect</b> T steps of N envs with the actor, into a {@link Trajectory};
   *   <li><b>compute</b>: every intrinsic module's reward stream on the trajectory (pure);
   *   <li><b>learn</b>: the learner's update on the trajectory and all streams;
   *   <li><b>update</b>: the intrinsic modules train their own networks;
   *   <li><b>observe</b>: observers get the iteration's report.
   * </ol>
   * The policy's parameters must not change between collection and learning: the loop checks that
   * the policy is unchanged when the compute phase ends, and refuses to learn from stale
   * log-probabilities otherwise.
   *
   * <p>NaN and infinity are checked where they enter: the env's rewards at every step, each module's
   * rewards after compute, and after learn the learner's statistics (advantages, losses, gradient
   * norm) and the policy's parameters, all before observers see the iteration. With {@code nonFinite:
   * stop} the first one found throws a {@link NonFiniteException}; the loop's state is then half
   * updated, so continue only from a {@link #save()} taken before (a checkpointer keeps the one after
   * the previous iteration). With {@code skip} the learner does not learn from the iteration (or is
   * restored to its state before learn), modules whose rewards were not finite are not updated, and
   * the report lists what was found.
   */
  public IterationReport iterate() {
    checkRestored();
    if (actorPool != null) {
      return iterateWithActors();
    }
    if (obs == null) {
      obs = venv.reset(config.seed());
    }
    int t = config.rolloutLength();
    int n = venv.numEnvs();
    int p = policy.distribution().paramCount();
    int k = policy.valueHeads();
    long began = System.nanoTime();
    float[] obsBuf = new float[t * n * obsDim];
    float[] nextBuf = new float[t * n * obsDim];
    int d = actions.dim();
    float[] actionBuf = new float[t * n * d];
    float[] logProbs = new float[t * n];
    float[] params = new float[t * n * p];
    float[] values = new float[t * n * k];
    long[] versions = new long[t * n];
    float[] rewards = new float[t * n];
    float[] terminated = new float[t * n];
    float[] truncated = new float[t * n];
    // [T, N, M]: which agents each column's agent sees in the observations it acts on (multi-agent worlds)
    float[] visibility = multiAgentEnv == null ? null : new float[t * n * agents];
    Object[] envActions = actions.newArray(n);
    long actNs = 0;
    long envNs = 0;
    long observeNs = 0;
    long actedVersion = policy.version();
    int actedParams = fingerprint();
    guard.begin(iteration + 1);
    envRewards.forEach(NonFiniteGuard.EnvRewards::take); // a restore's replay may have left one
    for (int step = 0; step < t; step++) {
      INDArray o = Nd4j.create(obs, new long[] {n, obsDim}, DataType.FLOAT);
      if (visibility != null) {
        System.arraycopy(multiAgentEnv.visibility(), 0, visibility, step * n * agents, n * agents);
      }
      long t0 = System.nanoTime();
      ActionBatch ab = actor.act(o, actingTasks);
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        envActions[i] = actions.toEnv(ab, i);
      }
      long t2 = System.nanoTime();
      VectorStep s = venv.step(envActions);
      long t3 = System.nanoTime();
      actNs += t1 - t0;
      envNs += t3 - t2;
      for (int i = 0; i < envRewards.size(); i++) {
        if (envRewards.get(i).pending()) {
          // stop: throws here; skip: the step goes on with reward 0, and the learner skips this iteration
          nonFiniteEpisode[i] = true;
          guard.extrinsicReward(envRewards.get(i).take(), step, i);
        }
      }
      if (!rewardSet.modules().isEmpty()) {
        observe(o, ab.actions(), s);
        observeNs += System.nanoTime() - t3;
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
        // a multi-task run scales each task's reward in the trajectory (tasks.rewardScale); its episode returns do not
        double reward = columnScale == null ? s.rewards()[i] : columnScale[i] * s.rewards()[i];
        rewards[row + i] = (float) reward;
        if (!Float.isFinite(rewards[row + i])) {
          // a vector env without the loop's wrapper (multi-agent) refuses non-finite rewards, not float overflow
          nonFiniteEpisode[i] = true;
          if (copyEpisodes.length > 0) {
            copyExcluded[i / agents] = true;
          }
          guard.extrinsicReward(reward, step, i);
          rewards[row + i] = 0f;
        }
        terminated[row + i] = s.terminated()[i] ? 1f : 0f;
        truncated[row + i] = s.truncated()[i] ? 1f : 0f;
        if (s.done(i)) {
          recordEpisode(i, s.infos()[i], globalStep + (long) (step + 1) * config.numEnvs());
          rewardSet.onEpisodeEnd(i);
        }
      }
      if (copyEpisodes.length > 0) {
        recordCopies(s);
      }
      obs = s.observations();
    }
    globalStep += (long) t * config.numEnvs();
    long collected = System.nanoTime();

    long[] shape = new long[2 + obsShape.length];
    shape[0] = t;
    shape[1] = n;
    for (int i = 0; i < obsShape.length; i++) {
      shape[2 + i] = obsShape[i];
    }
    long[] tn = {t, n};
    Trajectory.Builder builder = Trajectory.builder(obsShape)
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
        .taskIds(columnTasks)
        .agents(agents);
    if (visibility != null) {
      builder.visibility(Nd4j.create(visibility, new long[] {t, n, agents}, DataType.FLOAT));
    }
    Trajectory rollout = builder.build();
    long built = System.nanoTime();
    return learnOn(rollout, actedVersion, actedParams, began, collected, built, actNs, envNs, observeNs);
  }

  /**
   * One iteration with actor threads ({@code impala.actors}): the collect phase is taking a batch of
   * trajectories the actors collected with the parameters published so far (the first call starts
   * them with the learner's), their episodes are recorded as the loop's own would be, then compute,
   * learn, update and observe as in {@link #iterate()}, and the new parameters are published.
   */
  private IterationReport iterateWithActors() {
    if (!actorPool.running()) {
      actorPool.publish(learner.publish());
      // the actors (re)start their envs: new episodes, which modules that follow each env's episode must know
      rewardSet.envsRestarted();
      actorPool.start(iteration);
    }
    long began = System.nanoTime();
    guard.begin(iteration + 1);
    ActorPool.Batch batch = actorPool.take(policy.version());
    droppedTrajectories += batch.dropped();
    for (int a : batch.actors()) {
      actorRollouts.merge(a, 1L, Long::sum);
    }
    for (CollectedRollout.Ended e : batch.ended()) {
      recordEpisode(e.column(), e.info(), globalStep + (long) (e.step() + 1) * config.numEnvs());
    }
    globalStep += (long) config.rolloutLength() * config.numEnvs();
    long collected = System.nanoTime();
    // the actors' act and env time overlaps the learner's: the collect phase here is the learner's wait
    IterationReport report = learnOn(batch.trajectory(), policy.version(), fingerprint(), began, collected,
        collected, 0, 0, 0);
    actorPool.publish(learner.publish());
    return report;
  }

  /** Compute, learn, update and observe on a collected trajectory (see {@link #iterate()}). */
  private IterationReport learnOn(Trajectory rollout, long actedVersion, int actedParams, long began, long collected,
                                  long built, long actNs, long envNs, long observeNs) {
    int t = rollout.steps();
    int n = rollout.envs();
    // compute: every module's stream on this trajectory, before anything trains on it
    Map<String, INDArray> intrinsic = rewardSet.compute(rollout);
    RewardStreams streams = rewardSet.addTo(RewardStreams.extrinsicOnly(rollout, extrinsic), intrinsic);
    if (policy.version() != actedVersion || fingerprint() != actedParams) {
      throw new IllegalStateException("the policy's parameters changed between collection and learning (version "
          + actedVersion + " -> " + policy.version() + ", during the reward modules' observe or compute"
          + " phase of modules " + rewardSet.streams().stream().map(RewardStream::name).toList()
          + "); observe and compute must not train anything the policy uses (train in update)");
    }
    Set<String> nonFiniteStreams = new HashSet<>();
    intrinsic.forEach((name, r) -> {
      if (!guard.intrinsicRewards(name, r)) {
        nonFiniteStreams.add(name);
      }
    });
    long rewarded = System.nanoTime();
    // learn, unless a reward was not finite (skip); what the learner leaves is checked before anyone sees it
    long networkBefore = learner.networkNanos();
    LearnerStats stats = NOT_LEARNED;
    if (guard.found().isEmpty()) {
      Snapshot before = guard.skips() ? learner.save() : null;
      stats = learner.learn(forLearner(rollout), streams);
      if (!guard.learner(stats, policy)) {
        learner.restore(before); // skip: as if this learn had not happened
      }
    }
    long learnNetwork = learner.networkNanos() - networkBefore;
    long learned = System.nanoTime();
    // update: the modules train their own networks, after the learner; with skip, not on rewards that were not finite
    UpdateStats rewardStats = nonFiniteStreams.isEmpty() ? rewardSet.update(rollout)
        : updateModulesExcept(nonFiniteStreams, rollout);
    // the encoder phase: last, so the learner and the modules saw the encoder that acted and computed
    UpdateStats encoderStats = trainEncoder(rollout, globalStep - (long) t * config.numEnvs());
    if (encoderStats != null) {
      rewardStats = rewardStats.plus(encoderStats);
    }
    iteration++;
    long updated = System.nanoTime();
    profile.add(LoopProfile.Phase.ACT, actNs);
    profile.add(LoopProfile.Phase.ENV, envNs);
    profile.add(LoopProfile.Phase.REWARDS, observeNs + (rewarded - built) + (updated - learned));
    profile.add(LoopProfile.Phase.BATCH, (built - began) - actNs - envNs - observeNs);
    profile.add(LoopProfile.Phase.LEARN_NETWORK, learnNetwork);
    profile.add(LoopProfile.Phase.LEARN_HOST, (learned - rewarded) - learnNetwork);

    double mean = meanReturn();
    boolean windowFull = windowFull();
    if (windowFull && (Double.isNaN(bestMean) || mean > bestMean)) {
      bestMean = mean;
    }
    double seconds = (learned - began) / 1e9;
    IterationReport report = IterationReport.builder().iteration(iteration).globalStep(globalStep).meanReturn(mean)
        .meanLength(meanLength()).episodes(episodes).sps(t * n / Math.max(seconds, 1e-9))
        .collectSeconds((collected - began) / 1e9).rewardSeconds((rewarded - collected) / 1e9)
        .learnSeconds((learned - rewarded) / 1e9).learner(stats).rewardStats(rewardStats).control(control)
        .agentMeanReturns(agentMeanReturns()).collectiveMeanReturn(collectiveMeanReturn()).socialMetrics(socialMeans())
        .taskMeanReturns(taskMeanReturns()).taskSuccessRates(taskSuccessRates())
        .nonFinite(guard.found()).droppedTrajectories(droppedTrajectories).actorRollouts(actorRollouts).build();
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

  /** The statistics of an iteration the learner skipped ({@code nonFinite: skip}): nothing was measured. */
  private static final LearnerStats NOT_LEARNED = LearnerStats.builder().policyLoss(Double.NaN).valueLoss(Double.NaN)
      .entropy(Double.NaN).approxKl(Double.NaN).clipFraction(Double.NaN).gradNorm(Double.NaN)
      .explainedVariance(Double.NaN).learningRate(Double.NaN).build();

  /**
   * Updates the modules but those of {@code skipped} (whose rewards were not finite: a normaliser would take the
   * values into its statistics for good); stats named as {@link RewardSet#update} names them.
   */
  private UpdateStats updateModulesExcept(Set<String> skipped, Trajectory rollout) {
    UpdateStats all = UpdateStats.EMPTY;
    for (IntrinsicReward m : rewardSet.modules()) {
      String name = m.stream().name();
      if (!skipped.contains(name)) {
        all = all.plus(m.update(rollout).prefixed(name));
      }
    }
    return all;
  }

  /** A hash of the policy's parameters, to tell whether anything changed them. */
  private int fingerprint() {
    return Arrays.hashCode(Host.floats(policy.parameters().flat()));
  }

  /** Hands one step of all N envs to the reward modules ({@code o} is the observation batch acted on). */
  private void observe(INDArray o, float[] acts, VectorStep s) {
    int n = s.rewards().length;
    long[] shape = new long[1 + obsShape.length];
    shape[0] = n;
    for (int i = 0; i < obsShape.length; i++) {
      shape[1 + i] = obsShape[i];
    }
    int d = acts.length / n;
    INDArray actions;
    if (numActions == 0) {
      actions = Nd4j.create(acts, new long[] {n, d}, DataType.FLOAT); // a Box: each env's D floats
    } else {
      // with messages a column's action is (world action, message): the modules observe the world action
      float[] world = new float[n];
      for (int i = 0; i < n; i++) {
        world[i] = acts[i * d];
      }
      actions = Nd4j.create(world, new long[] {n}, DataType.FLOAT);
    }
    rewardSet.observe(new StepBatch(o.reshape(shape), actions,
        Nd4j.create(s.nextObservations(), shape, DataType.FLOAT), s.terminated(), s.truncated()));
  }

  private void recordEpisode(int env, Info info, long step) {
    EpisodeStats ep = info.get(RecordEpisodeStatistics.EPISODE).orElse(null);
    if (ep == null) {
      return;
    }
    episodes++;
    if (nonFiniteEpisode[env]) {
      // (skip) a reward of this episode was not finite and went on as 0: its return is no measurement
      nonFiniteEpisode[env] = false;
      return;
    }
    push(window, ep);
    if (!agentWindows.isEmpty()) {
      push(agentWindows.get(env % agents), ep);
    }
    if (!taskWindows.isEmpty()) {
      // success: the episode reached a terminal state with a positive return (a maze's or MiniGrid's goal)
      boolean success = ep.terminated() && ep.episodeReturn() > 0;
      push(taskWindows.get(columnTasks[env]), new double[] {ep.episodeReturn(), ep.length(), success ? 1 : 0});
    }
    EpisodeEnd e = new EpisodeEnd(env, step, ep.episodeReturn(), ep.length(), ep.terminated());
    for (RunObserver o : observers) {
      o.onEpisodeEnd(e);
    }
  }

  /**
   * Feeds one joint step of every copy to its episode's {@link SocialMetrics}; a copy whose episode
   * ended adds (collective return, efficiency, equality, sustainability, peace) to the social window,
   * unless a reward of the episode was beyond a float's range, and starts a new episode.
   */
  private void recordCopies(VectorStep s) {
    for (int e = 0; e < copyEpisodes.length; e++) {
      int first = e * agents;
      boolean[] frozen = noneFrozen;
      if (social) {
        int copy = e;
        frozen = s.infos()[first].get(MultiAgentEnv.FROZEN).orElseThrow(() -> new IllegalStateException(spec.id()
            + " (copy " + copy + ") says it reports frozen agents, but a step's info has no '"
            + MultiAgentEnv.FROZEN.name() + "' flags"));
      }
      copyEpisodes[e].step(Arrays.copyOfRange(s.rewards(), first, first + agents), frozen);
      if (s.done(first)) {
        if (!copyExcluded[e]) {
          SocialMetrics.Values v = copyEpisodes[e].result();
          push(socialWindow, new double[] {copyEpisodes[e].collectiveReturn(), v.efficiency(), v.equality(),
              v.sustainability(), v.peace()});
        }
        copyExcluded[e] = false;
        copyEpisodes[e].reset();
      }
    }
  }

  private void push(ArrayDeque<double[]> w, EpisodeStats ep) {
    push(w, new double[] {ep.episodeReturn(), ep.length()});
  }

  private void push(ArrayDeque<double[]> w, double[] entry) {
    w.addLast(entry);
    while (w.size() > config.returnWindow()) {
      w.removeFirst();
    }
  }

  /** Whether the windows the mean return reads hold {@code returnWindow} episodes each. */
  private boolean windowFull() {
    if (!taskWindows.isEmpty()) {
      return taskWindows.stream().allMatch(w -> w.size() >= config.returnWindow());
    }
    return agentWindows.isEmpty() ? window.size() >= config.returnWindow()
        : agentWindows.stream().allMatch(w -> w.size() >= config.returnWindow());
  }

  /**
   * Per task of a multi-task run, the rolling mean return (in the world's own units, before {@code
   * tasks.rewardScale}) of its last {@code returnWindow} episodes (NaN before any); empty for one task.
   */
  public double[] taskMeanReturns() {
    return taskWindows.stream().mapToDouble(w -> w.stream().mapToDouble(d -> d[0]).average().orElse(Double.NaN))
        .toArray();
  }

  /**
   * Per task of a multi-task run, the share of its last {@code returnWindow} episodes that succeeded:
   * ended by termination (not truncation) with a positive return (NaN before any); empty for one task.
   */
  public double[] taskSuccessRates() {
    return taskWindows.stream().mapToDouble(w -> w.stream().mapToDouble(d -> d[2]).average().orElse(Double.NaN))
        .toArray();
  }

  /** Tasks the policy is trained on (1 unless multi-task). */
  public int numTasks() {
    return tasks;
  }

  /** The task of each column, task-major (all 0 in a single-task run); a copy. */
  public int[] columnTasks() {
    return columnTasks.clone();
  }

  /**
   * Per agent of a multi-agent world, the rolling mean return of its last {@code returnWindow}
   * episodes (NaN before any); empty for a single-agent world.
   */
  public double[] agentMeanReturns() {
    return agentWindows.stream().mapToDouble(w -> w.stream().mapToDouble(d -> d[0]).average().orElse(Double.NaN))
        .toArray();
  }

  /**
   * In a multi-agent world, the rolling mean over the last {@code returnWindow} finished episodes (of
   * all envs) of the collective return, {@code sum_i R_i}; NaN before any, and for one agent.
   */
  public double collectiveMeanReturn() {
    return agents > 1 ? windowMean(0) : Double.NaN;
  }

  /**
   * For a world that reports frozen agents (Harvest), the rolling means over the last {@code
   * returnWindow} finished episodes of the social-dilemma metrics, {@code {efficiency, equality,
   * sustainability, peace}} ({@link SocialMetrics}). Each is the mean over the window's episodes where
   * it is defined (equality and sustainability can be NaN for an episode), NaN when none is; empty for
   * other worlds.
   */
  public double[] socialMeans() {
    if (!social) {
      return new double[0];
    }
    return new double[] {windowMean(1), windowMean(2), windowMean(3), windowMean(4)};
  }

  /** Whether the run reports the social-dilemma metrics (its world reports frozen agents). */
  public boolean reportsSocialMetrics() {
    return social;
  }

  /** The mean of entry {@code k} over the social window, leaving NaN out; NaN when nothing is left. */
  private double windowMean(int k) {
    return socialWindow.stream().mapToDouble(d -> d[k]).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }

  /** Agents per env (1 for single-agent worlds). */
  public int numAgents() {
    return agents;
  }

  /**
   * Rolling mean extrinsic return of the last {@code returnWindow} episodes; NaN before any. In a
   * multi-agent world: the mean over agents of each agent's own rolling mean; in a multi-task run the
   * mean over tasks of each task's own rolling mean ({@link #taskMeanReturns}).
   */
  public double meanReturn() {
    if (!taskWindows.isEmpty()) {
      // every task weighs the same, whatever its envs or episode lengths
      return Arrays.stream(taskMeanReturns()).average().orElse(Double.NaN);
    }
    if (!agentWindows.isEmpty()) {
      // every agent weighs the same: the mean of the agents' own rolling means (NaN until each has one)
      return Arrays.stream(agentMeanReturns()).average().orElse(Double.NaN);
    }
    return window.stream().mapToDouble(d -> d[0]).average().orElse(Double.NaN);
  }

  /** The best rolling mean return over a full window so far (NaN if the window never filled). */
  public double bestMeanReturn() {
    return bestMean;
  }

  public double meanLength() {
    return window.stream().mapToDouble(d -> d[1]).average().orElse(Double.NaN);
  }

  /** The complete state of the run. */
  public Snapshot save() {
    if (obs == null) {
      obs = venv.reset(config.seed());
    }
    VectorEnvState<Object> vs = venv.snapshot();
    Snapshot env = new Snapshot().putLongs("episodeSeeds", vs.episodeSeeds());
    for (int i = 0; i < vs.episodeSeeds().length; i++) {
      float[] a = actions.encode(vs.actionsSinceReset().get(i));
      if (actions.discrete()) {
        int[] ints = new int[a.length];
        for (int j = 0; j < a.length; j++) {
          ints[j] = (int) a[j];
        }
        env.putInts("actions" + i, ints);
      } else {
        env.putFloats("actions" + i, a);
      }
      env.putLongs("seedStream" + i, vs.seedStreams()[i]);
    }
    double[] flatWindow = window.stream().flatMapToDouble(Arrays::stream).toArray();
    Snapshot loop = new Snapshot()
        .putLong("iteration", iteration)
        .putLong("globalStep", globalStep)
        .putLong("episodes", episodes)
        .putDoubles("window", flatWindow)
        .putDoubles("agentWindows", flatAgentWindows())
        .putDoubles("taskWindows", flatTaskWindows())
        .putDoubles("socialWindow", socialWindow.stream().flatMapToDouble(Arrays::stream).toArray())
        .putDoubles("copyEpisodes", flatCopyEpisodes())
        .putDouble("bestMean", bestMean);
    if (actorPool != null) {
      loop.putLong("droppedTrajectories", droppedTrajectories);
      loop.putLongs("actorRollouts", actorRollouts.entrySet().stream()
          .flatMapToLong(e -> java.util.stream.LongStream.of(e.getKey(), e.getValue())).toArray());
    }
    Snapshot whole = new Snapshot()
        .putString("env", spec.id())
        .putChild("learner", learner.save())
        .putChild("actor", new Snapshot().putLongs("rng", actorRng.state()))
        .putChild("rewards", rewardSet.state())
        .putChild("envs", env)
        .putChild("loop", loop);
    return acState == null ? whole : whole.putChild("encoder", acState.state());
  }

  /** Every agent's window as (agent, return, length) triples, oldest first. */
  private double[] flatAgentWindows() {
    List<Double> out = new ArrayList<>();
    for (int m = 0; m < agentWindows.size(); m++) {
      for (double[] e : agentWindows.get(m)) {
        out.add((double) m);
        out.add(e[0]);
        out.add(e[1]);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Values per copy in the 'copyEpisodes' entry: the excluded flag (0 or 1), then its {@link SocialMetrics#state()}. */
  private int copyEpisodeSize() {
    return 1 + SocialMetrics.stateSize(agents);
  }

  /** Every copy's half-finished episode: its excluded flag and its sums ({@link #copyEpisodeSize}). */
  private double[] flatCopyEpisodes() {
    double[] out = new double[copyEpisodes.length * copyEpisodeSize()];
    for (int e = 0; e < copyEpisodes.length; e++) {
      out[e * copyEpisodeSize()] = copyExcluded[e] ? 1 : 0;
      double[] state = copyEpisodes[e].state();
      System.arraycopy(state, 0, out, e * copyEpisodeSize() + 1, state.length);
    }
    return out;
  }

  /** Every task's window as (task, return, length, success) quadruples, oldest first. */
  private double[] flatTaskWindows() {
    List<Double> out = new ArrayList<>();
    for (int j = 0; j < taskWindows.size(); j++) {
      for (double[] e : taskWindows.get(j)) {
        out.add((double) j);
        out.add(e[0]);
        out.add(e[1]);
        out.add(e[2]);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private void checkRestored() {
    if (awaitingRestore) {
      throw new IllegalStateException("this loop was built with TrainingLoop.toResume; restore(checkpoint) it before"
          + " training (or build it with new TrainingLoop(...) to start a run)");
    }
  }

  /**
   * Continues from {@link #save()}'s snapshot of a run with the same config. The loop's counters
   * are checked before anything is restored (see {@link #checkCounters}); a snapshot that fails
   * them leaves the loop as it was.
   *
   * @throws IllegalArgumentException with a one-line message naming the entry, when the snapshot
   *     is of another env or shape of run, or its counters cannot be this run's
   * @throws IllegalStateException when an entry is missing
   */
  public void restore(Snapshot s) {
    if (actorPool != null) {
      actorPool.stop(); // they start again from the restored learner's parameters
    }
    if (!s.string("env").equals(spec.id())) {
      throw new IllegalArgumentException("checkpoint is of env " + s.string("env") + ", this run is of " + spec.id());
    }
    // every part looked up, and the counters checked, before anything changes
    Snapshot loop = s.child("loop");
    checkCounters(loop);
    Snapshot learnerState = s.child("learner");
    long[] actorState = s.child("actor").longs("rng");
    Snapshot rewardState = s.child("rewards");
    Snapshot env = s.child("envs");
    if (s.has("encoder") != (acState != null)) {
      throw new IllegalArgumentException(acState != null
          ? "checkpoint has no 'encoder' entry: it was written by a run without encoder.kind ac-state"
          : "checkpoint has an 'encoder' entry (an AC-State encoder), but this run has encoder.kind none");
    }
    Snapshot encoderState = acState == null ? null : s.child("encoder");
    checkCopyEpisodes(loop, env);
    checkPolicies(learnerState);
    learner.restore(learnerState);
    actorRng = Rng.fromState(actorState);
    actor = PolicyActor.sampling(policy, actorRng);
    rewardSet.restore(rewardState);
    long[] byActor = loop.has("actorRollouts") ? loop.longs("actorRollouts") : new long[0];
    if (actorPool == null && byActor.length > 0) {
      // a checkpoint of a run with actor threads, resumed without them: the modules followed the actors' envs,
      // and the envs restored below are the loop's own, which never stepped (with actors, the pool tells the
      // modules when it starts its envs again)
      rewardSet.envsRestarted();
    }
    if (acState != null) {
      acState.restore(encoderState);
    }
    long[] seeds = env.longs("episodeSeeds");
    if (seeds.length != venv.numEnvs()) {
      throw new IllegalArgumentException("checkpoint has " + seeds.length + " env columns, this run has "
          + venv.numEnvs() + " (numEnvs " + config.numEnvs() + (agents > 1 ? " x " + agents + " agents)" : ")"));
    }
    List<List<Object>> acts = new ArrayList<>();
    long[][] streams = new long[seeds.length][];
    for (int i = 0; i < seeds.length; i++) {
      if (actions.discrete()) {
        acts.add(Arrays.stream(env.ints("actions" + i)).boxed().map(Object.class::cast).toList());
      } else {
        acts.add(actions.decode(env.floats("actions" + i)));
      }
      streams[i] = env.longs("seedStream" + i);
    }
    obs = venv.restore(new VectorEnvState<>(seeds, acts, streams));
    iteration = (int) loop.getLong("iteration");
    globalStep = loop.getLong("globalStep");
    episodes = loop.getLong("episodes");
    bestMean = loop.getDouble("bestMean");
    droppedTrajectories = loop.has("droppedTrajectories") ? loop.getLong("droppedTrajectories") : 0;
    actorRollouts.clear();
    for (int i = 0; i + 1 < byActor.length; i += 2) {
      actorRollouts.put((int) byActor[i], byActor[i + 1]);
    }
    window.clear();
    double[] w = loop.doubles("window");
    for (int i = 0; i + 1 < w.length; i += 2) {
      window.addLast(new double[] {w[i], w[i + 1]});
    }
    agentWindows.forEach(ArrayDeque::clear);
    // absent in checkpoints of single-agent runs written before the agent axis existed
    double[] aw = loop.has("agentWindows") ? loop.doubles("agentWindows") : new double[0];
    for (int i = 0; i + 2 < aw.length; i += 3) {
      agentWindows.get((int) aw[i]).addLast(new double[] {aw[i + 1], aw[i + 2]});
    }
    taskWindows.forEach(ArrayDeque::clear);
    // absent in checkpoints written before the task axis existed (all single-task)
    double[] tw = loop.has("taskWindows") ? loop.doubles("taskWindows") : new double[0];
    for (int i = 0; i + 3 < tw.length; i += 4) {
      taskWindows.get((int) tw[i]).addLast(new double[] {tw[i + 1], tw[i + 2], tw[i + 3]});
    }
    socialWindow.clear();
    // absent in checkpoints written before the social metrics existed
    double[] sw = loop.has("socialWindow") ? loop.doubles("socialWindow") : new double[0];
    for (int i = 0; i + 4 < sw.length; i += 5) {
      socialWindow.addLast(Arrays.copyOfRange(sw, i, i + 5));
    }
    if (loop.has("copyEpisodes") && copyEpisodes.length > 0) {
      double[] ce = loop.doubles("copyEpisodes");
      int size = copyEpisodeSize();
      for (int e = 0; e < copyEpisodes.length; e++) {
        copyExcluded[e] = ce[e * size] != 0;
        copyEpisodes[e].restore(Arrays.copyOfRange(ce, e * size + 1, (e + 1) * size));
      }
    } else {
      // an older checkpoint: the episodes under way began before it, so their sums are not whole
      for (int e = 0; e < copyEpisodes.length; e++) {
        copyEpisodes[e].reset();
        copyExcluded[e] = !acts.get(e * agents).isEmpty();
      }
    }
    awaitingRestore = false;
  }

  /**
   * The loop counters of a snapshot, checked against each other and this run: every iteration
   * adds exactly {@code stepsPerIteration} ({@code numEnvs x rolloutLength}) env steps, so
   * {@code globalStep == iteration x stepsPerIteration}; no more episodes end than env columns were
   * stepped; the return windows hold whole (return, length) pairs, (agent, return, length)
   * triples of this run's agents and (task, return, length, success) quadruples of its tasks. The checksum proves bytes whole; this proves the counters came
   * from a run like this one (a hand-edited or mis-built checkpoint would otherwise resume with
   * exit 0 and different numbers, or throw IndexOutOfBounds half-way through a restore).
   */
  private void checkCounters(Snapshot loop) {
    long it = loop.getLong("iteration");
    long step = loop.getLong("globalStep");
    long eps = loop.getLong("episodes");
    if (it < 0 || it > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("checkpoint entry 'loop/iteration' is " + it + "; it must be between 0 and "
          + Integer.MAX_VALUE);
    }
    long expected = it * config.stepsPerIteration();
    if (step != expected) {
      throw new IllegalArgumentException("checkpoint entry 'loop/globalStep' is " + step + ", but 'loop/iteration' " + it
          + " x " + config.stepsPerIteration() + " steps per iteration (numEnvs " + config.numEnvs() + " x rolloutLength "
          + config.rolloutLength() + ") is " + expected + (it > 0 && step > 0 && step % it == 0 ? "; the checkpoint's run made "
          + step / it + " steps per iteration: were numEnvs or rolloutLength changed after it was written?" : ""));
    }
    long columns = step * agents;
    if (eps < 0 || eps > columns) {
      throw new IllegalArgumentException("checkpoint entry 'loop/episodes' is " + eps + "; it must be between 0 and the "
          + columns + " agent steps of 'loop/globalStep' " + step);
    }
    double[] w = loop.doubles("window");
    if (w.length % 2 != 0) {
      throw new IllegalArgumentException("checkpoint entry 'loop/window' has " + w.length
          + " values; it holds (return, length) pairs");
    }
    checkGroupedWindow(loop, "agentWindows", "(agent, return, length) triples", 3, "agent", agentWindows.size(),
        "no per-agent windows (one agent)");
    checkGroupedWindow(loop, "taskWindows", "(task, return, length, success) quadruples", 4, "task", taskWindows.size(),
        "no per-task windows (one task)");
  }

  /**
   * The learner entry of a snapshot was written with this run's {@code agents.policies}: one learner
   * per agent writes {@code learner/agents} ({@link PerAgentLearner}), a shared one does not.
   */
  private void checkPolicies(Snapshot learnerState) {
    boolean saved = learnerState.has("agents");
    if (saved && !config.agents().independent()) {
      throw new IllegalArgumentException("checkpoint entry 'learner/agents' is " + learnerState.getLong("agents")
          + ": it was written with one learner per agent (agents.policies independent), this run has shared; resume it"
          + " with the policies it was trained with");
    }
    if (!saved && config.agents().independent()) {
      throw new IllegalArgumentException("checkpoint entry 'learner/agents' is missing: it was written with one learner"
          + " shared by all agents (agents.policies shared), this run has independent; resume it with the policies"
          + " it was trained with");
    }
  }

  /**
   * The social window and the copies' half-finished episodes of a snapshot: whole (collective,
   * efficiency, equality, sustainability, peace) records, present only in a run that keeps them, and
   * per copy a 0/1 excluded flag and sums that {@link SocialMetrics#restore} accepts, over as many
   * steps as the env has replayed since the copy's reset. Both entries are absent in checkpoints
   * written before they existed.
   */
  private void checkCopyEpisodes(Snapshot loop, Snapshot env) {
    double[] w = loop.has("socialWindow") ? loop.doubles("socialWindow") : new double[0];
    if (w.length % 5 != 0 || (copyEpisodes.length == 0 && w.length > 0)) {
      throw new IllegalArgumentException("checkpoint entry 'loop/socialWindow' has " + w.length + " values; "
          + (copyEpisodes.length == 0 ? "this run keeps none (not a multi-agent world)"
          : "it holds (collective, efficiency, equality, sustainability, peace) records"));
    }
    if (!loop.has("copyEpisodes")) {
      return;
    }
    double[] ce = loop.doubles("copyEpisodes");
    int size = copyEpisodeSize();
    if (ce.length != copyEpisodes.length * (copyEpisodes.length == 0 ? 0 : size)) {
      throw new IllegalArgumentException("checkpoint entry 'loop/copyEpisodes' has " + ce.length + " values; this run"
          + " needs " + copyEpisodes.length * size + " (" + copyEpisodes.length + " envs x " + size + ")");
    }
    for (int e = 0; e < copyEpisodes.length; e++) {
      double flag = ce[e * size];
      if (flag != 0 && flag != 1) {
        throw new IllegalArgumentException("checkpoint entry 'loop/copyEpisodes': env " + e + "'s excluded flag is "
            + flag + "; it must be 0 or 1");
      }
      double[] state = Arrays.copyOfRange(ce, e * size + 1, (e + 1) * size);
      try {
        new SocialMetrics(agents).restore(state);
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("checkpoint entry 'loop/copyEpisodes': env " + e + ": " + bad.getMessage());
      }
      String column = "actions" + e * agents;
      if (actions.discrete() && env.has(column) && env.ints(column).length != (int) state[0]) {
        throw new IllegalArgumentException("checkpoint entry 'loop/copyEpisodes': env " + e + " is " + (long) state[0]
            + " steps into its episode, but 'envs/" + column + "' replays " + env.ints(column).length);
      }
    }
  }

  /**
   * A window entry of records {@code arity} values long whose first value names a group (an agent or
   * a task) of the {@code groups} this run has; absent in checkpoints written before it existed.
   */
  private static void checkGroupedWindow(Snapshot loop, String entry, String records, int arity, String group,
                                         int groups, String none) {
    double[] w = loop.has(entry) ? loop.doubles(entry) : new double[0];
    if (w.length % arity != 0) {
      throw new IllegalArgumentException("checkpoint entry 'loop/" + entry + "' has " + w.length + " values; it holds "
          + records);
    }
    for (int i = 0; i < w.length; i += arity) {
      if (w[i] != Math.rint(w[i]) || w[i] < 0 || w[i] >= groups) {
        throw new IllegalArgumentException("checkpoint entry 'loop/" + entry + "' names " + group + " " + w[i]
            + "; this run has " + (groups == 0 ? none : groups + " " + group + "s"));
      }
    }
  }

  @Override
  public void close() {
    if (actorPool != null) {
      actorPool.close();
    }
    rewardSet.close();
    venv.close();
  }
}
