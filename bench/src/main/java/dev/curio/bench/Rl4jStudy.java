package dev.curio.bench;

import dev.curio.agents.net.Backend;
import dev.curio.envs.Env;
import dev.curio.envs.rl4j.EnvMdp;
import dev.curio.envs.rl4j.MdpEnv;
import dev.curio.envs.worlds.classic.CartPole;
import dev.curio.loop.EpisodeEnd;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.rl4j.learning.IEpochTrainer;
import org.deeplearning4j.rl4j.learning.ILearning;
import org.deeplearning4j.rl4j.learning.async.a3c.discrete.A3CDiscreteDense;
import org.deeplearning4j.rl4j.learning.configuration.A3CLearningConfiguration;
import org.deeplearning4j.rl4j.learning.configuration.QLearningConfiguration;
import org.deeplearning4j.rl4j.learning.listener.TrainingListener;
import org.deeplearning4j.rl4j.learning.sync.qlearning.discrete.QLearningDiscreteDense;
import org.deeplearning4j.rl4j.mdp.CartpoleNative;
import org.deeplearning4j.rl4j.mdp.MDP;
import org.deeplearning4j.rl4j.network.configuration.ActorCriticDenseNetworkConfiguration;
import org.deeplearning4j.rl4j.network.configuration.DQNDenseNetworkConfiguration;
import org.deeplearning4j.rl4j.space.Box;
import org.deeplearning4j.rl4j.space.DiscreteSpace;
import org.deeplearning4j.rl4j.util.IDataManager;
import org.nd4j.linalg.learning.config.Adam;
import java.util.Objects;

/**
 * RL4J (1.0.0-M1.1, the last release) and Curio side by side on CartPole, in one JVM: RL4J's DQN
 * ({@code QLearningDiscreteDense}) and A3C ({@code A3CDiscreteDense}) and Curio's PPO, each on
 * RL4J's own {@code CartpoleNative} and on Curio's {@code CartPole-v1} (RL4J reaches Curio's world
 * through {@link EnvMdp}, Curio reaches RL4J's through {@link MdpEnv}). Episodes are capped at 500
 * steps everywhere (CartPole-v1's limit). Each run reports env steps per second including learning,
 * and the env steps at which the rolling mean return over 20 episodes first reached the target.
 *
 * <p>RL4J's hyperparameters are those of its CartPole examples (dl4j-examples
 * {@code rl4j-examples}: DQN with 3 dense layers of 16, Adam 1e-3, replay 150k, batch 32, target
 * update every 500 steps, double DQN, epsilon to 0.1 over 1000 steps, reward factor 0.01; A3C with
 * 3 dense layers of 16, Adam 1e-2, l2 1e-3, n-step 20), except that A3C runs one thread per core and
 * the episode cap is 500 instead of the examples' 200. Every learner runs with the same ND4J
 * thread count ({@code nd4jThreads} of the Curio config, default 1).
 */
public final class Rl4jStudy {
  /** The learners compared. */
  public static final List<String> LEARNERS = List.of("rl4j-dqn", "rl4j-a3c", "curio-ppo");
  /** The two CartPoles: RL4J's own and Curio's. */
  public static final List<String> ENVS = List.of("rl4j:CartpoleNative", "CartPole-v1");
  private static final int EPISODE_CAP = 500;
  private static final int WINDOW = 20;

  /**
   * One learner on one env and seed.
   *
   * <p>Made with {@link #builder()}, every field by name; none is positional.
   */
  public static final class Result {
    private final String learner;
    private final String env;
    private final long seed;
    /** Env steps taken (the run stops at the target or at the budget). */
    private final long steps;
    /** Wall time of the whole run, learning included. */
    private final double seconds;
    /** Env steps when the rolling mean over 20 episodes first reached the target; -1 if never. */
    private final long stepsToTarget;
    /**
     * Env steps when 90% of the last 20 episodes first had a positive return (a MiniGrid success: the
     * goal reached, whatever the step penalty); -1 if never.
     */
    private final long stepsToSuccess;
    /** Rolling mean return at the end. */
    private final double meanReturn;
    private final long episodes;

    private Result(Builder b) {
      this.learner = b.learner;
      this.env = b.env;
      this.seed = b.seed;
      this.steps = b.steps;
      this.seconds = b.seconds;
      this.stepsToTarget = b.stepsToTarget;
      this.stepsToSuccess = b.stepsToSuccess;
      this.meanReturn = b.meanReturn;
      this.episodes = b.episodes;
    }

    public double sps() {
      return steps / Math.max(seconds, 1e-9);
    }

    public String learner() {
      return learner;
    }

    public String env() {
      return env;
    }

    public long seed() {
      return seed;
    }

