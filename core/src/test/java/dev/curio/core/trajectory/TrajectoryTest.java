package dev.curio.core.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrajectoryTest {
  private static final int T = 3;
  private static final int N = 4;

  private static Trajectory.Builder base() {
    INDArray o = Nd4j.zeros(DataType.FLOAT, T, N, 2);
    INDArray z = Nd4j.zeros(DataType.FLOAT, T, N);
    return Trajectory.builder(2).observations(o).nextObservations(o.dup()).actions(z).rewards(z).terminated(z)
        .truncated(z);
  }

  @Test
  void columnsAreEnvMajorWithTheAgentIndexInside() {
    Trajectory t = base().agents(2).build();
    assertEquals(2, t.numAgents());
    assertEquals(1, t.agentOf(3));
    assertEquals(0, t.agentOf(2));
    assertArrayEquals(new int[] {1, 3}, t.columnsOf(1));
    assertThrows(IllegalArgumentException.class, () -> t.columnsOf(2));
  }

  @Test
  void optionalFieldsDefaultSensibly() {
    Trajectory t = base().build();
    assertFalse(t.hasLogProbs());
    assertTrue(t.policyParams().isEmpty());
    assertTrue(t.values().isEmpty());
    assertTrue(t.visibility().isEmpty());
    assertEquals(0, t.oldestVersion());
    assertArrayEquals(new int[N], t.taskIds());
    IllegalStateException e = assertThrows(IllegalStateException.class, t::logProbs);
    assertTrue(e.getMessage().contains("no behaviour log-probabilities"), e.getMessage());
  }

  @Test
  void versionsAndTasksAreIndexedByStepAndColumn() {
    long[] v = new long[T * N];
    v[1 * N + 2] = 7;
    v[2 * N + 3] = 9;
    Trajectory t = base().versions(v).taskIds(new int[] {0, 1, 1, 0}).build();
    assertEquals(7, t.version(1, 2));
    assertEquals(0, t.oldestVersion());
    assertEquals(9, t.newestVersion());
    assertEquals(1, t.taskOf(2));
  }

  @Test
  void visibilityIsTnmOfZerosAndOnes() {
    INDArray v = Nd4j.ones(DataType.FLOAT, T, N, 2);
    v.putScalar(new long[] {1, 2, 0}, 0f);
    Trajectory t = base().agents(2).visibility(v).build();
    assertTrue(t.visibility().isPresent());
    assertEquals(0f, t.visibility().get().getFloat(1, 2, 0));
    assertEquals(1f, t.visibility().get().getFloat(1, 2, 1));
    assertArrayEquals(new long[] {T, N, 2}, t.visibility().get().shape());
  }

  @Test
  void badVisibilityIsNamedInOneLine() {
    String e = assertThrows(IllegalArgumentException.class,
        () -> base().agents(2).visibility(Nd4j.ones(DataType.FLOAT, T, N, 3)).build()).getMessage();
    assertEquals("trajectory: visibility must be [T, N, M] = [3, 4, 2], got [3, 4, 3]", e);
    e = assertThrows(IllegalArgumentException.class,
        () -> base().agents(2).visibility(Nd4j.ones(DataType.FLOAT, T, N)).build()).getMessage();
    assertEquals("trajectory: visibility must be [T, N, M] = [3, 4, 2], got [3, 4]", e);
    e = assertThrows(IllegalArgumentException.class,
        () -> base().visibility(Nd4j.ones(DataType.FLOAT, T, N, 2)).build()).getMessage();
    assertEquals("trajectory: visibility must be [T, N, M] = [3, 4, 1], got [3, 4, 2]", e, "one agent per env");

    INDArray half = Nd4j.ones(DataType.FLOAT, T, N, 2);
    half.putScalar(new long[] {1, 2, 1}, 0.5f);
    half.putScalar(new long[] {2, 0, 0}, 3f);
    e = assertThrows(IllegalArgumentException.class, () -> base().agents(2).visibility(half).build()).getMessage();
    assertEquals("trajectory: visibility must be 0 or 1, got 0.5 at [1, 2, 1]", e, "the first bad value");
    INDArray nan = Nd4j.zeros(DataType.DOUBLE, T, N, 2);
    nan.putScalar(new long[] {0, 3, 1}, Double.NaN);
    e = assertThrows(IllegalArgumentException.class, () -> base().agents(2).visibility(nan).build()).getMessage();
    assertEquals("trajectory: visibility must be 0 or 1, got NaN at [0, 3, 1]", e);
    INDArray near = Nd4j.zeros(DataType.DOUBLE, T, N, 2);
    near.putScalar(new long[] {2, 1, 0}, 1.0000000001);
    e = assertThrows(IllegalArgumentException.class, () -> base().agents(2).visibility(near).build()).getMessage();
    assertEquals("trajectory: visibility must be 0 or 1, got 1.0000000001 at [2, 1, 0]", e, "doubles are not rounded");
    INDArray columnMajor = Nd4j.ones(DataType.FLOAT, T, N, 2).dup('f');
    columnMajor.putScalar(new long[] {2, 3, 0}, -1f);
    e = assertThrows(IllegalArgumentException.class, () -> base().agents(2).visibility(columnMajor).build())
        .getMessage();
    assertEquals("trajectory: visibility must be 0 or 1, got -1.0 at [2, 3, 0]", e, "indices whatever the layout");
    assertFalse(e.contains("\n"));
  }

  @Test
  void vectorActionsAreTnd() {
    Trajectory t = base().actions(Nd4j.zeros(DataType.FLOAT, T, N, 3)).build();
    assertEquals(3, t.actionDim());
    assertArrayEquals(new long[] {T * N, 3}, t.flatActions().shape());
  }

  @Test
  void wrongShapesAreNamedInOneLine() {
    String e = assertThrows(IllegalArgumentException.class,
        () -> base().logProbs(Nd4j.zeros(DataType.FLOAT, N, T)).build()).getMessage();
    assertEquals("trajectory: logProbs must be [T, N] with [T, N] = [3, 4], got [4, 3]", e);
    e = assertThrows(IllegalArgumentException.class,
        () -> base().policyParams(Nd4j.zeros(DataType.FLOAT, T * N, 2)).build()).getMessage();
    assertEquals("trajectory: policyParams must be [T, N, P] with [T, N] = [3, 4], got [12, 2]", e);
    e = assertThrows(IllegalArgumentException.class,
        () -> base().observations(Nd4j.zeros(DataType.FLOAT, T, N, 3)).build()).getMessage();
    assertEquals("trajectory: observations must be [T, N, ...obsShape] = [3, 4, 2], got [3, 4, 3] and next [3, 4, 2]",
        e);
    e = assertThrows(IllegalArgumentException.class, () -> base().agents(3).build()).getMessage();
    assertEquals("trajectory: 4 columns cannot hold 3 agents per env (columns = envs * agents)", e);
    e = assertThrows(IllegalArgumentException.class, () -> base().taskIds(new int[3]).build()).getMessage();
    assertEquals("trajectory: taskIds must have one entry per column (N = 4), got 3", e);
    assertFalse(e.contains("\n"));
  }
}
