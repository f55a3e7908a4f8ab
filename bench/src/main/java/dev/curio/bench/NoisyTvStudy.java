package dev.curio.bench;

import dev.curio.core.Info;
import dev.curio.core.Rng;
import dev.curio.core.space.Discrete;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.worlds.maze.MazeEnv;
import dev.curio.envs.worlds.minigrid.MultiRoomNoisyTvEnv;
import dev.curio.envs.wrappers.CountInfoFlag;
import dev.curio.loop.EncoderConfig;
import dev.curio.loop.EpisodeEnd;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.Objects;

/**
 * The noisy-TV measurement: how often an agent presses the TV (MiniGrid's {@code drop}, which
 * recolours a ball; RIDE's MultiRoomNoisyTV) while it trains, and how often it reaches the goal.
 * Prediction-based curiosity is expected to press more than a random policy (1/7 of its actions);
 * an agent that ignores the TV presses less. Episodic curiosity should not fall for it: a recoloured
 * ball is one step from the observation before it, so it is never novel for long.
 *
 * <p>A second world, {@code maze:noisy-tv-pos}, is Burda et al.'s noisy TV as such: a screen that
 * shows fresh noise while the agent stands beside it (docs/envs/mazes.md). There the share counts
 * the steps spent beside the TV. The third, {@code maze:sparse-maze-tv-pos}, puts such a TV on the
 * way out of the start of a maze whose goal takes exploring to find (a curiosity trap).
 *
 * <p>Each agent trains {@code steps} env steps per seed from the same base config with a different
 * {@code rewards.modules}; {@code random} is a uniform random policy stepped without learning. The
 * figures are taken over the last quarter of the steps, when the agent's habits have formed, and
 * over the whole run.
 */
public final class NoisyTvStudy {
  /** The study's default world: RIDE's MultiRoomNoisyTV. */
  public static final String ENV = "MiniGrid-MultiRoomNoisyTV-N2-S4-v0";
  /** The maze world: a screen of noise, watched from the four cells beside it. */
  public static final String MAZE_ENV = "maze:noisy-tv-pos";
  /** The curiosity trap: the sparse maze with a TV watched from two cells of the only way out of the start. */
  public static final String TRAP_ENV = "maze:sparse-maze-tv-pos";
  /** The worlds the study knows, in the order help and errors list them, with the info flag that marks a TV step. */
  public static final Map<String, Info.Key<Boolean>> WORLDS = worlds();

  private static Map<String, Info.Key<Boolean>> worlds() {
    Map<String, Info.Key<Boolean>> w = new LinkedHashMap<>();
    w.put(ENV, MultiRoomNoisyTvEnv.TV_PRESS);
    w.put(MAZE_ENV, MazeEnv.WATCHING_TV);
    w.put(TRAP_ENV, MazeEnv.WATCHING_TV);
    w.put(EXO_ENV, MazeEnv.WATCHING_TV);
    return Collections.unmodifiableMap(w);
  }

  /** The worlds' ids, comma-separated, for messages. */
  public static String worldList() {
    return String.join(", ", WORLDS.keySet());
  }

  /**
   * The agents compared: a random policy, plain PPO, PPO with each prediction-based module and PPO
   * with episodic curiosity (reachability, not prediction).
   */
  public static final List<String> AGENTS = List.of("random", "ppo", "ppo+rfs", "ppo+icm", "ppo+rnd", "ppo+ec");

  /**
   * The AC-State comparison of issue 25 (docs/ac-state.md), chosen with {@code --agents}: the count bonus on raw
   * observations, and RND, random-feature surprisal and the count bonus reading an AC-State encoder
   * ({@code @ac-state}: {@code encoder.kind ac-state} with the base config's {@code encoder.acState.*}).
   */
  public static final List<String> ENCODED_AGENTS = List.of("ppo+count", "ppo+rnd@ac-state", "ppo+rfs@ac-state",
      "ppo+count@ac-state");

  /** Other modules the study runs when {@code --agents} names them: NovelD and the ensemble's disagreement. */
  public static final List<String> MORE_AGENTS = List.of("ppo+noveld", "ppo+disagreement");