    public long steps() {
      return steps;
    }

    public double seconds() {
      return seconds;
    }

    public long stepsToTarget() {
      return stepsToTarget;
    }

    public long stepsToSuccess() {
      return stepsToSuccess;
    }

    public double meanReturn() {
      return meanReturn;
    }

    public long episodes() {
      return episodes;
    }

    /** A builder with every field unset (0, false or null). */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
      Builder b = new Builder();
      b.learner = learner;
      b.env = env;
      b.seed = seed;
      b.steps = steps;
      b.seconds = seconds;
      b.stepsToTarget = stepsToTarget;
      b.stepsToSuccess = stepsToSuccess;
      b.meanReturn = meanReturn;
      b.episodes = episodes;
      return b;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Result o
          && Objects.equals(learner, o.learner)
          && Objects.equals(env, o.env)
          && seed == o.seed
          && steps == o.steps
          && Double.compare(seconds, o.seconds) == 0
          && stepsToTarget == o.stepsToTarget
          && stepsToSuccess == o.stepsToSuccess
          && Double.compare(meanReturn, o.meanReturn) == 0
          && episodes == o.episodes;
    }

    @Override
    public int hashCode() {
      return Objects.hash(learner, env, seed, steps, seconds, stepsToTarget, stepsToSuccess, meanReturn, episodes);
    }

    @Override
    public String toString() {
      return "Result[learner=" + learner
          + ", env=" + env
          + ", seed=" + seed
          + ", steps=" + steps
          + ", seconds=" + seconds
          + ", stepsToTarget=" + stepsToTarget
          + ", stepsToSuccess=" + stepsToSuccess
          + ", meanReturn=" + meanReturn
          + ", episodes=" + episodes
          + "]";
    }

    /** Fields by name. */
    public static final class Builder {
      private String learner;
      private String env;
      private long seed;
      private long steps;
      private double seconds;
      private long stepsToTarget;
      private long stepsToSuccess;
      private double meanReturn;
      private long episodes;

      private Builder() {}

      public Builder learner(String learner) {
        this.learner = learner;
        return this;
      }

      public Builder env(String env) {
        this.env = env;
        return this;
      }

      public Builder seed(long seed) {
        this.seed = seed;
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

      public Builder stepsToTarget(long stepsToTarget) {
        this.stepsToTarget = stepsToTarget;
        return this;
      }

      public Builder stepsToSuccess(long stepsToSuccess) {
        this.stepsToSuccess = stepsToSuccess;
        return this;
      }

      public Builder meanReturn(double meanReturn) {
        this.meanReturn = meanReturn;
        return this;
      }

      public Builder episodes(long episodes) {
        this.episodes = episodes;
        return this;
      }

      public Result build() {
        return new Result(this);
      }
    }
  }

  private Rl4jStudy() {}

