package dev.curio.agents.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.state.Snapshot;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ActorCriticTest {
  @Test
  void autoReadsGridsTooSmallForTheConvolutionsAsFlatVectors() {
    NetworkConfig auto = NetworkConfig.defaults();
    assertEquals("cnn", auto.resolveTorso(new int[] {7, 7, 3}));
    assertEquals("mlp", auto.resolveTorso(new int[] {3, 16, 5}), "maze:corridor's full view is 3 rows high");
    assertEquals("mlp", auto.resolveTorso(new int[] {48}));
    // and such a network builds and acts
    ActorCritic net = ActorCritic.create(auto, new int[] {3, 16, 5}, 4, 1, 1e-3, 1e-5, 1);
    assertEquals(4, net.forward(Nd4j.rand(DataType.FLOAT, 2, 3 * 16 * 5)).logits().columns());
    NetworkConfig cnn = new NetworkConfig("cnn", auto.hidden(), auto.activation(), auto.cnnChannels());
    dev.curio.core.config.ConfigException e = assertThrows(dev.curio.core.config.ConfigException.class,
        () -> cnn.resolveTorso(new int[] {3, 16, 5}));
    assertEquals("network.torso", e.key());
  }

  @Test
  void shapesForMlpAndCnn() {
    ActorCritic mlp = ActorCritic.create(NetworkConfig.defaults(), new int[] {4}, 2, 3, 1e-3, 1e-5, 1);
    ActorCritic.Output o = mlp.forward(Nd4j.rand(DataType.FLOAT, 5, 4));
    assertArrayEquals(new long[] {5, 2}, o.logits().shape());
    assertArrayEquals(new long[] {5, 3}, o.values().shape());
    ActorCritic cnn = ActorCritic.create(NetworkConfig.defaults(), new int[] {7, 7, 3}, 7, 1, 1e-3, 1e-5, 1);
    ActorCritic.Output c = cnn.forward(Nd4j.rand(DataType.FLOAT, 2, 147));
    assertArrayEquals(new long[] {2, 7}, c.logits().shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mlp.forward(Nd4j.rand(DataType.FLOAT, 2, 5)));
    assertTrue(e.getMessage().contains("[B, 4]"), e.getMessage());
  }

  @Test
  void initialPolicyIsNearUniform() {
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {10}, 4, 1, 1e-3, 1e-5, 3);
    INDArray logits = net.forward(Nd4j.rand(DataType.FLOAT, 16, 10)).logits();
    assertTrue(logits.amaxNumber().doubleValue() < 0.1, "policy head is scaled down at init");
  }

  @Test
  void rescaleValueHeadMapsOutputsAffinely() {
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {6}, 3, 2, 1e-3, 1e-5, 5);
    INDArray obs = Nd4j.rand(DataType.FLOAT, 4, 6);
    INDArray before = net.forward(obs).values().dup();
    net.rescaleValueHead(1, 2.0, 0.5);
    INDArray after = net.forward(obs).values();
    assertArrayEquals(before.getColumn(0).toFloatVector(), after.getColumn(0).toFloatVector(), 1e-6f);
    assertArrayEquals(before.getColumn(1).mul(2.0).add(0.5).toFloatVector(), after.getColumn(1).toFloatVector(), 1e-5f);
  }

  @Test
  void trainingStepMovesTowardsTheTargetsAndClipsTheGradient() {
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {3}, 2, 1, 1e-2, 1e-5, 9);
    // fixed "old values" would freeze a clipped value loss once v is 0.2 away from them: unclipped here
    net.configureLosses(0.2, 0.0, false, 0.5);
    INDArray obs = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}});
    INDArray pl = Nd4j.createFromArray(new float[][] {{0, 1, (float) Math.log(0.5)}, {1, 1, (float) Math.log(0.5)}});
    INDArray vl = Nd4j.createFromArray(new float[][] {{1, 0}, {-1, 0}});
    double first = 0;
    for (int i = 0; i < 200; i++) {
      ActorCritic.StepStats s = net.train(obs, pl, vl, 0.5);
      if (i == 0) {
        first = s.valueLoss();
        assertTrue(s.gradNorm() > 0);
      }
    }
    INDArray v = net.forward(obs).values();
    assertEquals(1.0, v.getDouble(0, 0), 0.1);
    assertEquals(-1.0, v.getDouble(1, 0), 0.1);
    assertTrue(first > 0.4);
    // positive advantage for action 0 in state 0 and action 1 in state 1: the policy follows
    INDArray logits = net.forward(obs).logits();
    assertTrue(logits.getDouble(0, 0) > logits.getDouble(0, 1));
    assertTrue(logits.getDouble(1, 1) > logits.getDouble(1, 0));
  }

  @Test
  void saveAndRestoreGiveTheSameNetworkAndOptimiser() {
    ActorCritic a = ActorCritic.create(NetworkConfig.defaults(), new int[] {3}, 2, 1, 1e-2, 1e-5, 9);
    ActorCritic b = ActorCritic.create(NetworkConfig.defaults(), new int[] {3}, 2, 1, 1e-2, 1e-5, 10);
    INDArray obs = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}});
    INDArray pl = Nd4j.createFromArray(new float[][] {{0, 1, -0.7f}, {1, -1, -0.7f}});
    INDArray vl = Nd4j.createFromArray(new float[][] {{1, 0}, {-1, 0}});
    a.train(obs, pl, vl, 0.5);
    Snapshot s = a.save();
    b.restore(s);
    a.train(obs, pl, vl, 0.5);
    b.train(obs, pl, vl, 0.5);
    assertArrayEquals(a.parameters(), b.parameters());
  }
}
