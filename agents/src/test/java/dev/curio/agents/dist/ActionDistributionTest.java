package dev.curio.agents.dist;

import static dev.curio.agents.dist.Fixtures.floats;
import static dev.curio.agents.dist.Fixtures.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class ActionDistributionTest {

  static Stream<ActionDistribution> all() {
    return Stream.of(new Categorical(4), new DiagGaussian(3), new MultiDiscrete(2, 3, 1));
  }

  @Test
  void forSpacePicksTheFamily() {
    assertEquals(new Categorical(5), ActionDistribution.forSpace(new Discrete(5)));
    assertEquals(new DiagGaussian(3), ActionDistribution.forSpace(new Box(-1, 1, 3)));
    assertEquals(new MultiDiscrete(2, 4), ActionDistribution.forSpace(new dev.curio.core.space.MultiDiscrete(2, 4)));
  }

  @Test
  void forSpaceNamesAnUnsupportedSpace() {
    Box image = new Box(0, 1, 2, 2);
    String msg = message(() -> ActionDistribution.forSpace(image));
    assertTrue(msg.contains(image.toString()) && msg.contains("supported"), msg);
  }

  @ParameterizedTest
  @MethodSource("all")
  void shapesOfEveryResult(ActionDistribution dist) {
    int b = 6;
    INDArray params = floats(Fixtures.randomParams(dist, b, new Rng(1)));
    ActionDistribution.Sample s = dist.sample(params, new Rng(2));
    assertEquals(b * dist.actionDim(), s.actions().length);
    assertEquals(b, s.logProbs().length);
    assertEquals(b, s.batch());
    INDArray actions = Fixtures.actions(s, dist.actionDim());
    assertArrayEquals(new long[] {b}, dist.logProb(params, actions).shape());
    assertArrayEquals(new long[] {b}, dist.entropy(params).shape());
    assertArrayEquals(new long[] {b}, dist.kl(params, params).shape());
    assertArrayEquals(new long[] {b, dist.paramCount()}, TapeGradients.logProb(dist, params, actions).shape());
    assertArrayEquals(new long[] {b, dist.paramCount()}, TapeGradients.entropy(dist, params).shape());
    // the tape forms a loss differentiates compute the same values
    dev.curio.representation.net.Tape t = dev.curio.representation.net.Tape.inference();
    assertArrayEquals(dist.logProb(params, actions).data().asFloat(),
        dist.logProb(t, t.constant(params), actions).value().dup().data().asFloat(), 1e-6f);
    assertArrayEquals(dist.entropy(params).data().asFloat(),
        dist.entropy(t, t.constant(params)).value().dup().data().asFloat(), 1e-6f);
    if (dist.discrete()) {
      for (float a : s.actions()) {
        assertEquals(Math.rint(a), a, 0.0, dist + " action " + a);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("all")
  void samplingIsReproducibleAndModeDrawsNothing(ActionDistribution dist) {
    INDArray params = floats(Fixtures.randomParams(dist, 8, new Rng(1)));
    ActionDistribution.Sample a = dist.sample(params, new Rng(42));
    ActionDistribution.Sample b = dist.sample(params, new Rng(42));
    assertArrayEquals(a.actions(), b.actions());
    assertArrayEquals(a.logProbs(), b.logProbs());
    assertArrayEquals(dist.mode(params).actions(), dist.mode(params).actions());
  }

  @ParameterizedTest
  @MethodSource("all")
  void paramsOfTheWrongShapeAreNamed(ActionDistribution dist) {
    INDArray wide = floats(new double[2][dist.paramCount() + 1]);
    String msg = message(() -> dist.entropy(wide));
    assertTrue(msg.contains(dist.toString()) && msg.contains("[B, " + dist.paramCount() + "]")
        && msg.contains("[2, " + (dist.paramCount() + 1) + "]"), msg);
    INDArray flat = vector(new double[dist.paramCount()]);
    msg = message(() -> dist.sample(flat, new Rng(0)));
    assertTrue(msg.contains("[" + dist.paramCount() + "]"), msg);
  }

  @ParameterizedTest
  @MethodSource("all")
  void actionsOfTheWrongShapeAreNamed(ActionDistribution dist) {
    INDArray params = floats(new double[3][dist.paramCount()]);
    INDArray shortBatch = floats(new double[2][dist.actionDim()]);
    String msg = message(() -> dist.logProb(params, shortBatch));
    assertTrue(msg.contains(dist.toString()) && msg.contains("[3, " + dist.paramCount() + "]")
        && msg.contains("[2, " + dist.actionDim() + "]"), msg);
    INDArray wide = floats(new double[3][dist.actionDim() + 1]);
    msg = message(() -> TapeGradients.logProb(dist, params, wide));
    assertTrue(msg.contains("[3, " + (dist.actionDim() + 1) + "]") && msg.contains("[3, " + dist.actionDim()), msg);
  }

  @ParameterizedTest
  @MethodSource("all")
  void klOfDifferentShapesIsNamed(ActionDistribution dist) {
    INDArray p = floats(new double[3][dist.paramCount()]);
    INDArray q = floats(new double[2][dist.paramCount()]);
    String msg = message(() -> dist.kl(p, q));
    assertTrue(msg.contains(dist.toString()) && msg.contains("p [3, " + dist.paramCount() + "]")
        && msg.contains("q [2, " + dist.paramCount() + "]"), msg);
  }

  @Test
  void aVectorOfActionsIsAcceptedOnlyWhenDIsOne() {
    Categorical cat = new Categorical(3);
    INDArray params = floats(new double[][] {{0, 1, 2}, {2, 1, 0}});
    assertArrayEquals(Fixtures.host(cat.logProb(params, floats(new double[][] {{1}, {2}}))),
        Fixtures.host(cat.logProb(params, vector(1, 2))), 0);
    DiagGaussian gauss = new DiagGaussian(2);
    String msg = message(() -> gauss.logProb(floats(new double[2][4]), vector(1, 2)));
    assertTrue(msg.contains("[2, 2]") && msg.contains("got [2]"), msg);
  }

  @Test
  void categoricalActionsOutOfRangeNameTheValueAndRow() {
    Categorical cat = new Categorical(3);
    INDArray params = floats(new double[3][3]);
    String msg = message(() -> cat.logProb(params, vector(0, 2, 3)));
    assertTrue(msg.contains("Categorical(3)") && msg.contains("3.0") && msg.contains("row 2") && msg.contains("0..2"), msg);
    msg = message(() -> TapeGradients.logProb(cat, params, vector(0, -1, 1)));
    assertTrue(msg.contains("-1.0") && msg.contains("row 1"), msg);
    msg = message(() -> cat.logProb(params, vector(1.5, 0, 0)));
    assertTrue(msg.contains("1.5") && msg.contains("row 0"), msg);
    msg = message(() -> cat.logProb(params, vector(0, Double.NaN, 0)));
    assertTrue(msg.contains("NaN") && msg.contains("row 1"), msg);
  }

  @Test
  void multiDiscreteActionsOutOfRangeNameTheComponent() {
    MultiDiscrete md = new MultiDiscrete(2, 3);
    INDArray params = floats(new double[2][5]);
    // 2 is fine for component 1 but not for component 0
    String msg = message(() -> md.logProb(params, floats(new double[][] {{1, 2}, {2, 0}})));
    assertTrue(msg.contains("MultiDiscrete[2, 3]") && msg.contains("2.0") && msg.contains("row 1, component 0")
        && msg.contains("0..1"), msg);
  }

  @Test
  void constructorsRejectEmptyFamilies() {
    assertTrue(message(() -> new Categorical(0)).contains("0"));
    assertTrue(message(() -> new DiagGaussian(-1)).contains("-1"));
    assertTrue(message(() -> new MultiDiscrete(2, 0)).contains("nvec[1]"));
    assertTrue(message(() -> new MultiDiscrete()).contains("at least one"));
  }

  /** The message of the IllegalArgumentException {@code call} throws, checked to be one line. */
  private static String message(Executable call) {
    String msg = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertFalse(msg.contains("\n"), "one line: " + msg);
    return msg;
  }
}
