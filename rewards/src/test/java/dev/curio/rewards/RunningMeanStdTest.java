package dev.curio.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class RunningMeanStdTest {
  @Test
  void chanMergeOfTwoHalvesEqualsTheWhole() {
    // {1, 2} then {3, 4}: whole mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
    RunningMeanStd s = RunningMeanStd.empty(1).merge(new double[] {1.5}, new double[] {0.25}, 2)
        .merge(new double[] {3.5}, new double[] {0.25}, 2);
    assertEquals(4, s.count());
    assertEquals(2.5, s.mean()[0], 1e-12);
    assertEquals(1.25, s.var()[0], 1e-12);
  }

  @Test
  void mergesBatchRowsPerFeatureAndStaysImmutable() {
    RunningMeanStd empty = RunningMeanStd.empty(2);
    // columns {0, 2, 4} and {1, 1, 1}: means 2 and 1, variances 8/3 and 0
    RunningMeanStd s = empty.merge(Nd4j.createFromArray(new float[][] {{0, 1}, {2, 1}, {4, 1}}));
    assertArrayEquals(new double[] {2, 1}, s.mean(), 1e-6);
    assertArrayEquals(new double[] {8.0 / 3, 0}, s.var(), 1e-6);
    // one more row {6, 3}: means 3 and 1.5; variances (9+1+1+9)/4 = 5 and (3*0.25+2.25)/4 = 0.75
    RunningMeanStd t = s.merge(Nd4j.createFromArray(new float[][] {{6, 3}}));
    assertArrayEquals(new double[] {3, 1.5}, t.mean(), 1e-6);
    assertArrayEquals(new double[] {5, 0.75}, t.var(), 1e-6);
    assertEquals(0, empty.count());
    assertEquals(3, s.count());
    RunningMeanStd back = RunningMeanStd.fromState(t.state());
    assertArrayEquals(t.var(), back.var(), 0);
    assertEquals(t.count(), back.count());
  }
}
