package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.LearnerStats;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiAgentSpec;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import dev.curio.envs.worlds.classic.CartPole;
import dev.curio.envs.worlds.social.Harvest;
import dev.curio.envs.worlds.social.HarvestConfig;
import dev.curio.envs.worlds.social.Rendezvous;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A multi-agent run's trajectory carries which agents each agent saw, as the world reported it. */
class VisibilityLoopTest {
  /** Episodes of 20 joint steps, so 32-step rollouts end episodes mid-rollout and checkpoint mid-episode. */
  private static final int T = 20;
  private static final int ROLLOUT = 32;
  private static final int COPIES = 2;
  /** View radius 2; the spawn points are three columns apart, so the agents start out of each other's view. */
  private static final HarvestConfig HARVEST = HarvestConfig.builder(2).layout(String.join("\n",
      "@@@@@@@@@@",
      "@   P  P @",
      "@        @",
      "@        @",
      "@@@@@@@@@@")).viewRadius(2).maxEpisodeSteps(T).freezeSteps(3).build();

  /**
   * A Harvest that records, at every step, the visibility it last reported (with the reset or the
   * previous step): the visibility of the observations the agents act on at that step.
   */
  private static final class Watched implements MultiAgentEnv<float[]> {
    final Harvest world = new Harvest(HARVEST);
    final List<boolean[]> actedOn = new ArrayList<>();
    boolean[] last;

    @Override
    public MultiAgentSpec<float[]> spec() {
      return world.spec();
    }

    @Override
    public boolean reportsFrozen() {
      return world.reportsFrozen();
    }

    @Override
    public boolean reportsVisibility() {
      return world.reportsVisibility();
    }

    @Override
    public MultiReset<float[]> reset(long seed) {
      MultiReset<float[]> r = world.reset(seed);
      last = r.info().require(VISIBLE);
      return r;
    }

    @Override
    public MultiStep<float[]> step(int[] actions) {
      actedOn.add(last);
      MultiStep<float[]> s = world.step(actions);
      last = s.info().require(VISIBLE);
      return s;
    }
  }

  private static TrainConfig config(String env) {
    return TrainConfig.builder().env(env).numEnvs(COPIES).rolloutLength(ROLLOUT).totalSteps(COPIES * ROLLOUT * 3)
        .seed(3).checkpointEvery(0).ppo(PpoConfig.builder().learningRate(1e-3).epochs(1).minibatches(2).build())
        .build();
  }

