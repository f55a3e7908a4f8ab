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
   * One agent on one seed.
   *
   * @param steps env steps the agent took (a pre-trained comparator's random walks not counted)
   * @param pressShare TV presses per step over the last quarter of the steps
   * @param pressShareAll TV presses per step over the whole run
   * @param successRate share of the episodes ending in the last quarter that reached the goal
   * @param meanReturn mean extrinsic return of those episodes
   * @param episodes how many episodes ended in the last quarter
   */
  public record Result(String agent, long seed, long steps, double pressShare, double pressShareAll,
                       double successRate, double meanReturn, int episodes) {}

  private NoisyTvStudy() {}

  /** Runs one agent on one seed in the world {@code base.env()} (one of {@link #WORLDS}). */
  public static Result run(String agent, TrainConfig base, long seed) {
    if (!AGENTS.contains(agent)) {
      throw new IllegalArgumentException("unknown agent '" + agent + "' (known: " + String.join(", ", AGENTS) + ")");
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
      List<String> modules = agent.equals("ppo") ? List.of() : List.of(agent.substring("ppo+".length()));
      TrainConfig cfg = base.withSeed(seed).withRewards(base.rewards().withModules(modules));
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
    return new Result(agent, seed, agentSteps, (double) pressesLate / Math.max(1, stepsLate),
        (double) (tally.flagged() - walkPresses) / Math.max(1, agentSteps),
        window.episodes == 0 ? 0 : (double) window.successes / window.episodes,
        window.episodes == 0 ? 0 : window.returns / window.episodes, window.episodes);
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