  /**
   * Runs one learner until the rolling mean return reaches {@code target} or {@code budget} env
   * steps have passed.
   *
   * @param ppoBase Curio PPO's config (its env, totalSteps and seed are replaced)
   */
  public static Result run(String learner, String env, long seed, long budget, double target, TrainConfig ppoBase) {
    if (!LEARNERS.contains(learner)) {
      throw new IllegalArgumentException("unknown learner '" + learner + "' (known: " + String.join(", ", LEARNERS) + ")");
    }
    if (!ENVS.contains(env)) {
      throw new IllegalArgumentException("unknown env '" + env + "' (known: " + String.join(", ", ENVS) + ")");
    }
    quietRl4jLogs();
    // the same ND4J threading for every learner (TrainingLoop sets it too; RL4J would not)
    Backend.useThreads(ppoBase.nd4jThreads());
    StepTally tally = new StepTally(WINDOW, target);
    long began = System.nanoTime();
    switch (learner) {
      case "rl4j-dqn" -> dqn(mdp(env, seed, tally), seed, budget, tally);
      case "rl4j-a3c" -> a3c(mdp(env, seed, tally), seed, budget, tally);
      default -> ppo(env, seed, budget, tally, ppoBase);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    return result(learner, env, seed, seconds, tally);
  }

  private static Result result(String learner, String env, long seed, double seconds, StepTally tally) {
    return Result.builder().learner(learner).env(env).seed(seed).steps(tally.steps()).seconds(seconds)
        .stepsToTarget(tally.stepsToTarget()).stepsToSuccess(tally.stepsToSuccess()).meanReturn(tally.meanReturn()).episodes(tally.episodes()).build();
  }

  private static MDP<Box, Integer, DiscreteSpace> mdp(String env, long seed, StepTally tally) {
    MDP<Box, Integer, DiscreteSpace> inner = env.equals("CartPole-v1")
        ? new EnvMdp<>(CartPole::new, seed)
        : new CartpoleNative((int) seed);
    return new CountingMdp<>(inner, tally);
  }

  private static void dqn(MDP<Box, Integer, DiscreteSpace> mdp, long seed, long budget, StepTally tally) {
    QLearningConfiguration ql = QLearningConfiguration.builder()
        .seed(seed).maxEpochStep(EPISODE_CAP).maxStep(Math.toIntExact(budget)).expRepMaxSize(150_000).batchSize(32)
        .targetDqnUpdateFreq(500).updateStart(10).rewardFactor(0.01).gamma(0.99).errorClamp(1.0).minEpsilon(0.1)
        .epsilonNbStep(1000).doubleDQN(true).build();
    DQNDenseNetworkConfiguration net = DQNDenseNetworkConfiguration.builder()
        .updater(new Adam(1e-3)).numHiddenNodes(16).numLayers(3).build();
    QLearningDiscreteDense<Box> dqn = new QLearningDiscreteDense<>(mdp, net, ql);
    dqn.addListener(new StopAtTarget(tally));
    dqn.train();
    mdp.close();
  }

  private static void a3c(MDP<Box, Integer, DiscreteSpace> mdp, long seed, long budget, StepTally tally) {
    A3CLearningConfiguration conf = A3CLearningConfiguration.builder()
        .seed(seed).maxEpochStep(EPISODE_CAP).maxStep(Math.toIntExact(budget))
        .numThreads(Runtime.getRuntime().availableProcessors()).nStep(20).gamma(0.99).rewardFactor(0.01).build();
    ActorCriticDenseNetworkConfiguration net = ActorCriticDenseNetworkConfiguration.builder()
        .numLayers(3).numHiddenNodes(16).l2(0.001).updater(new Adam(1e-2)).useLSTM(false).build();
    A3CDiscreteDense<Box> a3c = new A3CDiscreteDense<>(mdp, net, conf);
    a3c.addListener(new StopAtTarget(tally));
    a3c.train();
    mdp.close();
  }

  private static void ppo(String env, long seed, long budget, StepTally tally, TrainConfig base) {
    Supplier<Env<?, Integer>> factory = env.equals("CartPole-v1")
        ? CartPole::new
        : () -> MdpEnv.seeded(env, s -> new CartpoleNative((int) s), EPISODE_CAP);
    train(base.withEnv(env).withSeed(seed).withTotalSteps(budget), factory, tally);
  }

  /**
   * A Curio training run of {@code cfg} until the rolling mean return over 20 episodes reaches
   * {@code target} or {@code cfg.totalSteps()} env steps have passed.
   */
  public static Result runCurio(String label, TrainConfig cfg, Supplier<Env<?, Integer>> factory, double target) {
    StepTally tally = new StepTally(WINDOW, target);
    long began = System.nanoTime();
    train(cfg, factory, tally);
    double seconds = (System.nanoTime() - began) / 1e9;
    return result(label, cfg.env(), cfg.seed(), seconds, tally);
  }

  private static void train(TrainConfig cfg, Supplier<Env<?, Integer>> factory, StepTally tally) {
    try (TrainingLoop loop = new TrainingLoop(cfg, factory)) {
      loop.addObserver(new RunObserver() {
        private long counted;

        @Override
        public void onEpisodeEnd(EpisodeEnd e) {
          tally.steps(e.globalStep() - counted);
          counted = e.globalStep();
          tally.episode(e.episodeReturn());
        }

        @Override
        public void onIteration(IterationReport r) {
          tally.steps(r.globalStep() - counted);
          counted = r.globalStep();
          if (tally.reached()) {
            r.control().stop("target reached");
          }
        }
      });
      loop.run();
    }
  }

  /** Lets RL4J's learners stop once the tally saw the target. */
  private record StopAtTarget(StepTally tally) implements TrainingListener {
    @Override
    public ListenerResponse onTrainingStart() {
      return ListenerResponse.CONTINUE;
    }

    @Override
    public void onTrainingEnd() {}

    @Override
    public ListenerResponse onNewEpoch(IEpochTrainer trainer) {
      return tally.reached() ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
    }

    @Override
    public ListenerResponse onEpochTrainingResult(IEpochTrainer trainer, IDataManager.StatEntry stat) {
      return tally.reached() ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
    }

    @Override
    public ListenerResponse onTrainingProgress(ILearning learning) {
      return tally.reached() ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
    }
  }

  /** RL4J logs every epoch at INFO; the bench prints its own rows. */
  private static void quietRl4jLogs() {
    System.setProperty("org.slf4j.simpleLogger.log.org.deeplearning4j.rl4j", "warn");
  }
}