  /** A loop over {@code factory}'s world whose learner adds every trajectory it learns from to {@code seen}. */
  private static TrainingLoop watching(TrainConfig cfg, Supplier<? extends MultiAgentEnv<?>> factory,
                                       List<Trajectory> seen, boolean toResume) {
    return TrainingLoop.multiAgent(cfg, factory, List.of(), spec -> new ForwardingLearner(cfg.learner().create(spec)) {
      @Override
      public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
        seen.add(trajectory);
        return super.learn(trajectory, streams);
      }
    }, toResume);
  }

  @Test
  void aHarvestTrajectoryCarriesTheVisibilityTheWorldReported() {
    List<Watched> copies = new ArrayList<>();
    Supplier<MultiAgentEnv<?>> factory = () -> {
      Watched w = new Watched();
      copies.add(w);
      return w;
    };
    List<Trajectory> seen = new ArrayList<>();
    try (TrainingLoop loop = watching(config("social:harvest-2"), factory, seen, false)) {
      for (int i = 0; i < 3; i++) {
        loop.iterate();
      }
    }
    assertEquals(COPIES, copies.size());
    int window = 2 * HARVEST.viewRadius() + 1;
    int[] offDiagonal = new int[2];
    for (int it = 0; it < seen.size(); it++) {
      Trajectory tr = seen.get(it);
      checkShape(tr);
      float[] v = Host.floats(tr.visibility().orElseThrow());
      float[] obs = Host.floats(tr.observations());
      int obsDim = tr.obsDim();
      for (int t = 0; t < ROLLOUT; t++) {
        for (int e = 0; e < COPIES; e++) {
          boolean[] reported = copies.get(e).actedOn.get(it * ROLLOUT + t);
          for (int k = 0; k < 2; k++) {
            int c = e * 2 + k;
            for (int j = 0; j < 2; j++) {
              float got = v[(t * COPIES * 2 + c) * 2 + j];
              assertEquals(reported[k * 2 + j] ? 1f : 0f, got,
                  "iteration " + (it + 1) + ", step " + t + ", column " + c + ", agent " + j);
            }
            // with two agents, the other one is visible exactly when k's view square draws an agent
            int drawn = 0;
            for (int cell = 0; cell < window * window; cell++) {
              int at = (t * COPIES * 2 + c) * obsDim + cell * Harvest.CHANNELS;
              drawn += (int) (obs[at + Harvest.AGENT] + obs[at + Harvest.FROZEN_AGENT]);
            }
            float other = v[(t * COPIES * 2 + c) * 2 + (1 - k)];
            assertEquals(drawn > 0 ? 1f : 0f, other, "observations[" + t + ", " + c + "] of iteration " + (it + 1));
            offDiagonal[(int) other]++;
          }
        }
      }
    }
    assertTrue(offDiagonal[0] > 0 && offDiagonal[1] > 0,
        "the run should see the agents both in and out of each other's view: " + offDiagonal[0] + " out, "
            + offDiagonal[1] + " in");
  }

  private static void checkShape(Trajectory tr) {
    assertArrayEquals(new long[] {ROLLOUT, COPIES * 2, 2}, tr.visibility().orElseThrow().shape(), "[T, N, M]");
  }

  @Test
  void aWorldThatDoesNotReportVisibilityGivesAllOnes() {
    List<Trajectory> seen = new ArrayList<>();
    try (TrainingLoop loop = watching(config("social:rendezvous-7"), Rendezvous::new, seen, false)) {
      loop.iterate();
    }
    Trajectory tr = seen.get(0);
    checkShape(tr);
    for (float x : Host.floats(tr.visibility().orElseThrow())) {
      assertEquals(1f, x);
    }
  }

  @Test
  void aSingleAgentRunHasNoVisibility() {
    TrainConfig cfg = TrainConfig.builder().env("CartPole-v1").numEnvs(2).rolloutLength(16).totalSteps(32).seed(1)
        .checkpointEvery(0).ppo(PpoConfig.builder().epochs(1).minibatches(1).build()).build();
    List<Trajectory> seen = new ArrayList<>();
    try (TrainingLoop loop = new TrainingLoop(cfg, CartPole::new, List.of(), spec -> new ForwardingLearner(
        cfg.learner().create(spec)) {
      @Override
      public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
        seen.add(trajectory);
        return super.learn(trajectory, streams);
      }
    })) {
      loop.iterate();
    }
    assertTrue(seen.get(0).visibility().isEmpty());
  }

  /** Restored mid-episode (64 joint steps: 4 into the fourth episode), the next rollout sees what an unbroken one sees. */
  @Test
  void aResumedRunRecordsTheSameVisibility() throws IOException {
    TrainConfig cfg = config("social:harvest-2");
    Supplier<MultiAgentEnv<?>> harvest = () -> new Harvest(HARVEST);
    List<Trajectory> unbroken = new ArrayList<>();
    try (TrainingLoop loop = watching(cfg, harvest, unbroken, false)) {
      for (int i = 0; i < 3; i++) {
        loop.iterate();
      }
    }
    byte[] checkpoint;
    try (TrainingLoop first = watching(cfg, harvest, new ArrayList<>(), false)) {
      first.iterate();
      first.iterate();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      first.save().write(new DataOutputStream(bytes));
      checkpoint = bytes.toByteArray();
    }
    List<Trajectory> resumed = new ArrayList<>();
    try (TrainingLoop second = watching(cfg, harvest, resumed, true)) {
      second.restore(Snapshot.read(new DataInputStream(new ByteArrayInputStream(checkpoint))));
      second.iterate();
    }
    assertArrayEquals(Host.floats(unbroken.get(2).visibility().orElseThrow()),
        Host.floats(resumed.get(0).visibility().orElseThrow()));
    assertArrayEquals(Host.floats(unbroken.get(2).observations()), Host.floats(resumed.get(0).observations()));
  }
}
