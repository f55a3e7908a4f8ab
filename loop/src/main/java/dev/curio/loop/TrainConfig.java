package dev.curio.loop;

import dev.curio.agents.LearnerFactory;
import dev.curio.agents.impala.ImpalaConfig;
import dev.curio.agents.impala.ImpalaLearner;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.Ppo;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;
import java.util.Objects;

/**
 * Everything one training run needs, validated on construction; written next to the results as
 * {@code config.yaml}. Every key and default is listed in {@code docs/config.md}.
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class TrainConfig {
  /** Built-in world id (see {@code curio envs}) or {@code gym:<id>}. */
  private final String env;
  /** Copies stepped in lockstep. */
  private final int numEnvs;
  /** Steps per env per iteration (T). */
  private final int rolloutLength;
  /** Env steps (over all copies) to train for. */
  private final long totalSteps;
  /** Fixes the whole run. */
  private final long seed;
  /** Discount of the extrinsic stream. */
  private final double gamma;
  /** {@code sync} or {@code threaded}. */
  private final String vectorEnv;
  /** Finished episodes in the rolling mean return. */
  private final int returnWindow;
  /** Stop early once the rolling mean return reaches this ({@code null}: never). */
  private final Double stopAtReturn;
  /** Write a checkpoint every this many iterations (0: only at the end). */
  private final int checkpointEvery;
  /** A time limit added on top of the env's own (0: the env's own only). */
  private final int maxEpisodeSteps;
  /**
   * Map each observation element with finite Box bounds onto {@code [-1, 1]} before anything reads it
   * ({@code ScaleObservation}); elements without bounds pass unchanged.
   */
  private final boolean scaleObservations;
  /** Threads ND4J may use per operation; 1 is fastest for these small networks on 2 cores (see {@code Backend}). */
  private final int nd4jThreads;
  /**
   * What a NaN or infinite reward, advantage, loss, gradient norm or policy parameter does: {@code stop} the run
   * ({@link NonFiniteException}) or {@code skip} the update it would feed, and count it (docs/config.md).
   */
  private final String nonFinite;
  /** Which learner trains the policy: {@code ppo} (with {@link #ppo}) or {@code impala} (with {@link #impala}). */
  private final String learner;
  /** PPO's hyperparameters (read when {@link #learner} is ppo). */
  private final PpoConfig ppo;
  /** IMPALA's hyperparameters (read when {@link #learner} is impala). */
  private final ImpalaConfig impala;
  /** The actor-critic's shape. */
  private final NetworkConfig network;
  /** Intrinsic reward modules and their settings ({@link RewardsConfig#none()}: extrinsic only). */
  private final RewardsConfig rewards;
  /** The worlds of a multi-task run ({@link TasksConfig#none()}: a single-task run on {@link #env}). */
  private final TasksConfig tasks;
  /** How the agents of a multi-agent world are trained: one shared policy, or one per agent. */
  private final AgentsConfig agents;
  /** The learned encoder that reward modules and the policy may read ({@link EncoderConfig#defaults()}: none). */
  private final EncoderConfig encoder;

  private TrainConfig(Builder b) {
    Check.notNull("tasks", b.tasks);
    this.env = runLabel(b.env, b.tasks);
    this.numEnvs = b.numEnvs;
    this.rolloutLength = b.rolloutLength;
    this.totalSteps = b.totalSteps;
    this.seed = b.seed;
    this.gamma = b.gamma;
    this.vectorEnv = b.vectorEnv;
    this.returnWindow = b.returnWindow;
    this.stopAtReturn = b.stopAtReturn;
    this.checkpointEvery = b.checkpointEvery;
    this.maxEpisodeSteps = b.maxEpisodeSteps;
    this.scaleObservations = b.scaleObservations;
    this.nd4jThreads = b.nd4jThreads;
    this.nonFinite = b.nonFinite;
    this.learner = b.learner;
    this.ppo = b.ppo;
    this.impala = b.impala;
    this.network = b.network;
    this.rewards = b.rewards;
    this.tasks = b.tasks;
    this.agents = b.agents;
    this.encoder = b.encoder;
    Check.notBlank("env", env);
    Check.positive("numEnvs", numEnvs);
    Check.positive("rolloutLength", rolloutLength);
    Check.positive("totalSteps", totalSteps);
    Check.inRange("gamma", gamma, 0, 1);
    Check.that("sync".equals(vectorEnv) || "threaded".equals(vectorEnv), "vectorEnv",
        "must be sync or threaded, got '" + vectorEnv + "'");
    Check.positive("returnWindow", returnWindow);
    Check.nonNegative("checkpointEvery", checkpointEvery);
    Check.nonNegative("maxEpisodeSteps", maxEpisodeSteps);
    Check.positive("nd4jThreads", nd4jThreads);
    Check.that(NON_FINITE_STOP.equals(nonFinite) || NON_FINITE_SKIP.equals(nonFinite), "nonFinite",
        "must be stop or skip, got '" + nonFinite + "'");
    Check.that(LEARNERS.contains(learner), "learner", "must be one of " + String.join(", ", LEARNERS) + ", got "
        + (learner == null ? "null" : "'" + learner + "'"));
    Check.notNull("ppo", ppo);
    Check.notNull("impala", impala);
    if (learner.equals(IMPALA) && !ppo.valueNorm().equals("none")) {
      throw new ConfigException("ppo.valueNorm", "is " + ppo.valueNorm() + ", which only the ppo learner has; learner"
          + " impala does not normalise its critic's targets: set ppo.valueNorm: none or learner: ppo");
    }
    Check.notNull("network", network);
    Check.notNull("rewards", rewards);
    Check.notNull("agents", agents);
    Check.notNull("encoder", encoder);
    encoder.checkAgainst(rewards.modules());
    if (encoder.reads("ec") && rewards.modules().contains("ec")
        && ((dev.curio.rewards.EcConfig) rewards.settings("ec")).pretrained()) {
      throw new ConfigException("rewards.ec.pretrained", "is true, but ec reads the AC-State encoder, which is"
          + " untrained before the run; set rewards.ec.pretrained: false, or leave ec out of encoder.modules");
    }
    if (encoder.enabled() && agents.messages() > 0) {
      throw new ConfigException("encoder.kind", "is ac-state, whose inverse model predicts Discrete actions, but"
          + " agents.messages " + agents.messages() + " makes every action carry a message; set one of them off");
    }
    if (agents.independent() && tasks.multiTask()) {
      throw new ConfigException("agents.policies", "is independent (one policy per agent), but tasks.ids "
          + tasks.ids() + " makes this a multi-task run of single-agent worlds; set it to shared or remove tasks.ids");
    }
    if (agents.messages() > 0 && tasks.multiTask()) {
      throw new ConfigException("agents.messages", "is " + agents.messages() + " (a message per agent and step), but"
          + " tasks.ids " + tasks.ids() + " makes this a multi-task run of single-agent worlds; set it to 0 or remove"
          + " tasks.ids");
    }
    if (tasks.multiTask()) {
      tasks.envsPerTask(numEnvs); // they must add up to numEnvs, or it must split evenly
    }
    if (stopAtReturn != null && !Double.isFinite(stopAtReturn)) {
      throw new ConfigException("stopAtReturn", "must be a finite number, got " + stopAtReturn);
    }
    // A rollout is N * T rows indexed by int, and the run plans a whole number of iterations whose count
    // (learning-rate annealing, the learner's version) is an int: bound both so nothing can overflow.
    long rows = (long) numEnvs * rolloutLength;
    if (rows > Integer.MAX_VALUE) {
      throw new ConfigException("rolloutLength", "numEnvs * rolloutLength = " + numEnvs + " * " + rolloutLength + " = "
          + rows + " rows per iteration; at most " + Integer.MAX_VALUE);
    }
    if (totalSteps > rows * Integer.MAX_VALUE) {
      throw new ConfigException("totalSteps", "must be at most numEnvs * rolloutLength * " + Integer.MAX_VALUE + " = "
          + rows * Integer.MAX_VALUE + " (at most " + Integer.MAX_VALUE + " iterations), got " + totalSteps);
    }
    if (learner.equals(IMPALA) && rows < impala.minibatches()) {
      throw new ConfigException("impala.minibatches", "must be <= numEnvs * rolloutLength = " + rows
          + ", got " + impala.minibatches());
    }
    if (impala.actors() > 0) {
      checkActors(impala.actors());
    }
    if (learner.equals(PPO) && rows < ppo.minibatches()) {
      throw new ConfigException("ppo.minibatches", "must be <= numEnvs * rolloutLength = " + rows
          + ", got " + ppo.minibatches());
    }
    // widths and memories are int-indexed arrays: a weight matrix between two layers, ec's memory of every env
    int maxWidth = 16_384;
    for (Integer h : network.hidden()) {
      Check.that(h <= maxWidth, "network.hidden", "each layer must be at most " + maxWidth + " wide, got " + h);
    }
    for (Integer c : network.cnnChannels()) {
      Check.that(c == null || c <= maxWidth, "network.cnnChannels", "each count must be at most " + maxWidth + ", got " + c);
    }
    // a module's settings count only when it is listed
    String[] widthKeys = {"rewards.icm.featureDim", "rewards.icm.hidden", "rewards.rnd.outputDim", "rewards.rnd.hidden",
        "rewards.rfs.featureDim", "rewards.rfs.hidden", "rewards.ec.embeddingDim", "rewards.ec.hidden",
        "rewards.disagreement.featureDim", "rewards.disagreement.hidden"};
    int[] widths = {rewards.icm().featureDim(), rewards.icm().hidden(), rewards.rnd().outputDim(), rewards.rnd().hidden(),
        rewards.rfs().featureDim(), rewards.rfs().hidden(), rewards.ec().embeddingDim(), rewards.ec().hidden(),
        rewards.disagreement().featureDim(), rewards.disagreement().hidden()};
    for (int i = 0; i < widths.length; i++) {
      boolean listed = rewards.modules().contains(widthKeys[i].split("\\.")[1]);
      Check.that(!listed || widths[i] <= maxWidth, widthKeys[i], "must be at most " + maxWidth + ", got " + widths[i]);
    }
    double memory = (double) numEnvs * rewards.ec().memoryCapacity() * 2 * rewards.ec().embeddingDim();
    Check.that(!rewards.modules().contains("ec") || memory <= Integer.MAX_VALUE, "rewards.ec.memoryCapacity",
        String.format(java.util.Locale.ROOT, "numEnvs * memoryCapacity * 2 * embeddingDim = %.0f floats; at most %d,"
            + " got memoryCapacity %d", memory, Integer.MAX_VALUE, rewards.ec().memoryCapacity()));
  }

  /**
   * {@code env} as the run is labelled: in a multi-task run the tasks' label ({@link TasksConfig#label}), which
   * replaces the default world (an {@code env} left unset) and must equal any other {@code env} given.
   */
  private static String runLabel(String env, TasksConfig tasks) {
    if (!tasks.multiTask()) {
      if (env != null && env.startsWith(TasksConfig.LABEL_PREFIX)) {
        throw new ConfigException("env", "'" + env + "' labels a multi-task run, but tasks.ids is empty; list the"
            + " tasks' worlds in tasks.ids (or --tasks), or name one world in env");
      }
      return env;
    }
    String label = tasks.label();
    if (env == null || env.equals(DEFAULT_ENV) || env.equals(label)) {
      return label;
    }
    throw new ConfigException("env", "is '" + env + "', but tasks.ids " + tasks.ids() + " makes this a multi-task run,"
        + " labelled '" + label + "'; remove env (or set it to that label), or remove tasks.ids");
  }

  /** The defaults: PPO on the default built-in maze. */
  public static TrainConfig defaults() {
    return builder().build();
  }

  /** {@code nonFinite}: a NaN or infinite value stops the run (the default). */
  public static final String NON_FINITE_STOP = "stop";
  /** {@code nonFinite}: a NaN or infinite value discards the update it would feed, and the run goes on. */
  public static final String NON_FINITE_SKIP = "skip";

  /** The world {@code curio train} uses when none is given. */
  public static final String DEFAULT_ENV = "maze:two-rooms-key-pos";

  /** {@code learner}: PPO (or A2C, as a PPO configuration), the default. */
  public static final String PPO = "ppo";
  /**
   * {@code impala.actors} other than 0 collects on actor threads ({@link ActorPool}): for the IMPALA
   * learner (V-trace corrects the lag) and the PPO learner (in lockstep, one iteration behind), with
   * numEnvs split evenly among the actors, and without what needs the loop's own
   * collection (skipping non-finite rewards, an AC-State encoder, several tasks, ec's per-step memory).
   */
  private void checkActors(int actors) {
    String what = "is " + actors + " (actor threads)";
    if (numEnvs % actors != 0) {
      throw new ConfigException("impala.actors", what + ", but numEnvs " + numEnvs + " does not split evenly among"
          + " them (each actor steps numEnvs / actors envs); make numEnvs a multiple of " + actors);
    }
    if (NON_FINITE_SKIP.equals(nonFinite)) {
      throw new ConfigException("nonFinite", "is skip, which needs the loop's own collection; with impala.actors "
          + actors + " a non-finite reward stops the run: set nonFinite: stop, or impala.actors: 0");
    }
    if (encoder.enabled()) {
      throw new ConfigException("encoder.kind", "is ac-state, which the actor threads (impala.actors " + actors
          + ") do not train or read yet; set encoder.kind: none, or impala.actors: 0");
    }
    if (tasks.multiTask()) {
      throw new ConfigException("impala.actors", what + ", but tasks.ids " + tasks.ids() + " makes this a"
          + " multi-task run, which the actor threads do not collect yet; set impala.actors: 0");
    }
    if (rewards.modules().contains("ec")) {
      throw new ConfigException("rewards.modules", "lists ec, whose episodic memory is fed step by step in the"
          + " loop's own collection; with impala.actors " + actors + " the modules only see whole trajectories:"
          + " remove ec, or set impala.actors: 0");
    }
    // per-env state across rollouts is keyed by column, and with IMPALA's actors a column is a different
    // actor's env from one batch to the next. PPO's lockstep keeps actor a's envs in the same columns, and
    // whenever the actors start their envs afresh the loop tells the modules (IntrinsicReward.envsRestarted)
    if (learner.equals(IMPALA) && rewards.modules().contains("noveld")) {
      throw new ConfigException("rewards.modules", "lists noveld, whose first-visit gate follows each env's"
          + " episode from one trajectory to the next; with impala.actors " + actors + " a column of the batch is"
          + " another actor's env each time: remove noveld, use learner: ppo (its actors keep their columns), or set"
          + " impala.actors: 0");
    }
    if (learner.equals(IMPALA) && rewards.modules().contains("count") && rewards.count().episodic()) {
      throw new ConfigException("rewards.count.episodic", "is true, and its counts follow each env's episode from"
          + " one trajectory to the next; with impala.actors " + actors + " a column of the batch is another"
          + " actor's env each time: set rewards.count.episodic: false, use learner: ppo, or set impala.actors: 0");
    }
  }

  /** {@code learner}: IMPALA's V-trace actor-critic ({@code ImpalaLearner}). */
  public static final String IMPALA = "impala";
  /** The values {@code learner} takes. */
  public static final java.util.List<String> LEARNERS = java.util.List.of(PPO, IMPALA);

  /**
   * The learner this config trains, with {@link #network}: PPO (or A2C, as a PPO configuration) with
   * {@link #ppo}, or IMPALA with {@link #impala}, as {@link #learnerName} says.
   */
  public LearnerFactory learner() {
    return learner.equals(IMPALA) ? ImpalaLearner.factory(impala, network) : Ppo.factory(ppo, network);
  }

  /** {@code ppo} or {@code impala}: which learner {@link #learner()} builds. */
  public String learnerName() {
    return learner;
  }

  /** Env steps per iteration, N * T. */
  public int stepsPerIteration() {
    return numEnvs * rolloutLength;
  }

  /** Iterations the run plans, for learning-rate annealing. */
  public int plannedIterations() {
    // totalSteps may be huge (benchmarks run "until stopped"): divide before adding, clamp to int
    long iterations = totalSteps / stepsPerIteration() + (totalSteps % stepsPerIteration() == 0 ? 0 : 1);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, iterations));
  }

  public TrainConfig withEnv(String e) {
    return toBuilder().env(e).build();
  }

  public TrainConfig withSeed(long s) {
    return toBuilder().seed(s).build();
  }

  public TrainConfig withTotalSteps(long steps) {
    return toBuilder().totalSteps(steps).build();
  }

  public TrainConfig withStopAtReturn(Double target) {
    return toBuilder().stopAtReturn(target).build();
  }

  public TrainConfig withRewards(RewardsConfig r) {
    return toBuilder().rewards(r).build();
  }

  /** These settings on the worlds of {@code t}; the run's {@link #env} becomes their label (or, for none, stays). */
  public TrainConfig withTasks(TasksConfig t) {
    Builder b = toBuilder().tasks(t);
    if (tasks.multiTask() && !t.multiTask()) {
      b.env(DEFAULT_ENV); // the old tasks' label names no world
    }
    if (tasks.multiTask() && t.multiTask()) {
      b.env(t.label());
    }
    return b.build();
  }

  /** These settings with the agents of a multi-agent world trained as {@code a} says. */
  public TrainConfig withAgents(AgentsConfig a) {
    return toBuilder().agents(a).build();
  }

  public String env() {
    return env;
  }

  public int numEnvs() {
    return numEnvs;
  }

  public int rolloutLength() {
    return rolloutLength;
  }

  public long totalSteps() {
    return totalSteps;
  }

  public long seed() {
    return seed;
  }

  public double gamma() {
    return gamma;
  }

  public String vectorEnv() {
    return vectorEnv;
  }

  public int returnWindow() {
    return returnWindow;
  }

  public Double stopAtReturn() {
    return stopAtReturn;
  }

  public int checkpointEvery() {
    return checkpointEvery;
  }

  public int maxEpisodeSteps() {
    return maxEpisodeSteps;
  }

  public boolean scaleObservations() {
    return scaleObservations;
  }

  public int nd4jThreads() {
    return nd4jThreads;
  }

  /** {@code stop} or {@code skip}: what a NaN or infinite value does (docs/config.md). */
  public String nonFinite() {
    return nonFinite;
  }

  /** Whether a NaN or infinite value skips the update it would feed instead of stopping the run. */
  public boolean skipsNonFinite() {
    return NON_FINITE_SKIP.equals(nonFinite);
  }

  public PpoConfig ppo() {
    return ppo;
  }

  public ImpalaConfig impala() {
    return impala;
  }

  public NetworkConfig network() {
    return network;
  }

  public RewardsConfig rewards() {
    return rewards;
  }

  /** The worlds of a multi-task run; {@link TasksConfig#multiTask()} is false for a single-task run. */
  public TasksConfig tasks() {
    return tasks;
  }

  /** How the agents of a multi-agent world are trained ({@code agents.policies}); unused by single-agent runs. */
  public AgentsConfig agents() {
    return agents;
  }

  /** The learned encoder ({@code encoder.*}); {@link EncoderConfig#enabled()} is false for none. */
  public EncoderConfig encoder() {
    return encoder;
  }

  /** A builder at the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.env = env;
    b.numEnvs = numEnvs;
    b.rolloutLength = rolloutLength;
    b.totalSteps = totalSteps;
    b.seed = seed;
    b.gamma = gamma;
    b.vectorEnv = vectorEnv;
    b.returnWindow = returnWindow;
    b.stopAtReturn = stopAtReturn;
    b.checkpointEvery = checkpointEvery;
    b.maxEpisodeSteps = maxEpisodeSteps;
    b.scaleObservations = scaleObservations;
    b.nd4jThreads = nd4jThreads;
    b.nonFinite = nonFinite;
    b.learner = learner;
    b.ppo = ppo;
    b.impala = impala;
    b.network = network;
    b.rewards = rewards;
    b.tasks = tasks;
    b.agents = agents;
    b.encoder = encoder;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrainConfig o
        && Objects.equals(env, o.env)
        && numEnvs == o.numEnvs
        && rolloutLength == o.rolloutLength
        && totalSteps == o.totalSteps
        && seed == o.seed
        && Double.compare(gamma, o.gamma) == 0
        && Objects.equals(vectorEnv, o.vectorEnv)
        && returnWindow == o.returnWindow
        && Objects.equals(stopAtReturn, o.stopAtReturn)
        && checkpointEvery == o.checkpointEvery
        && maxEpisodeSteps == o.maxEpisodeSteps
        && scaleObservations == o.scaleObservations
        && nd4jThreads == o.nd4jThreads
        && Objects.equals(nonFinite, o.nonFinite)
        && Objects.equals(learner, o.learner)
        && Objects.equals(ppo, o.ppo)
        && Objects.equals(impala, o.impala)
        && Objects.equals(network, o.network)
        && Objects.equals(rewards, o.rewards)
        && Objects.equals(tasks, o.tasks)
        && Objects.equals(agents, o.agents) && Objects.equals(encoder, o.encoder);
  }

  @Override
  public int hashCode() {
    return Objects.hash(env, numEnvs, rolloutLength, totalSteps, seed, gamma, vectorEnv, returnWindow, stopAtReturn,
        checkpointEvery, maxEpisodeSteps, scaleObservations, nd4jThreads, nonFinite, learner, ppo, impala, network,
        rewards, tasks, agents, encoder);
  }

  @Override
  public String toString() {
    return "TrainConfig[env=" + env
        + ", numEnvs=" + numEnvs
        + ", rolloutLength=" + rolloutLength
        + ", totalSteps=" + totalSteps
        + ", seed=" + seed
        + ", gamma=" + gamma
        + ", vectorEnv=" + vectorEnv
        + ", returnWindow=" + returnWindow
        + ", stopAtReturn=" + stopAtReturn
        + ", checkpointEvery=" + checkpointEvery
        + ", maxEpisodeSteps=" + maxEpisodeSteps
        + ", scaleObservations=" + scaleObservations
        + ", nd4jThreads=" + nd4jThreads
        + ", nonFinite=" + nonFinite
        + ", learner=" + learner
        + ", ppo=" + ppo
        + ", impala=" + impala
        + ", network=" + network
        + ", rewards=" + rewards
        + ", tasks=" + tasks
        + ", agents=" + agents
        + ", encoder=" + encoder
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private String env = DEFAULT_ENV;
    private int numEnvs = 8;
    private int rolloutLength = 128;
    private long totalSteps = 100_000;
    private long seed = 1;
    private double gamma = 0.99;
    private String vectorEnv = "sync";
    private int returnWindow = 20;
    private Double stopAtReturn = null;
    private int checkpointEvery = 10;
    private int maxEpisodeSteps = 0;
    private boolean scaleObservations = false;
    private int nd4jThreads = 1;
    private String nonFinite = NON_FINITE_STOP;
    private String learner = PPO;
    private PpoConfig ppo = PpoConfig.defaults();
    private ImpalaConfig impala = ImpalaConfig.defaults();
    private NetworkConfig network = NetworkConfig.defaults();
    private RewardsConfig rewards = RewardsConfig.none();
    private TasksConfig tasks = TasksConfig.none();
    private AgentsConfig agents = AgentsConfig.defaults();
    private EncoderConfig encoder = EncoderConfig.defaults();

    private Builder() {}

    public Builder env(String env) {
      this.env = env;
      return this;
    }

    public Builder numEnvs(int numEnvs) {
      this.numEnvs = numEnvs;
      return this;
    }

    public Builder rolloutLength(int rolloutLength) {
      this.rolloutLength = rolloutLength;
      return this;
    }

    public Builder totalSteps(long totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder gamma(double gamma) {
      this.gamma = gamma;
      return this;
    }

    public Builder vectorEnv(String vectorEnv) {
      this.vectorEnv = vectorEnv;
      return this;
    }

    public Builder returnWindow(int returnWindow) {
      this.returnWindow = returnWindow;
      return this;
    }

    public Builder stopAtReturn(Double stopAtReturn) {
      this.stopAtReturn = stopAtReturn;
      return this;
    }

    public Builder checkpointEvery(int checkpointEvery) {
      this.checkpointEvery = checkpointEvery;
      return this;
    }

    public Builder maxEpisodeSteps(int maxEpisodeSteps) {
      this.maxEpisodeSteps = maxEpisodeSteps;
      return this;
    }

    public Builder scaleObservations(boolean scaleObservations) {
      this.scaleObservations = scaleObservations;
      return this;
    }

    public Builder nd4jThreads(int nd4jThreads) {
      this.nd4jThreads = nd4jThreads;
      return this;
    }

    public Builder nonFinite(String nonFinite) {
      this.nonFinite = nonFinite;
      return this;
    }

    /** {@code ppo} or {@code impala}. */
    public Builder learner(String learner) {
      this.learner = learner;
      return this;
    }

    public Builder ppo(PpoConfig ppo) {
      this.ppo = ppo;
      return this;
    }

    public Builder impala(ImpalaConfig impala) {
      this.impala = impala;
      return this;
    }

    public Builder network(NetworkConfig network) {
      this.network = network;
      return this;
    }

    public Builder rewards(RewardsConfig rewards) {
      this.rewards = rewards;
      return this;
    }

    public Builder tasks(TasksConfig tasks) {
      this.tasks = tasks;
      return this;
    }

    public Builder agents(AgentsConfig agents) {
      this.agents = agents;
      return this;
    }

    /** The learned encoder ({@code encoder.*}). */
    public Builder encoder(EncoderConfig encoder) {
      this.encoder = encoder;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public TrainConfig build() {
      return new TrainConfig(this);
    }
  }
}
