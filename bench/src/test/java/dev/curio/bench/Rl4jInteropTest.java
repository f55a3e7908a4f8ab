package dev.curio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.rl4j.EnvMdp;
import dev.curio.envs.rl4j.MdpEnv;
import dev.curio.envs.worlds.classic.CartPole;
import org.deeplearning4j.rl4j.learning.configuration.QLearningConfiguration;
import org.deeplearning4j.rl4j.learning.sync.qlearning.discrete.QLearningDiscreteDense;
import org.deeplearning4j.rl4j.mdp.CartpoleNative;
import org.deeplearning4j.rl4j.network.configuration.DQNDenseNetworkConfiguration;
import org.deeplearning4j.rl4j.space.Box;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/** RL4J 1.0.0-M1.1 (discontinued) against Curio, both ways, on DL4J M2.1. */
class Rl4jInteropTest {
  @Test
  void rl4jsDqnTrainsOnACurioWorld() {
    EnvMdp<float[]> mdp = new EnvMdp<>(CartPole::new, 7);
    QLearningConfiguration ql = QLearningConfiguration.builder()
        .seed(7L).maxEpochStep(500).maxStep(1500).expRepMaxSize(5000).batchSize(32).targetDqnUpdateFreq(100)
        .updateStart(50).rewardFactor(0.01).gamma(0.99).errorClamp(1.0).minEpsilon(0.1).epsilonNbStep(1000)
        .doubleDQN(true).build();
    DQNDenseNetworkConfiguration net = DQNDenseNetworkConfiguration.builder()
        .updater(new Adam(1e-3)).numHiddenNodes(16).numLayers(2).build();
    QLearningDiscreteDense<Box> dqn = new QLearningDiscreteDense<>(mdp, net, ql);
    dqn.train();
    assertTrue(dqn.getStepCount() >= 1500, "RL4J stepped the Curio env " + dqn.getStepCount() + " times");
    // its greedy policy plays a whole episode of Curio's CartPole through the adapter
    double played = dqn.getPolicy().play(new EnvMdp<>(CartPole::new, 8));
    assertTrue(played >= 1 && played <= 500, "episode return " + played);
  }

  @Test
  void rl4jsOwnCartpolePassesCurioContractSuite() {
    EnvChecker.check(() -> MdpEnv.seeded("rl4j:CartpoleNative", seed -> new CartpoleNative((int) seed), 0)).assertPassed();
    MdpEnv<Box> env = MdpEnv.seeded("rl4j:CartpoleNative", seed -> new CartpoleNative((int) seed), 0);
    assertEquals(4, env.spec().observationSpace().flatDim());
    assertEquals(2, ((dev.curio.core.space.Discrete) env.spec().actionSpace()).n());
  }
}
