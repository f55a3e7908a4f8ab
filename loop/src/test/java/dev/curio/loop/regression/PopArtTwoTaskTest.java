package dev.curio.loop.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TasksConfig;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The short version of {@code curio bench popart}'s two-task case: one policy, two chains whose goals
 * lie at opposite ends (so the policy must read its task from the observation, and what one task
 * teaches the other is wrong), rewards of scale 1 and 1000. With PopArt both tasks' advantages reach
 * the policy in one unit and both are solved; with no normalisation the scale-1 task's advantages
 * are about a thousandth of the other's after the per-minibatch advantage normalisation, and the
 * policy often walks it the wrong way. Seeds 1-3: PopArt solves both tasks in at least 2 of 3
 * (k-of-n); without normalisation the scale-1 task's success, averaged over the second half of the
 * run and the seeds, stays at most 0.75 (an episode succeeds when it reaches its goal before the
 * time limit).
 */
class PopArtTwoTaskTest {
  private static final int LENGTH = 7;
  private static final int MAX_STEPS = 12;

  /** The chain with its goal at the left end: start in the right half, action 0 moves left. */
  static final class LeftChain extends AbstractEnv<float[], Integer> {
    private final EnvSpec<float[], Integer> spec =
        new EnvSpec<>("left-chain", new Box(0f, 1f, LENGTH), new Discrete(2), MAX_STEPS);
    private final boolean mirrored;
    private int cell;
    private int t;

    LeftChain(boolean mirrored) {
      this.mirrored = mirrored;
    }

    @Override
    public EnvSpec<float[], Integer> spec() {
      return mirrored ? spec : new EnvSpec<>("right-chain", new Box(0f, 1f, LENGTH), new Discrete(2), MAX_STEPS);
    }

    @Override
    protected Reset<float[]> onReset() {
      // starts in one of the 3 middle cells: 2-4 steps from the goal at either end
      cell = LENGTH / 2 - 1 + rng.nextInt(3);
      t = 0;
      return new Reset<>(observe(), Info.empty());
    }

    @Override
    protected Step<float[]> onStep(Integer action) {
      int towardGoal = mirrored ? 0 : 1;
      int goalCell = mirrored ? 0 : LENGTH - 1;
      int direction = (action == 1 ? 1 : -1);
      cell = Math.max(0, Math.min(LENGTH - 1, cell + direction));
      t++;
      boolean goal = cell == goalCell;
      return new Step<>(observe(), goal ? 1.0 : 0.0, goal, !goal && t >= MAX_STEPS, Info.empty());
    }

    private float[] observe() {
      float[] o = new float[LENGTH];
      o[cell] = 1f;
      return o;
    }
  }

  /**
   * Runs 30 iterations (7,680 steps) and returns {task 0's success at the end, task 1's at the end,
   * task 0's success averaged over iterations 16-30}: task 0 pays 1, task 1 pays 1000.
   */
  private static double[] run(String valueNorm, long seed) {
    PpoConfig ppo = PpoConfig.builder().learningRate(3e-3).annealLearningRate(false).epochs(4).minibatches(4)
        .entropyCoef(0.01).valueNorm(valueNorm).build();
    TrainConfig cfg = TrainConfig.builder().numEnvs(8).rolloutLength(32).totalSteps(8 * 32 * 30L).seed(seed)
        .gamma(0.9).returnWindow(20).checkpointEvery(0).ppo(ppo)
        .network(new NetworkConfig("mlp", List.of(32), "tanh", NetworkConfig.defaults().cnnChannels()))
        .tasks(TasksConfig.builder().ids(List.of("right-chain", "left-chain")).rewardScale(List.of(1.0, 1000.0)).build())
        .build();
    List<Supplier<? extends Env<?, ?>>> worlds = new ArrayList<>();
    worlds.add(() -> new LeftChain(false));
    worlds.add(() -> new LeftChain(true));
    double[] late = new double[2]; // sum, count
    try (TrainingLoop loop = TrainingLoop.multiTask(cfg, worlds)) {
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          if (r.iteration() > 15) {
            late[0] += r.taskSuccessRates()[0];
            late[1]++;
          }
        }
      });
      loop.run();
      double[] end = loop.taskSuccessRates();
      return new double[] {end[0], end[1], late[0] / late[1]};
    }
  }

  @Test
  void popArtSolvesBothTasksWhereUnnormalisedValuesStarveTheSmallScaleOne() {
    int popartBoth = 0;
    double noneLate = 0;
    StringBuilder seen = new StringBuilder();
    for (long seed = 1; seed <= 3; seed++) {
      double[] p = run("popart", seed);
      double[] n = run("none", seed);
      seen.append(String.format(java.util.Locale.ROOT, "seed %d: popart %.2f/%.2f (late %.2f), none %.2f/%.2f (late %.2f); ",
          seed, p[0], p[1], p[2], n[0], n[1], n[2]));
      if (p[0] >= 0.9 && p[1] >= 0.9) {
        popartBoth++;
      }
      noneLate += n[2] / 3;
    }
    System.out.println("PopArtTwoTaskTest: " + seen);
    assertTrue(popartBoth >= 2, "popart solved both tasks in " + popartBoth + " of 3 seeds: " + seen);
    // measured on the reference machine: the scale-1 task's late success without normalisation averaged 0.2-0.5 per
    // seed and swung between 0 and 1 from iteration to iteration; PopArt held 1.0 from iteration 15 in seeds 1-6
    assertTrue(noneLate <= 0.75, "without normalisation the scale-1 task's late success averaged " + noneLate + ": "
        + seen);
  }
}
