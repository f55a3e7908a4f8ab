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
 * from the runs in docs/rewards.md (the trap: seeds 1-6 on two BLAS kernel families; MultiRoom: seeds
 * 1-3 pinned and 1-2 with the AVX-512 kernels).
 *
 * <ul>
 *   <li>The curiosity trap ({@link NoisyTvStudy#TRAP_ENV}, examples/noisy-tv-trap.yaml, 80k env
 *       steps): episodic curiosity spends no more of its steps beside the TV than a random policy in
 *       any seed, reaches the goal in nearly every late episode in most seeds, and on average at
 *       least as often as ICM and RND. Random-feature surprisal is drawn to the TV there in some
 *       seeds only (about one in three), so that part is reported by {@code curio bench noisy-tv}
 *       and not asserted.</li>
 *   <li>MultiRoom N2-S4 with a noisy TV ({@link NoisyTvStudy#ENV}, examples/noisy-tv.yaml, 30k
 *       steps): episodic curiosity presses no more than a random policy in any seed, reaches the goal
 *       in at least 10% of its late episodes on average, and at least as often as ICM and RND.</li>
 * </ul>
 */
class NoisyTvRegressionTest {
  private static final int PARALLEL = 2;

  @Test
  void episodicCuriosityPressesNoMoreThanRandomAndFindsTheGoalAtLeastAsOftenAsIcmAndRnd() {
    TrainConfig base = ConfigLoader.load(Path.of("..", "examples", "noisy-tv.yaml")).withTotalSteps(30_000);
    Results r = runAll(base, List.of("ppo+ec", "ppo+icm", "ppo+rnd", "random"), 1, 2);
    assertEpisodicCuriosityIgnoresTheTv(r);
    // a floor, so that agents that all fail cannot pass: EC's late success was 0.17-0.48 in seeds 1-3,
    // the random policy's 0.02-0.03
    assertTrue(r.meanSuccess("ppo+ec") >= 0.1, "EC should reach the goal in at least 10% of its late episodes: " + r);
    assertEpisodicCuriosityFindsTheGoalAtLeastAsOften(r);
  }

  @Test
  void inTheTrapEpisodicCuriosityIgnoresTheTvAndReachesTheGoalAtLeastAsOftenAsIcmAndRnd() {
    TrainConfig base = ConfigLoader.load(Path.of("..", "examples", "noisy-tv-trap.yaml"))
        .withEnv(NoisyTvStudy.TRAP_ENV).withTotalSteps(80_000);
    // two seeds: EC reached the goal in every late episode of every run measured (seeds 1-6, both kernel families)
    Results r = runAll(base, List.of("ppo+ec", "ppo+icm", "ppo+rnd", "random"), 1, 2);
    assertEpisodicCuriosityIgnoresTheTv(r);
    long solved = r.of("ppo+ec").stream().filter(x -> x.successRate() >= 0.9).count();
    assertTrue(solved == 2, "EC should reach the goal in at least 90% of its late episodes in seeds 1 and 2: " + r);
    assertEpisodicCuriosityFindsTheGoalAtLeastAsOften(r);
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

  /**
   * EC's success rate, averaged over the seeds, is at least ICM's and RND's, less 0.05: where all
   * three reach the goal in nearly every late episode, one time-out more or less is not a difference.
   */
  private static void assertEpisodicCuriosityFindsTheGoalAtLeastAsOften(Results r) {
    double ec = r.meanSuccess("ppo+ec") + 0.05;
    assertTrue(ec >= r.meanSuccess("ppo+icm") && ec >= r.meanSuccess("ppo+rnd"),
        "EC should reach the goal at least as often as ICM and RND, on average over the seeds: " + r);
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
