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
 * The noisy-TV comparison, scored on extrinsic reward ({@link NoisyTvStudy}, seed 1, two agents at a
 * time). Each case is seed 1 of a several-seed table in docs/rewards.md.
 *
 * <ul>
 *   <li>The curiosity trap ({@link NoisyTvStudy#TRAP_ENV}, config examples/noisy-tv-trap.yaml, 80k
 *       env steps per agent), the whole claim: random-feature surprisal spends clearly more of its
 *       steps beside the TV than a random policy, episodic curiosity no more, and episodic curiosity
 *       reaches the goal at least as often as ICM and RND.</li>
 *   <li>MultiRoom N2-S4 with a noisy TV ({@link NoisyTvStudy#ENV}, config examples/noisy-tv.yaml,
 *       30k steps): the episodic part only. There random-feature surprisal pressed clearly more in
 *       one seed of three, so that part does not hold in this world and is not asserted.</li>
 * </ul>
 */
class NoisyTvRegressionTest {
  private static final long STEPS = 30_000;
  private static final long TRAP_STEPS = 80_000;
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

  @Test
  void inTheTrapSurprisalIsDrawnToTheTvWhileEpisodicCuriosityIsNotAndFindsTheGoalAtLeastAsOftenAsIcmAndRnd() {
    TrainConfig base = ConfigLoader.load(Path.of("..", "examples", "noisy-tv-trap.yaml"))
        .withEnv(NoisyTvStudy.TRAP_ENV).withTotalSteps(TRAP_STEPS);
    Map<String, NoisyTvStudy.Result> r = runAll(base, List.of("ppo+icm", "ppo+rnd", "ppo+ec", "ppo+rfs", "random"));
    String all = r.values().toString();
    double random = r.get("random").pressShare();
    assertTrue(r.get("ppo+rfs").pressShare() >= 1.5 * random,
        "RFS should spend clearly more steps beside the TV than a random policy: " + all);
    assertTrue(r.get("ppo+ec").pressShare() <= random + 0.02,
        "EC should spend no more steps beside the TV than a random policy: " + all);
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
