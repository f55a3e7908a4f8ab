package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.Learner;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.PolicyParameters;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.envs.wrappers.Wrapper;
import dev.curio.loop.io.Checkpointer;
import dev.curio.loop.io.MetricsCsv;
import dev.curio.loop.io.RunSummary;
import dev.curio.loop.io.SummaryWriter;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.UpdateStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A NaN or infinite reward (the env's or a module's), loss or parameter stops the run in one line
 * that names the iteration, the stream or learner and the quantity, before the checkpointer sees the
 * iteration, so the checkpoint of the iteration before is kept; {@code nonFinite: skip} skips the
 * update instead, counts it in metrics.csv and goes on.
 */
class NonFiniteTest {
  /** 2 envs x 16 steps = 32 steps per iteration; 6 iterations. */
  private static TrainConfig config(String nonFinite) {
    return TrainConfig.builder().env("chain-10").numEnvs(2).rolloutLength(16).totalSteps(6 * 32).seed(5)
        .returnWindow(4).checkpointEvery(1).nonFinite(nonFinite)
        .rewards(RewardsConfig.builder().normalize(false).build()).build();
  }

  @TempDir
  Path tmp;

  /** A module whose rewards are 0, except {@code value} at {@code [step, env]} in its {@code badCompute}-th compute. */
  private static final class Flaky implements IntrinsicReward {
    private final int badCompute;
    private final int step;
    private final int env;
    private final float value;
    private int computes;
    private int updates;

    Flaky(int badCompute, int step, int env, float value) {
      this.badCompute = badCompute;
      this.step = step;
      this.env = env;
      this.value = value;
    }

    @Override
    public RewardStream stream() {
      return new RewardStream("flaky", 0.99, false, 0.5);
    }

    @Override
    public INDArray compute(Trajectory t) {
      INDArray r = Nd4j.zeros(t.rewards().dataType(), t.steps(), t.envs());
      if (++computes == badCompute) {
        r.putScalar(step, env, value);
      }
      return r;
    }

    @Override
    public UpdateStats update(Trajectory t) {
      updates++;
      return UpdateStats.of("updates", (double) updates);
    }

    @Override
    public Snapshot state() {
      return new Snapshot().putLong("computes", computes).putLong("updates", updates);
    }

    @Override
    public void restore(Snapshot s) {
      computes = (int) s.getLong("computes");
      updates = (int) s.getLong("updates");
    }
  }

  /**
   * The config's PPO, but its {@code badLearn}-th learn reports a NaN value loss or, with {@code nanParameters},
   * leaves an infinite parameter behind finite statistics.
   */
  private static final class BreakingLearner extends ForwardingLearner {
    private final int badLearn;
    private final boolean nanParameters;
    private int learns;

    BreakingLearner(Learner inner, int badLearn, boolean nanParameters) {
      super(inner);
      this.badLearn = badLearn;
      this.nanParameters = nanParameters;
    }

