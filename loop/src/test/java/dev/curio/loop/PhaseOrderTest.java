package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.Learner;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyParameters;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.worlds.classic.CartPole;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.UpdateStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The loop's phases run in one order, collect, compute, learn, update, and nothing may change the
 * policy between collecting and learning.
 */
class PhaseOrderTest {
  private static TrainConfig config() {
    TrainConfig d = TrainConfig.defaults();
    return TrainConfig.builder().env("CartPole-v1").numEnvs(2).rolloutLength(16).totalSteps(10_000).seed(3)
        .returnWindow(5).checkpointEvery(0).ppo(d.ppo()).network(d.network()).build();
  }

  /** A module that logs its calls and lets a test act inside its compute. */
  private static final class Recording implements IntrinsicReward {
    private final List<String> log;
    private final Consumer<Trajectory> duringCompute;

    Recording(List<String> log, Consumer<Trajectory> duringCompute) {
      this.log = log;
      this.duringCompute = duringCompute;
    }

    @Override
    public RewardStream stream() {
      return new RewardStream("recording", 0.99, true, 0.1);
    }

    @Override
    public INDArray compute(Trajectory t) {
      log.add("compute");
      duringCompute.accept(t);
      return Nd4j.zeros(t.rewards().dataType(), t.steps(), t.envs());
    }

    @Override
    public UpdateStats update(Trajectory t) {
      log.add("update");
      return UpdateStats.EMPTY;
    }

    @Override
    public Snapshot state() {
      return new Snapshot();
    }

    @Override
    public void restore(Snapshot s) {}
  }

  /** Wraps the config's learner and logs its learn calls. */
  private static final class LoggingLearner extends ForwardingLearner {
    private final List<String> log;

    LoggingLearner(Learner inner, List<String> log) {
      super(inner);
      this.log = log;
    }

    @Override
    public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
      log.add("learn");
      return inner.learn(trajectory, streams);
    }
  }

  @Test
  void computeThenLearnThenUpdateEveryIteration() {
    List<String> log = new ArrayList<>();
    TrainConfig cfg = config();
    RewardFactory module = (shape, actions, seed) -> new Recording(log, t -> {});
    try (TrainingLoop loop = new TrainingLoop(cfg, CartPole::new, List.of(module),
        spec -> new LoggingLearner(cfg.learner().create(spec), log))) {
      loop.iterate();
      loop.iterate();
      assertEquals(List.of("compute", "learn", "update", "compute", "learn", "update"), log);
      assertEquals(2, loop.policy().version(), "one version per learn");
    }
  }

  @Test
  void aModuleThatChangesThePolicyInComputeStopsTheIteration() {
    TrainConfig cfg = config();
    Policy[] policy = new Policy[1];
    RewardFactory meddler = (shape, actions, seed) -> new Recording(new ArrayList<>(), t -> {
      // e.g. a shared encoder trained in compute: the log-probabilities the learner would use are stale
      PolicyParameters p = policy[0].parameters();
      policy[0].load(new PolicyParameters(p.version(), p.flat().mul(1.01)));
    });
    try (TrainingLoop loop = new TrainingLoop(cfg, CartPole::new, List.of(meddler))) {
      policy[0] = loop.policy();
      IllegalStateException e = assertThrows(IllegalStateException.class, loop::iterate);
      assertTrue(e.getMessage().contains("changed between collection and learning"), e.getMessage());
      assertTrue(e.getMessage().contains("recording"), "names the modules: " + e.getMessage());
      assertEquals(0, loop.policy().version(), "nothing learned from the stale trajectory");
    }
  }
}
