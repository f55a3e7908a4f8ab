package dev.curio.testkit;

import static dev.curio.testkit.Claims.assertThat;
import static dev.curio.testkit.Claims.meanReturn;
import static dev.curio.testkit.Claims.steps;
import static dev.curio.testkit.Claims.successRate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.UpdateStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * The testkit on the {@code chain-10} test world (a 10-cell line; PPO walks it in a few thousand
 * steps), where claims decide in seconds.
 */
@ExtendWith(CurioTestkit.class)
class ClaimsTest {
  /** PPO sized for a tiny world: 4 envs x 32 steps per iteration, a larger step size. */
  private static final AgentSpec FAST = Agents.ppo().configured(c -> c.numEnvs(4).rolloutLength(32)
      .ppo(PpoConfig.builder().learningRate(2.5e-3).build()));

  @Test
  void aClaimThatHoldsReturnsItsVerdictAndWritesEachSeedsFiles() {
    Verdict v = assertThat(FAST).on("chain-10").solves(successRate(0.95)).within(steps(20_000))
        .inAtLeast(2).of(2).seeds();
    assertTrue(v.holds());
    assertEquals(2, v.agentSeeds().size());
    for (SeedResult r : v.agentSeeds()) {
      assertTrue(r.reached(), r.describe());
      assertTrue(r.reachedAt() > 0 && r.reachedAt() <= 20_000, r.describe());
      assertTrue(Files.exists(r.reportDir().resolve("metrics.csv")), r.describe());
      assertTrue(Files.exists(r.reportDir().resolve("curve.png")), r.describe());
      assertTrue(r.reportDir().toString().contains("ClaimsTest.aClaimThatHoldsReturnsItsVerdictAndWritesEachSeedsFiles"),
          "named after the test by the extension: " + r.reportDir());
    }
    assertTrue(v.summary().startsWith("holds: ppo reaches a success rate of 0.95 on chain-10 within 20,000 steps"),
        v.summary());
  }

  @Test
  void aFailingClaimSaysByHowMuchAndListsEverySeedWithItsFiles() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(FAST).on("chain-10")
        .solves(meanReturn(2)).within(steps(512)).inParallel(1).inAtLeast(2).of(3).seeds());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals("claim failed: ppo reaches a mean return of 2 on chain-10 within 512 steps in at least 2 of 3 seeds:"
        + " reached in 0 of 3 seeds, needed 2 (1 not needed: the claim was decided)", lines.get(0));
    assertEquals(4, lines.size(), e.getMessage());
    assertTrue(lines.get(1).startsWith("  ppo seed 1: missed after 512 steps (final "), lines.get(1));
    assertTrue(lines.get(2).startsWith("  ppo seed 2: missed after 512 steps"), lines.get(2));
    // two misses of three decide a 2-of-3 claim: the third seed never trains
    assertEquals("  ppo seed 3: not run, the claim being decided", lines.get(3));
    Path csv = Path.of(lines.get(1).substring(lines.get(1).indexOf("  ", 3) + 2, lines.get(1).indexOf(", curve.png")));
    assertTrue(Files.exists(csv), "the report names a file that exists: " + csv);
  }

  @Test
  void aComparisonNeedsTheAgentToPassAndTheRivalToFail() {
    // a policy that barely moves from its random start (one tiny update per iteration, cheap to run):
    // it reaches a success rate of 0.4-0.75 here, far from 0.95
    AgentSpec frozen = FAST.configured(c -> c.ppo(PpoConfig.builder().learningRate(1e-9).epochs(1).minibatches(1)
        .build())).named("frozen");
    Verdict v = assertThat(FAST).outperforms(frozen).on("chain-10").solves(successRate(0.95)).within(steps(4_096))
        .inAtLeast(2).of(2).seeds();
    assertTrue(v.holds(), v.report());
    assertEquals(2, v.rivalSeeds().size());
    assertTrue(v.rivalSeeds().stream().noneMatch(SeedResult::reached), v.report());

    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertThat(frozen).outperforms(FAST)
        .on("chain-10").solves(successRate(0.95)).within(steps(4_096)).inAtLeast(1).of(1).seeds());
    String verdict = e.getMessage().lines().findFirst().orElseThrow();
    assertTrue(verdict.contains("frozen reached it in 0 of 1 seeds, needed 1 (ppo not trained)"), e.getMessage());
  }

  @Test
  void yourOwnRewardModuleTrainsThroughTheSameClaim() {
    Verdict v = assertThat(FAST.withReward("echo", (obsShape, numActions, seed) -> new Echo()))
        .on("chain-10").solves(successRate(0.95)).within(steps(20_000)).inAtLeast(1).of(1).seeds();
    SeedResult r = v.agentSeeds().get(0);
    assertEquals("ppo+echo", r.agent());
    assertTrue(readHeader(r.reportDir().resolve("metrics.csv")).contains("echo_reward"));
  }

  @Test
  void mistakesInAClaimAreOneLineErrors() {
    Claim c = assertThat(FAST).on("chain-10").solves(successRate(0.9)).within(steps(1_000));
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> c.inAtLeast(6).of(5).seeds());
    assertEquals("inAtLeast(6).of(5): k must be between 1 and n", tooMany.getMessage());
    assertEquals("a step budget must be > 0, got 0",
        assertThrows(IllegalArgumentException.class, () -> steps(0)).getMessage());
    IllegalArgumentException reward = assertThrows(IllegalArgumentException.class,
        () -> Agents.ppo().withReward("rdn"));
    assertTrue(reward.getMessage().startsWith("unknown reward module 'rdn' (known: "), reward.getMessage());
    IllegalArgumentException world = assertThrows(IllegalArgumentException.class, () -> World.named("chain-11"));
    assertTrue(world.getMessage().contains("unknown env 'chain-11'"), world.getMessage());
    assertThrows(IllegalArgumentException.class, () -> successRate(1.5));
    IllegalArgumentException noTarget = assertThrows(IllegalArgumentException.class,
        () -> assertThat(FAST).on("chain-10").within(steps(10)).inAtLeast(1).of(1).seeds());
    assertTrue(noTarget.getMessage().startsWith("the claim needs a target"), noTarget.getMessage());
    for (IllegalArgumentException ex : List.of(tooMany, reward, world, noTarget)) {
      assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }
  }

  private static String readHeader(Path csv) {
    try {
      return Files.readAllLines(csv).get(0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An intrinsic reward of zero: what matters here is that a user's module plugs in. */
  private static final class Echo implements IntrinsicReward {
    private final RewardStream stream = new RewardStream("echo", 0.99, true, 1.0);

    @Override
    public RewardStream stream() {
      return stream;
    }

    @Override
    public INDArray compute(Trajectory rollout) {
      return rollout.rewards().mul(0);
    }

    @Override
    public UpdateStats update(Trajectory rollout) {
      return UpdateStats.of("calls", 1.0);
    }

    @Override
    public Snapshot state() {
      return new Snapshot();
    }

    @Override
    public void restore(Snapshot state) {}
  }
}