  /** Every agent {@link #run} knows. */
  public static final List<String> KNOWN = concat(concat(AGENTS, ENCODED_AGENTS), MORE_AGENTS);

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** The exogenous-noise maze of AC-State: the agent's maze beside 8 mazes of random walkers (no TV: share 0). */
  public static final String EXO_ENV = "maze:exo-small-maze-k8-pos";

  /**
   * One agent on one seed.
   *
   * <p>Made with {@link #builder()}, every field by name; none is positional.
   */
  public static final class Result {
    private final String agent;
    private final long seed;
    /** Env steps the agent took (a pre-trained comparator's random walks not counted). */
    private final long steps;
    /** TV presses per step over the last quarter of the steps. */
    private final double pressShare;
    /** TV presses per step over the whole run. */
    private final double pressShareAll;
    /** Share of the episodes ending in the last quarter that reached the goal. */
    private final double successRate;
    /** Mean extrinsic return of those episodes. */
    private final double meanReturn;
    /** How many episodes ended in the last quarter. */
    private final int episodes;

    private Result(Builder b) {
      this.agent = b.agent;
      this.seed = b.seed;
      this.steps = b.steps;
      this.pressShare = b.pressShare;
      this.pressShareAll = b.pressShareAll;
      this.successRate = b.successRate;
      this.meanReturn = b.meanReturn;
      this.episodes = b.episodes;
    }


    public String agent() {
      return agent;
    }

    public long seed() {
      return seed;
    }

    public long steps() {
      return steps;
    }

    public double pressShare() {
      return pressShare;
    }

    public double pressShareAll() {
      return pressShareAll;
    }

    public double successRate() {
      return successRate;
    }

    public double meanReturn() {
      return meanReturn;
    }

    public int episodes() {
      return episodes;
    }

    /** A builder with every field unset (0, false or null). */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
      Builder b = new Builder();
      b.agent = agent;
      b.seed = seed;
      b.steps = steps;
      b.pressShare = pressShare;
      b.pressShareAll = pressShareAll;
      b.successRate = successRate;
      b.meanReturn = meanReturn;
      b.episodes = episodes;
      return b;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Result o
          && Objects.equals(agent, o.agent)
          && seed == o.seed
          && steps == o.steps
          && Double.compare(pressShare, o.pressShare) == 0
          && Double.compare(pressShareAll, o.pressShareAll) == 0
          && Double.compare(successRate, o.successRate) == 0
          && Double.compare(meanReturn, o.meanReturn) == 0
          && episodes == o.episodes;
    }

    @Override
    public int hashCode() {
      return Objects.hash(agent, seed, steps, pressShare, pressShareAll, successRate, meanReturn, episodes);
    }

    @Override
    public String toString() {
      return "Result[agent=" + agent
          + ", seed=" + seed
          + ", steps=" + steps
          + ", pressShare=" + pressShare
          + ", pressShareAll=" + pressShareAll
          + ", successRate=" + successRate
          + ", meanReturn=" + meanReturn
          + ", episodes=" + episodes
          + "]";
    }

    /** Fields by name. */
    public static final class Builder {
      private String agent;
      private long seed;
      private long steps;
      private double pressShare;
      private double pressShareAll;
      private double successRate;
      private double meanReturn;
      private int episodes;

      private Builder() {}

      public Builder agent(String agent) {
        this.agent = agent;
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

      public Builder pressShare(double pressShare) {
        this.pressShare = pressShare;
        return this;
      }

      public Builder pressShareAll(double pressShareAll) {
        this.pressShareAll = pressShareAll;
        return this;
      }

      public Builder successRate(double successRate) {
        this.successRate = successRate;
        return this;
      }

      public Builder meanReturn(double meanReturn) {
        this.meanReturn = meanReturn;
        return this;
      }

      public Builder episodes(int episodes) {
        this.episodes = episodes;
        return this;
      }

      public Result build() {
        return new Result(this);
      }
    }
  }

  private NoisyTvStudy() {}

  private static final String ENCODED = "@ac-state";