    @Override
    public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
      LearnerStats s = inner.learn(trajectory, streams);
      if (++learns != badLearn) {
        return s;
      }
      if (!nanParameters) {
        return s.toBuilder().valueLoss(Double.NaN).build();
      }
      PolicyParameters p = policy().parameters();
      INDArray flat = p.flat().dup();
      flat.putScalar(7, Float.NEGATIVE_INFINITY);
      policy().load(new PolicyParameters(p.version(), flat));
      return s; // statistics measured before the step that broke the parameters: finite
    }
  }

  /** Chain-10 whose env {@code badEnv} (in the order the loop makes them) returns {@code value} at its step {@code badStep}. */
  private static Supplier<Env<?, ?>> chain(int badEnv, int badStep, double value) {
    int[] made = {0};
    return () -> {
      Env<float[], Integer> chain = new ChainEnv(10, 30);
      if (made[0]++ != badEnv) {
        return chain;
      }
      return new Wrapper<>(chain) {
        private int steps;

        @Override
        public Step<float[]> step(Integer action) {
          Step<float[]> s = env.step(action);
          return steps++ == badStep ? s.withReward(value) : s;
        }
      };
    };
  }

  private static Supplier<Env<?, ?>> chain() {
    return chain(-1, 0, 0);
  }

  /** What the observers of a run wrote, and the learner's state after each iteration. */
  private final Map<Integer, Snapshot> learnerAfter = new HashMap<>();

  private Path checkpoint() {
    return tmp.resolve("checkpoint.bin");
  }

  private TrainingLoop observed(TrainingLoop loop) {
    loop.addObserver(new MetricsCsv(tmp.resolve("metrics.csv")));
    loop.addObserver(Checkpointer.forLoop(loop, checkpoint()));
    loop.addObserver(new SummaryWriter(tmp.resolve("summary.json")));
    loop.addObserver(new RunObserver() {
      @Override
      public void onIteration(IterationReport r) {
        learnerAfter.put(r.iteration(), loop.learner().save());
      }
    });
    return loop;
  }

  /** The run stopped in {@code iteration} with {@code message}; the checkpoint and summary say so. */
  private void assertStopped(TrainingLoop loop, int iteration, String message) throws Exception {
    NonFiniteException e = assertThrows(NonFiniteException.class, loop::run);
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    assertEquals(iteration, e.iteration());

    if (iteration == 1) {
      assertFalse(Files.exists(checkpoint()), "no iteration completed: there is nothing to keep");
    } else {
      Snapshot kept = Checkpointer.read(checkpoint());
      assertEquals(iteration - 1, kept.child("loop").getLong("iteration"), "the checkpoint of the iteration before");
      assertArrayEquals(learnerAfter.get(iteration - 1).child("network").child("parameters").floats("values"),
          kept.child("learner").child("network").child("parameters").floats("values"), "its parameters, not the bad ones");
    }
    RunSummary summary = RunSummary.read(tmp.resolve("summary.json"));
    assertEquals("nonfinite", summary.status());
    assertEquals(message, summary.failure());
    assertEquals(iteration - 1, summary.iterations());
    assertEquals(iteration, Files.readAllLines(tmp.resolve("metrics.csv")).size(),
        "the header and a row for every iteration before, none for the bad one");
  }

  @Test
  void aModuleReturningNaNStopsTheRunAndKeepsThePreviousCheckpoint() throws Exception {
    RewardFactory flaky = (shape, actions, seed) -> new Flaky(3, 2, 1, Float.NaN);
    try (TrainingLoop loop = observed(new TrainingLoop(config("stop"), chain(), List.of(flaky)))) {
      assertStopped(loop, 3, "iteration 3: the flaky stream's intrinsic reward is NaN at step 2 of env 1");
    }
  }

  @Test
  void anEnvReturningAnInfiniteRewardStopsTheRunAndKeepsThePreviousCheckpoint() throws Exception {
    // env 1's step 40 is step 8 of the third iteration (16 steps per env per iteration)
    try (TrainingLoop loop = observed(new TrainingLoop(config("stop"), chain(1, 40, Double.POSITIVE_INFINITY)))) {
      assertStopped(loop, 3, "iteration 3: the extrinsic reward from chain-10 is Infinity at step 8 of env 1");
    }
  }

  @Test
  void anEnvRewardBeyondAFloatsRangeStopsTheRunToo() throws Exception {
    try (TrainingLoop loop = observed(new TrainingLoop(config("stop"), chain(0, 3, 1e39)))) {
      assertStopped(loop, 1, "iteration 1: the extrinsic reward from chain-10 is 1.0E39 (beyond a 32-bit float's"
          + " range) at step 3 of env 0");
    }
  }

  @Test
  void aLearnerWithANonFiniteLossStopsTheRunAndKeepsThePreviousCheckpoint() throws Exception {
    TrainConfig cfg = config("stop");
    try (TrainingLoop loop = observed(new TrainingLoop(cfg, chain(), List.of(),
        spec -> new BreakingLearner(cfg.learner().create(spec), 4, false)))) {
      assertStopped(loop, 4, "iteration 4: the learner's value loss is NaN");
    }
  }

  @Test
  void aLearnerThatLeavesAnInfiniteParameterStopsTheRunBeforeItIsCheckpointed() throws Exception {
    TrainConfig cfg = config("stop");
    try (TrainingLoop loop = observed(new TrainingLoop(cfg, chain(), List.of(),
        spec -> new BreakingLearner(cfg.learner().create(spec), 2, true)))) {
      int params = (int) loop.policy().parameters().flat().length();
      assertStopped(loop, 2, "iteration 2: the policy's parameter 7 (of " + params + ") is -Infinity after learning");
    }
  }

  @Test
  void skipDiscardsTheUpdatesCountsThemAndGoesOn() throws Exception {
    TrainConfig cfg = config("skip");
    Flaky[] module = new Flaky[1];
    RewardFactory flaky = (shape, actions, seed) -> module[0] = new Flaky(2, 0, 0, Float.POSITIVE_INFINITY);
    List<IterationReport> reports = new ArrayList<>();
    // env 1's step 52 is step 4 of the fourth iteration
    try (TrainingLoop loop = observed(new TrainingLoop(cfg, chain(1, 52, Double.NaN), List.of(flaky),
        spec -> new BreakingLearner(cfg.learner().create(spec), 2, false)))) {
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          reports.add(r);
        }
      });
      RunEnd end = loop.run();
      assertFalse(end.failed());
      assertEquals(6, end.iterations(), "the run went on to its budget");
      // iteration 2: the module's rewards (no learn); 3: the learner's second learn (undone); 4: the env's reward
      assertEquals(List.of("iteration 2: the flaky stream's intrinsic reward is Infinity at step 0 of env 0"),
          reports.get(1).nonFinite());
      assertEquals(List.of("iteration 3: the learner's value loss is NaN"), reports.get(2).nonFinite());
      assertEquals(List.of("iteration 4: the extrinsic reward from chain-10 is NaN at step 4 of env 1"),
          reports.get(3).nonFinite());
      assertEquals(3, loop.policy().version(), "six iterations, three learner updates kept (1, 5, 6)");
      assertEquals(5, module[0].updates, "the module did not train on the rewards it got wrong");
      for (int i = 2; i <= 4; i++) {
        assertArrayEquals(learnerAfter.get(1).child("network").child("parameters").floats("values"),
            learnerAfter.get(i).child("network").child("parameters").floats("values"), "iteration " + i + " left the learner as it was");
      }
      assertTrue(reports.subList(3, 6).stream().allMatch(r -> Double.isFinite(r.meanReturn())),
          "the episode with a NaN reward stays out of the rolling mean");
    }
    List<String> lines = Files.readAllLines(tmp.resolve("metrics.csv"));
    assertTrue(lines.get(0).endsWith("," + MetricsCsv.NONFINITE_SKIPPED), lines.get(0));
    double[][] skipped = MetricsCsv.read(tmp.resolve("metrics.csv"), MetricsCsv.NONFINITE_SKIPPED, "policy_loss");
    double[] column = new double[skipped.length];
    for (int i = 0; i < skipped.length; i++) {
      column[i] = skipped[i][0];
    }
    assertArrayEquals(new double[] {0, 1, 1, 1, 0, 0}, column);
    assertTrue(Double.isNaN(skipped[1][1]), "nothing was measured in an iteration the learner skipped");
    RunSummary summary = RunSummary.read(tmp.resolve("summary.json"));
    assertEquals("completed", summary.status());
    assertEquals(3, summary.nonFiniteSkipped());
    assertEquals("iteration 4: the extrinsic reward from chain-10 is NaN at step 4 of env 1", summary.lastNonFinite());
  }

  @Test
  void nonFiniteIsStopOrSkip() {
    assertEquals("stop", TrainConfig.defaults().nonFinite());
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfig.builder().nonFinite("ignore").build());
    assertEquals("nonFinite", e.key());
    assertTrue(e.getMessage().contains("must be stop or skip, got 'ignore'"), e.getMessage());
  }

  @Test
  void theCheckSumsOnceAndScansOnlyWhenTheSumIsNotFinite() {
    assertEquals(-1, NonFiniteGuard.firstNonFinite(Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}})));
    assertEquals(3, NonFiniteGuard.firstNonFinite(Nd4j.createFromArray(new float[][] {{1, 2}, {3, Float.NaN}})));
    assertEquals(1, NonFiniteGuard.firstNonFinite(Nd4j.createFromArray(new float[] {1, Float.NEGATIVE_INFINITY, 2})));
    float big = Float.MAX_VALUE;
    assertEquals(-1, NonFiniteGuard.firstNonFinite(Nd4j.createFromArray(new float[] {big, big, big})),
        "a sum that overflows on finite elements passes");
  }
}
