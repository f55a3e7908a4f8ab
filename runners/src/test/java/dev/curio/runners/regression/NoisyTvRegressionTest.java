package dev.curio.runners.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.runners.bench.NoisyTvStudy;
import dev.curio.runners.io.ConfigLoader;
import dev.curio.runners.loop.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The noisy-TV comparison, scored on extrinsic reward ({@link NoisyTvStudy}, config
 * examples/noisy-tv.yaml, 30k env steps per agent, seed 1, two agents at a time): episodic curiosity
 * presses the TV no more than a random policy does (1/7 of its actions), and it reaches the goal at
 * least as often as ICM and RND at the same budget. This is seed 1 of the several-seed table in
 * docs/rewards.md.
 *
 * <p>Not asserted: that random-feature surprisal presses clearly more than episodic curiosity. In
 * this world and budget it did so in one seed of three (table in docs/rewards.md), so the claim
 * does not hold here and the test does not pretend it does.
 */
class NoisyTvRegressionTest {
  private static final long STEPS = 30_000;
  private static final long SEED = 1;
  private static final int PARALLEL = 2;

  @Test
  void episodicCuriosityPressesNoMoreThanRandomAndFindsTheGoalAtLeastAsOftenAsIcmAndRnd() {
    TrainConfig base = ConfigLoader.load(Path.of("..", "examples", "noisy-tv.yaml")).withTotalSteps(STEPS);
    Map<String, NoisyTvStudy.Result> r = runAll(base, List.of("ppo+ec", "ppo+icm", "ppo+rnd", "random"));
    String all = r.values().toString();
    double random = r.get("random").pressShare();
    double ec = r.get("ppo+ec").pressShare();
    assertTrue(ec <= random + 0.02, "EC should press the TV no more than a random policy does: " + all);
    double success = r.get("ppo+ec").successRate();
    assertTrue(success >= r.get("ppo+icm").successRate() && success >= r.get("ppo+rnd").successRate(),
        "EC should reach the goal at least as often as ICM and RND: " + all);
  }

  private static Map<String, NoisyTvStudy.Result> runAll(TrainConfig base, List<String> agents) {
    List<Callable<NoisyTvStudy.Result>> runs = new ArrayList<>();
    for (String a : agents) {
      runs.add(() -> NoisyTvStudy.run(a, base, SEED));
    }
    Map<String, NoisyTvStudy.Result> out = new HashMap<>();
    for (NoisyTvStudy.Result res : SeedSweep.parallel(PARALLEL, runs)) {
      System.out.println("noisy-tv " + res);
      out.put(res.agent(), res);
    }
    return out;
  }
}
