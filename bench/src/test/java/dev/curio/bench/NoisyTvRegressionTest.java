package dev.curio.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.regression.SeedSweep;
import dev.curio.loop.io.ConfigLoader;
import dev.curio.loop.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The noisy-TV comparison over several seeds, scored on extrinsic reward and on the share of late
 * steps spent beside the TV ({@link NoisyTvStudy}: the last quarter of each run). Every agent runs
 * on the same seeds; each claim is asserted on every seed or as a mean over them, with a margin taken
 * from the runs in docs/rewards.md (seeds 1-6 of the trap and 1-3 of MultiRoom, each on two BLAS
 * kernel families).
 *
 * <ul>
 *   <li>MultiRoom N2-S4 with a noisy TV ({@link NoisyTvStudy#ENV}, examples/noisy-tv.yaml, 30k
 *       steps): the agents differ. Episodic curiosity presses no more than a random policy in any
 *       seed, ICM presses clearly more than EC, and EC reaches the goal in at least 10% of its late
 *       episodes on average, clearly more often than ICM and RND.</li>
 *   <li>The curiosity trap ({@link NoisyTvStudy#TRAP_ENV}, examples/noisy-tv-trap.yaml, 40k env
 *       steps): episodic curiosity spends no more of its steps beside the TV than a random policy in
 *       any seed and reaches the goal in nearly every late episode. At this budget ICM and RND
 *       reach it in every late episode in some seeds only, and random-feature surprisal is drawn to
 *       the TV in some seeds only (5 of 12 runs at 80k), so those are reported by {@code curio bench
 *       noisy-tv} and not asserted.</li>
 * </ul>
 */
class NoisyTvRegressionTest {
  private static final int PARALLEL = 2;

  @Test
  void episodicCuriosityPressesNoMoreThanRandomIcmPressesMoreAndEcFindsTheGoalMoreOftenThanIcmAndRnd() {
    TrainConfig base = ConfigLoader.load(Path.of("..", "examples", "noisy-tv.yaml")).withTotalSteps(30_000);
    Results r = runAll(base, List.of("ppo+ec", "ppo+icm", "ppo+rnd", "random"), 1, 2);
    assertEpisodicCuriosityIgnoresTheTv(r);
    // the agents differ, not only one of them is low. Seeds 1-2 on both kernel families: ICM's mean
    // late share beside the TV 0.215 / 0.239 against EC's 0.079 / 0.063; EC's mean success 0.41 / 0.46
    // against ICM's 0.00 and RND's 0.01
    assertTrue(r.meanPressShare("ppo+icm") >= r.meanPressShare("ppo+ec") + 0.05,
        "ICM should spend at least 0.05 more of its late steps beside the TV than EC, on average over the seeds: " + r);
    assertTrue(r.meanSuccess("ppo+ec") >= 0.1, "EC should reach the goal in at least 10% of its late episodes: " + r);
    for (String other : List.of("ppo+icm", "ppo+rnd")) {
      assertTrue(r.meanSuccess("ppo+ec") >= r.meanSuccess(other) + 0.1,
          "EC should reach the goal in at least 0.1 more of its late episodes than " + other
              + ", on average over the seeds: " + r);
    }
  }

  @Test
  void inTheTrapEpisodicCuriosityIgnoresTheTvAndReachesTheGoal() {
    TrainConfig base = ConfigLoader.load(Path.of("..", "examples", "noisy-tv-trap.yaml"))
        .withEnv(NoisyTvStudy.TRAP_ENV).withTotalSteps(40_000);
    // 2 of seeds 1-3: at 40k EC reached the goal in every late episode of seeds 1-6 on both kernel
    // families until 2026-12-06; after that evening's changes to the float rounding (fused acting,
    // shared log-softmax) in 6 of 6 with the pinned kernels and 10 of 12 (seeds 1-12) with SkylakeX's,
    // seeds 2 and 5 missing (seed 2 reached it by 80k, seed 5 did not): one seed in three may miss
    Results r = runAll(base, List.of("ppo+ec", "random"), 1, 2, 3);
    assertEpisodicCuriosityIgnoresTheTv(r);
    long solved = r.of("ppo+ec").stream().filter(x -> x.successRate() >= 0.9).count();
    assertTrue(solved >= 2, "EC should reach the goal in at least 90% of its late episodes in 2 of seeds 1-3: " + r);
  }

  /** In every seed, EC's late share beside the TV is at most the random policy's (same seed) + 0.02. */
  private static void assertEpisodicCuriosityIgnoresTheTv(Results r) {
    List<NoisyTvStudy.Result> ec = r.of("ppo+ec");
    List<NoisyTvStudy.Result> random = r.of("random");
    for (int i = 0; i < ec.size(); i++) {
      assertTrue(ec.get(i).pressShare() <= random.get(i).pressShare() + 0.02,
          "EC should spend no more steps beside the TV than a random policy, seed " + ec.get(i).seed() + ": " + r);
    }
  }

  /** Every agent on every seed, two runs at a time. */
  private static Results runAll(TrainConfig base, List<String> agents, long... seeds) {
    List<Callable<NoisyTvStudy.Result>> runs = new ArrayList<>();
    for (String a : agents) {
      for (long seed : seeds) {
        runs.add(() -> NoisyTvStudy.run(a, base, seed));
      }
    }
    Map<String, List<NoisyTvStudy.Result>> byAgent = new TreeMap<>();
    for (NoisyTvStudy.Result res : SeedSweep.parallel(PARALLEL, runs)) {
      System.out.println("noisy-tv " + base.env() + " " + res);
      byAgent.computeIfAbsent(res.agent(), a -> new ArrayList<>()).add(res);
    }
    return new Results(byAgent);
  }

  /** Results per agent, each list in seed order. */
  private record Results(Map<String, List<NoisyTvStudy.Result>> byAgent) {
    List<NoisyTvStudy.Result> of(String agent) {
      return byAgent.get(agent);
    }

    double meanSuccess(String agent) {
      return of(agent).stream().mapToDouble(NoisyTvStudy.Result::successRate).average().orElseThrow();
    }

    double meanPressShare(String agent) {
      return of(agent).stream().mapToDouble(NoisyTvStudy.Result::pressShare).average().orElseThrow();
    }

    @Override
    public String toString() {
      return byAgent.entrySet().stream()
          .map(e -> "\n  " + e.getKey() + ": " + e.getValue().stream()
              .map(x -> String.format("seed %d beside-TV %.3f success %.3f", x.seed(), x.pressShare(), x.successRate()))
              .collect(Collectors.joining("; ")))
          .collect(Collectors.joining());
    }
  }
}
