package dev.curio.rewards.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class InfluenceScheduleTest {
  @Test
  void interpolatesLinearlyBetweenListedSteps() {
    InfluenceSchedule s = InfluenceSchedule.of(new long[] {100, 200, 400}, new double[] {0, 1, 0.5});
    assertEquals(0.0, s.weightAt(100), 0.0);
    assertEquals(0.25, s.weightAt(125), 1e-15);
    assertEquals(0.5, s.weightAt(150), 1e-15);
    assertEquals(1.0, s.weightAt(200), 0.0);
    assertEquals(0.75, s.weightAt(300), 1e-15);
    assertEquals(0.5, s.weightAt(400), 0.0);
  }

  @Test
  void holdsTheFirstWeightBeforeTheFirstStepAndTheLastAfterTheLast() {
    InfluenceSchedule s = InfluenceSchedule.of(new long[] {100, 200}, new double[] {0.3, 0.9});
    assertEquals(0.3, s.weightAt(0), 0.0);
    assertEquals(0.3, s.weightAt(99), 0.0);
    assertEquals(0.9, s.weightAt(200), 0.0);
    assertEquals(0.9, s.weightAt(Long.MAX_VALUE), 0.0);
  }

  @Test
  void theReferenceRunScriptsScheduleGivesTheExpectedWeights() {
    // run_moa_harvest.sh: steps 0 1e7 1e8 3e8, weights 0 0 1 0.5
    InfluenceSchedule s = InfluenceSchedule.of(new long[] {0, 10_000_000, 100_000_000, 300_000_000},
        new double[] {0, 0, 1, 0.5});
    assertEquals(0.0, s.weightAt(5_000_000), 0.0);
    assertEquals(0.5, s.weightAt(55_000_000), 1e-15);
    assertEquals(0.75, s.weightAt(200_000_000), 1e-15);
    assertEquals(0.5, s.weightAt(1_000_000_000), 0.0);
  }

  @Test
  void aSingleEntryOrConstantScheduleIsFlat() {
    InfluenceSchedule one = InfluenceSchedule.of(new long[] {50}, new double[] {2.5});
    InfluenceSchedule constant = InfluenceSchedule.constant(2.5);
    for (long step : new long[] {0, 49, 50, 51, 1_000_000}) {
      assertEquals(2.5, one.weightAt(step), 0.0);
      assertEquals(2.5, constant.weightAt(step), 0.0);
    }
  }

  @Test
  void theListsAreCopiedInAndOut() {
    long[] steps = {0, 10};
    double[] weights = {0, 1};
    InfluenceSchedule s = InfluenceSchedule.of(steps, weights);
    steps[1] = 1000;
    weights[1] = 7;
    s.steps()[1] = 5;
    s.weights()[1] = 9;
    assertArrayEquals(new long[] {0, 10}, s.steps());
    assertArrayEquals(new double[] {0, 1}, s.weights(), 0.0);
    assertEquals(0.5, s.weightAt(5), 1e-15);
    assertEquals("InfluenceSchedule[steps=[0, 10], weights=[0.0, 1.0]]", s.toString());
  }

  @Test
  void badInputGetsOneLineMessages() {
    expect(IllegalArgumentException.class,
        "influence schedule steps: must be strictly increasing, got 200 then 100 at index 2",
        () -> InfluenceSchedule.of(new long[] {0, 200, 100}, new double[] {0, 1, 2}));
    expect(IllegalArgumentException.class,
        "influence schedule steps: must be strictly increasing, got 100 then 100 at index 1",
        () -> InfluenceSchedule.of(new long[] {100, 100}, new double[] {0, 1}));
    expect(IllegalArgumentException.class,
        "influence schedule weights: must list as many weights as steps (3), got 2",
        () -> InfluenceSchedule.of(new long[] {0, 1, 2}, new double[] {0, 1}));
    expect(IllegalArgumentException.class, "influence schedule steps: must list at least one step, got []",
        () -> InfluenceSchedule.of(new long[0], new double[0]));
    expect(IllegalArgumentException.class, "influence schedule steps: must list at least one step, got null",
        () -> InfluenceSchedule.of(null, new double[] {1}));
    expect(IllegalArgumentException.class, "influence schedule weights: must list at least one weight, got []",
        () -> InfluenceSchedule.of(new long[] {0}, new double[0]));
    expect(IllegalArgumentException.class, "influence schedule steps: must be >= 0, got -5 at index 0",
        () -> InfluenceSchedule.of(new long[] {-5, 10}, new double[] {0, 1}));
    expect(IllegalArgumentException.class, "influence schedule weights: must be finite, got NaN at index 1",
        () -> InfluenceSchedule.of(new long[] {0, 10}, new double[] {0, Double.NaN}));
    expect(IllegalArgumentException.class, "influence schedule weights: must be finite, got Infinity at index 0",
        () -> InfluenceSchedule.of(new long[] {0}, new double[] {Double.POSITIVE_INFINITY}));
    expect(IllegalArgumentException.class, "influence schedule: step must be >= 0, got -1",
        () -> InfluenceSchedule.constant(1).weightAt(-1));
  }

  @Test
  void theConfigFormNamesTheKeyAtFault() {
    String steps = "rewards.influence.scheduleSteps";
    String weights = "rewards.influence.scheduleWeights";
    ConfigException e = expect(ConfigException.class,
        "rewards.influence.scheduleSteps: must be strictly increasing, got 100 then 50 at index 2",
        () -> InfluenceSchedule.of(new long[] {0, 100, 50}, new double[] {0, 1, 2}, steps, weights));
    assertEquals(steps, e.key());
    ConfigException lengths = expect(ConfigException.class,
        "rewards.influence.scheduleWeights: must list as many weights as steps (2), got 1",
        () -> InfluenceSchedule.of(new long[] {0, 100}, new double[] {0}, steps, weights));
    assertEquals(weights, lengths.key());
    expect(ConfigException.class, "rewards.influence.scheduleWeights: must be finite, got -Infinity at index 0",
        () -> InfluenceSchedule.of(new long[] {0}, new double[] {Double.NEGATIVE_INFINITY}, steps, weights));
    expect(IllegalArgumentException.class, "influence schedule: config keys must not be empty, got ' ' and 'w'",
        () -> InfluenceSchedule.of(new long[] {0}, new double[] {1}, " ", "w"));
    assertEquals(0.5, InfluenceSchedule.of(new long[] {0, 2}, new double[] {0, 1}, steps, weights).weightAt(1), 1e-15);
  }

  private static <E extends IllegalArgumentException> E expect(Class<E> type, String message, Executable call) {
    E e = assertThrows(type, call);
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    return e;
  }
}
