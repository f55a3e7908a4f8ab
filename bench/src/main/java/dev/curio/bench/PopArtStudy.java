package dev.curio.bench;

import dev.curio.envs.Env;
import dev.curio.loop.EpisodeEnd;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TasksConfig;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What PopArt buys, measured two ways (docs/popart.md).
 *
 * <ol>
 *   <li>The binary-regression toy ({@link PopArtToy}): plain SGD at each of {@link #TOY_SGD_RATES}
 *       against PopArt at {@link #TOY_POPART_RATE} and {@link #TOY_POPART_BETA}, the median RMSE
 *       after the first rare target.
 *   <li>Two tasks sharing one PPO policy, rewards of scale 1 and 1000: each {@code ppo.valueNorm}
 *       ({@code popart}, {@code shared}, {@code none}) on the same worlds and seeds; the success rate
 *       of each task at the end and the step at which each first reached {@link #SOLVED}.
 * </ol>
 */
public final class PopArtStudy {
  /** Plain SGD's step sizes on the toy; the best of them is the one compared. */
  public static final double[] TOY_SGD_RATES = {1e-6, 3e-6, 1e-5, 3e-5};
  /** PopArt's SGD step size on the toy (on normalised targets). */
  public static final double TOY_POPART_RATE = 3e-3;
  /** PopArt's step size per sample on the toy. */
  public static final double TOY_POPART_BETA = 3e-2;
  /** Samples per toy run by default. */
  public static final int TOY_SAMPLES = 5000;
  /** A rare target every this many samples. */
  public static final int TOY_RARE_EVERY = 1000;
  /** The toy's RMSE is measured every this many samples. */
  public static final int TOY_EVERY = 100;

  /** The two-task cases, one per {@code ppo.valueNorm}. */
  public static final List<String> CASES = List.of("popart", "shared", "none");
  /** The first default task, a hard world at reward scale 1. */
  public static final String HARD_TASK = "MiniGrid-DoorKey-5x5-v0";
  /** The second default task, an easy world at reward scale 1000. */
  public static final String EASY_TASK = "MiniGrid-Empty-5x5-v0";
  /** The default tasks: a hard world at reward scale 1 beside an easy one at 1000. */
  public static final List<String> TASKS = List.of(HARD_TASK, EASY_TASK);
  /** The default reward scales of {@link #TASKS}. */
  public static final List<Double> SCALES = List.of(1.0, 1000.0);
  /** A task counts as solved at this success rate over the return window. */
  public static final double SOLVED = 0.9;

  private PopArtStudy() {}

  /** The toy's runs of one seed: SGD at every rate, then PopArt. */
  public static List<PopArtToy.Result> toy(long seed, int samples) {
    List<PopArtToy.Result> out = new ArrayList<>();
    for (double lr : TOY_SGD_RATES) {
      out.add(PopArtToy.run(new PopArtToy.Settings("sgd", samples, lr, TOY_POPART_BETA, TOY_RARE_EVERY, TOY_EVERY,
          seed)));
    }
    out.add(PopArtToy.run(new PopArtToy.Settings("popart", samples, TOY_POPART_RATE, TOY_POPART_BETA, TOY_RARE_EVERY,
        TOY_EVERY, seed)));
    return out;
  }

  /**
   * One two-task run.
   *
   * @param valueNorm the case: {@code ppo.valueNorm}
   * @param success per task, the success rate over the last window at the end
   * @param meanReturn per task, the mean return (world units) over the last window at the end
   * @param solvedAt per task, the env step at which its success rate over a full window of
   *     {@code returnWindow} episodes first reached {@link #SOLVED} (-1: never)
   */
  public record TwoTaskResult(String valueNorm, long seed, long steps, double[] success, double[] meanReturn,
                              long[] solvedAt, double seconds) {
    /** Whether every task reached {@link #SOLVED} at some point. */
    public boolean allSolved() {
      return Arrays.stream(solvedAt).allMatch(s -> s >= 0);
    }
  }

  /**
   * Trains one policy on {@code base}'s tasks with {@code ppo.valueNorm = valueNorm} and the seed.
   *
   * @param base a multi-task config ({@code tasks.ids} of two or more worlds)
   * @param factories one world factory per task, in {@code tasks.ids} order
   */
  public static TwoTaskResult twoTask(TrainConfig base, List<? extends Supplier<? extends Env<?, ?>>> factories,
                                      String valueNorm, long seed) {
    TasksConfig tasks = base.tasks();
    if (!tasks.multiTask()) {
      throw new IllegalArgumentException("the two-task study needs tasks.ids of two or more worlds");
    }
    TrainConfig cfg = base.toBuilder().seed(seed).ppo(base.ppo().toBuilder().valueNorm(valueNorm).build()).build();
    int k = tasks.count();
    long[] solvedAt = new long[k];
    Arrays.fill(solvedAt, -1);
    long[] episodes = new long[k];
    long began = System.nanoTime();
    try (TrainingLoop loop = TrainingLoop.multiTask(cfg, factories)) {
      int[] columnTasks = loop.columnTasks();
      loop.addObserver(new RunObserver() {
        @Override
        public void onEpisodeEnd(EpisodeEnd e) {
          episodes[columnTasks[e.envIndex()]]++;
        }

        @Override
        public void onIteration(IterationReport r) {
          double[] s = r.taskSuccessRates();
          for (int j = 0; j < k; j++) {
            // a success rate counts once the task's window is full (returnWindow episodes)
            if (solvedAt[j] < 0 && episodes[j] >= cfg.returnWindow() && s[j] >= SOLVED) {
              solvedAt[j] = r.globalStep();
            }
          }
        }
      });
      loop.run();
      return new TwoTaskResult(valueNorm, seed, loop.globalStep(), loop.taskSuccessRates(), loop.taskMeanReturns(),
          solvedAt, (System.nanoTime() - began) / 1e9);
    }
  }

  /** Every case on every seed, case-major; {@code onResult} sees each as it ends. */
  public static List<TwoTaskResult> twoTaskAll(TrainConfig base, List<? extends Supplier<? extends Env<?, ?>>> factories,
                                               List<String> cases, List<Long> seeds, Consumer<TwoTaskResult> onResult) {
    List<TwoTaskResult> out = new ArrayList<>();
    for (String c : cases) {
      for (long seed : seeds) {
        TwoTaskResult r = twoTask(base, factories, c, seed);
        onResult.accept(r);
        out.add(r);
      }
    }
    return out;
  }
}