  /** Runs one agent on one seed in the world {@code base.env()} (one of {@link #WORLDS}). */
  public static Result run(String agent, TrainConfig base, long seed) {
    if (!KNOWN.contains(agent)) {
      throw new IllegalArgumentException("unknown agent '" + agent + "' (known: " + String.join(", ", KNOWN) + ")");
    }
    String world = base.env();
    Info.Key<Boolean> flag = WORLDS.get(world);
    if (flag == null) {
      throw new IllegalArgumentException("unknown noisy-TV world '" + world + "' (known: " + worldList() + ")");
    }
    CountInfoFlag.Tally tally = new CountInfoFlag.Tally();
    @SuppressWarnings("unchecked")
    Supplier<Env<?, Integer>> factory = () -> new CountInfoFlag<>((Env<Object, Integer>) EnvRegistry.make(world),
        flag, tally);
    long steps = base.totalSteps();
    long lastQuarter = steps - steps / 4;
    Window window = new Window(lastQuarter);
    // a pre-trained comparator's random walks run in the same world before training: not the agent's steps
    long walkPresses = 0;
    long walkSteps = 0;
    if (agent.equals("random")) {
      randomPolicy(factory, seed, steps, window, tally);
    } else {
      boolean encoded = agent.endsWith(ENCODED);
      String name = encoded ? agent.substring(0, agent.length() - ENCODED.length()) : agent;
      List<String> modules = name.equals("ppo") ? List.of() : List.of(name.substring("ppo+".length()));
      TrainConfig cfg = base.withSeed(seed).withRewards(base.rewards().withModules(modules));
      if (encoded) {
        cfg = cfg.toBuilder().encoder(base.encoder().toBuilder().kind(EncoderConfig.AC_STATE).modules(List.of())
            .build()).build();
      }
      try (TrainingLoop loop = new TrainingLoop(cfg, factory)) {
        walkPresses = tally.flagged();
        walkSteps = tally.steps();
        loop.addObserver(new RunObserver() {
          @Override
          public void onEpisodeEnd(EpisodeEnd e) {
            window.episode(e.globalStep(), e.episodeReturn());
          }

          @Override
          public void onIteration(IterationReport r) {
            window.at(r.globalStep(), tally);
          }
        });
        loop.run();
      }
    }
    long pressesLate = tally.flagged() - window.pressesAtStart;
    long stepsLate = tally.steps() - window.stepsAtStart;
    long agentSteps = tally.steps() - walkSteps;
    return Result.builder().agent(agent).seed(seed).steps(agentSteps)
        .pressShare((double) pressesLate / Math.max(1, stepsLate))
        .pressShareAll((double) (tally.flagged() - walkPresses) / Math.max(1, agentSteps))
        .successRate(window.episodes == 0 ? 0 : (double) window.successes / window.episodes)
        .meanReturn(window.episodes == 0 ? 0 : window.returns / window.episodes).episodes(window.episodes).build();
  }

  /** Every agent on every seed, reporting each result as it comes. */
  public static List<Result> runAll(List<String> agents, TrainConfig base, List<Long> seeds, Consumer<Result> onResult) {
    List<Result> all = new ArrayList<>();
    for (String agent : agents) {
      for (long seed : seeds) {
        Result r = run(agent, base, seed);
        all.add(r);
        onResult.accept(r);
      }
    }
    return all;
  }

  private static void randomPolicy(Supplier<Env<?, Integer>> factory, long seed, long steps, Window window,
                                   CountInfoFlag.Tally tally) {
    Rng rng = new Rng(seed);
    try (Env<?, Integer> env = factory.get()) {
      int n = ((Discrete) env.spec().actionSpace()).n();
      env.reset(rng.nextLong());
      double ret = 0;
      for (long t = 1; t <= steps; t++) {
        Step<?> s = env.step(rng.nextInt(n));
        ret += s.reward();
        if (s.done()) {
          window.episode(t, ret);
          ret = 0;
          env.reset(rng.nextLong());
        }
        window.at(t, tally);
      }
    }
  }

  /** What happened after {@code from} steps: counters at its start, and the episodes that ended in it. */
  private static final class Window {
    final long from;
    boolean started;
    long pressesAtStart;
    long stepsAtStart;
    int episodes;
    int successes;
    double returns;

    Window(long from) {
      this.from = from;
    }

    void at(long step, CountInfoFlag.Tally tally) {
      if (!started && step >= from) {
        started = true;
        pressesAtStart = tally.flagged();
        stepsAtStart = tally.steps();
      }
    }

    void episode(long step, double ret) {
      if (step > from) {
        episodes++;
        returns += ret;
        if (ret > 0) {
          successes++;
        }
      }
    }
  }
}
