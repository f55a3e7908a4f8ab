package dev.curio.core.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Golden layouts of one agent's columns (2 agents x 3 envs), and the way back. */
class AgentColumnsTest {
  /** Rows {@code env * 2 + agent}: row r holds 10 r and 10 r + 1, so each value says where it came from. */
  private static INDArray rows() {
    return Nd4j.create(new float[] {0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51}, new long[] {6, 2}, DataType.FLOAT);
  }

  @Test
  void selectsEveryAgentsRowsInEnvOrderAlongAxis0() {
    INDArray x = rows();
    assertArrayEquals(new float[] {0, 1, 20, 21, 40, 41}, Host.floats(AgentColumns.select(x, 0, 0, 2)));
    assertArrayEquals(new float[] {10, 11, 30, 31, 50, 51}, Host.floats(AgentColumns.select(x, 0, 1, 2)));
    assertArrayEquals(new long[] {3, 2}, AgentColumns.select(x, 0, 1, 2).shape());
  }

  @Test
  void selectsColumnsOfATimeMajorArrayAlongAxis1() {
    // [T=2, N=6, D=2]: element [t, c, d] = 100 t + 10 c + d
    float[] data = new float[2 * 6 * 2];
    for (int t = 0; t < 2; t++) {
      for (int c = 0; c < 6; c++) {
        for (int d = 0; d < 2; d++) {
          data[(t * 6 + c) * 2 + d] = 100 * t + 10 * c + d;
        }
      }
    }
    INDArray a = Nd4j.create(data, new long[] {2, 6, 2}, DataType.FLOAT);
    INDArray agent1 = AgentColumns.select(a, 1, 1, 2);
    assertArrayEquals(new long[] {2, 3, 2}, agent1.shape());
    assertArrayEquals(new float[] {10, 11, 30, 31, 50, 51, 110, 111, 130, 131, 150, 151}, Host.floats(agent1));
    INDArray tn = Nd4j.create(new float[] {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15}, new long[] {2, 6}, DataType.FLOAT);
    assertArrayEquals(new float[] {0, 2, 4, 10, 12, 14}, Host.floats(AgentColumns.select(tn, 1, 0, 2)));
  }

  @Test
  void interleaveUndoesSelect() {
    INDArray x = rows();
    INDArray back = AgentColumns.interleave(List.of(AgentColumns.select(x, 0, 0, 2), AgentColumns.select(x, 0, 1, 2)), 0);
    assertEquals(x, back);
    INDArray a = Nd4j.rand(DataType.FLOAT, 4, 9, 3);
    INDArray b = AgentColumns.interleave(List.of(AgentColumns.select(a, 1, 0, 3), AgentColumns.select(a, 1, 1, 3),
        AgentColumns.select(a, 1, 2, 3)), 1);
    assertEquals(a, b);
  }

  @Test
  void selectCopiesAndOneAgentIsTheWholeArray() {
    INDArray x = rows();
    INDArray own = AgentColumns.select(x, 0, 0, 1);
    assertEquals(x, own);
    own.putScalar(0, 0, -1);
    assertEquals(0f, x.getFloat(0, 0), "select returns a copy");
  }

  @Test
  void shapesThatDoNotSplitAreRefusedInOneLine() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 5, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentColumns.select(x, 0, 0, 2));
    assertEquals("axis 0 of [5, 2] has 5 entries, not a whole number of envs of 2 agents", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AgentColumns.select(x, 0, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> AgentColumns.select(x, 2, 0, 1));
    IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
        () -> AgentColumns.interleave(List.of(Nd4j.zeros(DataType.FLOAT, 3, 2), Nd4j.zeros(DataType.FLOAT, 2, 2)), 0));
    assertFalse(mixed.getMessage().contains("\n"));
    assertTrue(mixed.getMessage().startsWith("agent 1's part is FLOAT [2, 2]"), mixed.getMessage());
  }

  @Test
  void aTrajectorysAgentHasItsOwnColumnsVersionsAndTasks() {
    int t = 2;
    int n = 6;
    float[] cols = new float[t * n];
    long[] versions = new long[t * n];
    for (int i = 0; i < t * n; i++) {
      cols[i] = i; // [t, c] = 6 t + c
      versions[i] = 100 + i;
    }
    INDArray tn = Nd4j.create(cols, new long[] {t, n}, DataType.FLOAT);
    INDArray obs = Nd4j.create(cols, new long[] {t, n, 1}, DataType.FLOAT);
    INDArray vis = Nd4j.ones(DataType.FLOAT, t, n, 2);
    Trajectory whole = Trajectory.builder(1).observations(obs).nextObservations(obs.add(50)).actions(tn).rewards(tn.mul(2))
        .terminated(Nd4j.zeros(DataType.FLOAT, t, n)).truncated(Nd4j.zeros(DataType.FLOAT, t, n)).logProbs(tn.neg())
        .policyParams(Nd4j.create(cols, new long[] {t, n, 1}, DataType.FLOAT))
        .values(Nd4j.create(cols, new long[] {t, n, 1}, DataType.FLOAT)).visibility(vis).versions(versions)
        .taskIds(new int[] {0, 1, 2, 3, 4, 5}).agents(2).build();
    Trajectory one = whole.forAgent(1);
    assertEquals(1, one.numAgents());
    assertEquals(3, one.envs());
    assertEquals(t, one.steps());
    float[] golden = {1, 3, 5, 7, 9, 11};
    assertArrayEquals(golden, Host.floats(one.observations()));
    assertArrayEquals(new float[] {51, 53, 55, 57, 59, 61}, Host.floats(one.nextObservations()));
    assertArrayEquals(golden, Host.floats(one.actions()));
    assertArrayEquals(new float[] {2, 6, 10, 14, 18, 22}, Host.floats(one.rewards()));
    assertArrayEquals(new float[] {-1, -3, -5, -7, -9, -11}, Host.floats(one.logProbs()));
    assertArrayEquals(golden, Host.floats(one.policyParams().orElseThrow()));
    assertArrayEquals(golden, Host.floats(one.values().orElseThrow()));
    assertEquals(107, one.version(1, 0));
    assertEquals(101, one.version(0, 0));
    assertEquals(111, one.version(1, 2));
    assertArrayEquals(new int[] {1, 3, 5}, one.taskIds());
    assertTrue(one.visibility().isEmpty(), "visibility counts the env's agents; the one-agent view has none");
    assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10}, Host.floats(whole.forAgent(0).observations()));
    RewardStreams streams = RewardStreams.extrinsicOnly(whole, RewardStream.extrinsic(0.9));
    assertArrayEquals(Host.floats(one.rewards()), Host.floats(streams.forAgent(1, 2).rewards().get(0)));
    Trajectory single = Trajectory.builder(1).observations(obs).nextObservations(obs).actions(tn).rewards(tn)
        .terminated(tn).truncated(tn).build();
    assertSame(single, single.forAgent(0));
  }
}
