package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.config.ConfigException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.worlds.classic.MountainCarContinuous;
import dev.curio.rewards.EcConfig;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.RewardModules;
import dev.curio.rewards.StepBatch;
import dev.curio.rewards.UpdateStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reward modules in a world whose actions are a {@code Box}: those that score observations alone (rnd,
 * noveld, count, ec) train beside the Gaussian policy; those that read actions are refused in one line
 * naming {@code rewards.modules}.
 */
class BoxActionRewardsTest {
  private static final String ENV = "MountainCarContinuous-v0";

  private static TrainConfig.Builder small(String... modules) {
    return TrainConfig.builder().env(ENV).numEnvs(2).rolloutLength(32).totalSteps(10_000).seed(4).checkpointEvery(0)
        .ppo(PpoConfig.builder().epochs(1).minibatches(2).build())
        .rewards(RewardsConfig.builder().modules(List.of(modules)).build());
  }

  @Test
  void observationOnlyModulesTrainBesideAGaussianPolicy() {
    try (TrainingLoop loop = new TrainingLoop(small("rnd", "noveld", "count", "ec").build(),
        MountainCarContinuous::new)) {
      IterationReport r = null;
      for (int i = 0; i < 3; i++) {
        r = loop.iterate();
      }
      for (IntrinsicReward m : loop.rewards().modules()) {
        assertFalse(m.readsActions(), m.stream().name());
      }
      UpdateStats stats = r.rewardStats();
      assertTrue(stats.get("rnd.loss_predictor") > 0, stats.toString());
      assertTrue(stats.get("noveld.loss_predictor") > 0, stats.toString());
      assertTrue(stats.get("count.distinct_states") > 1, "continuous states hardly repeat: " + stats);
      assertTrue(Double.isFinite(stats.get("ec.return_std")), stats.toString());
      assertEquals(3 * 2 * 32, loop.globalStep());
    }
  }

  @Test
  void modulesThatReadActionsAreRefusedInOneLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new TrainingLoop(small("rnd", "icm", "rfs").build(), MountainCarContinuous::new).close());
    assertEquals("rewards.modules: icm, rfs read Discrete actions, but env MountainCarContinuous-v0 has"
        + " Box(-1.0, 1.0, shape=[1]); of the modules rnd, noveld, count and ec score observations alone and work"
        + " with it", e.getMessage());
    ConfigException pre = assertThrows(ConfigException.class, () -> new TrainingLoop(small("ec")
        .rewards(RewardsConfig.builder().modules(List.of("ec")).ec(EcConfig.builder().pretrained(true).build())
            .build()).build(), () -> EnvRegistry.make(ENV)).close());
    assertTrue(pre.getMessage().startsWith("rewards.ec.pretrained: pre-training walks take uniformly random Discrete"),
        pre.getMessage());
  }

  /** A custom module says whether it reads actions; one that does is refused, one that does not sees [N, D] floats. */
  @Test
  void customModulesAnswerReadsActions() {
    ConfigException e = assertThrows(ConfigException.class, () -> new TrainingLoop(small().build(),
        MountainCarContinuous::new, List.of((shape, actions, seed) -> new Probe(true, new ArrayList<>()))).close());
    assertEquals("rewards.modules: custom reward module 'probe' reads Discrete actions"
        + " (IntrinsicReward.readsActions), but this run's actions are not Discrete; override readsActions() to"
        + " return false if it scores observations alone", e.getMessage());
    List<long[]> shapes = new ArrayList<>();
    int[] built = new int[1];
    try (TrainingLoop loop = new TrainingLoop(small().build(), MountainCarContinuous::new,
        List.of((shape, actions, seed) -> {
          built[0] = actions;
          return new Probe(false, shapes);
        }))) {
      loop.iterate();
    }
    assertEquals(0, built[0], "numActions 0: not a Discrete action space");
    assertEquals(32, shapes.size(), "one step batch per step");
    assertEquals(List.of(2L, 1L), List.of(shapes.get(0)[0], shapes.get(0)[1]), "[N, D] throttles");
  }

  @Test
  void theNameListAgreesWithTheModules() {
    for (String name : RewardModules.NAMES.stream().filter(n -> !n.equals("influence")).toList()) {
      IntrinsicReward m = RewardModules.create(name, null, new int[] {4}, 3, 1);
      assertEquals(RewardModules.readsActions(name), m.readsActions(), name);
    }
    assertTrue(RewardModules.readsActions("influence"));
  }

  /** Zero rewards; records the shape of every step batch's actions. */
  private static final class Probe implements IntrinsicReward {
    private final boolean reads;
    private final List<long[]> shapes;

    Probe(boolean reads, List<long[]> shapes) {
      this.reads = reads;
      this.shapes = shapes;
    }

    @Override
    public boolean readsActions() {
      return reads;
    }

    @Override
    public RewardStream stream() {
      return new RewardStream("probe", 0.99, true, 0.1);
    }

    @Override
    public void observe(StepBatch step) {
      shapes.add(step.actions().shape());
    }

    @Override
    public INDArray compute(Trajectory t) {
      return Nd4j.zeros(t.rewards().dataType(), t.steps(), t.envs());
    }

    @Override
    public UpdateStats update(Trajectory t) {
      return UpdateStats.EMPTY;
    }

    @Override
    public Snapshot state() {
      return new Snapshot();
    }

    @Override
    public void restore(Snapshot s) {}
  }
}
