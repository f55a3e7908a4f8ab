package dev.curio.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.Env;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.testing.ChainEnv;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskObservationTest {
  @Test
  void flatObservationsGetAOneHotOfTheTaskAppended() {
    float[] obs = {0.5f, -2f, 3f};
    assertArrayEquals(new float[] {0.5f, -2f, 3f, 0f, 1f, 0f}, TaskObservation.encode(obs, new int[] {3}, 1, 3));
    assertArrayEquals(new float[] {0.5f, -2f, 3f, 1f, 0f, 0f}, TaskObservation.encode(obs, new int[] {3}, 0, 3));
    assertArrayEquals(new int[] {5}, TaskObservation.encodedShape(new int[] {3}, 2));
  }

  @Test
  void imagesGetOneConstantChannelPerTask() {
    // [H=1, W=2, C=2]: cells (1, 2) and (3, 4); task 1 of 2 adds channel 3 = 1 everywhere, channel 2 = 0
    float[] obs = {1, 2, 3, 4};
    int[] shape = {1, 2, 2};
    assertArrayEquals(new float[] {1, 2, 0, 1, 3, 4, 0, 1}, TaskObservation.encode(obs, shape, 1, 2));
    assertArrayEquals(new float[] {1, 2, 1, 0, 3, 4, 1, 0}, TaskObservation.encode(obs, shape, 0, 2));
    assertArrayEquals(new int[] {7, 7, 5}, TaskObservation.encodedShape(new int[] {7, 7, 3}, 2));
  }

  @Test
  void theWrapperEncodesEveryObservationAndBoundsTheAddedChannels() {
    Env<?, ?> world = EnvRegistry.make("maze:open-7x7-ego5"); // Box(0, 1, [5, 5, 5])
    TaskObservation<?> env = new TaskObservation<>(world, 2, 3);
    Box space = (Box) env.spec().observationSpace();
    assertArrayEquals(new int[] {5, 5, 8}, space.shape());
    float[] first = env.reset(4).observation();
    assertEquals(5 * 5 * 8, first.length);
    for (int cell = 0; cell < 25; cell++) {
      assertArrayEquals(new float[] {0, 0, 1}, java.util.Arrays.copyOfRange(first, cell * 8 + 5, cell * 8 + 8),
          "cell " + cell);
    }
    EnvChecker.check(() -> new TaskObservation<>(EnvRegistry.make("maze:open-7x7-ego5"), 0, 2)).assertPassed();
  }

  @Test
  void theUnionHoldsEveryTasksBoundsAndNonBoxSpacesFlatten() {
    Box a = new Box(new float[] {0, -1}, new float[] {1, 1}, 2);
    Box b = new Box(new float[] {-3, 0}, new float[] {0, 5}, 2);
    Box u = TaskObservation.union(List.of(a, b));
    assertArrayEquals(new float[] {-3, -1}, u.low());
    assertArrayEquals(new float[] {1, 5}, u.high());
    assertThrows(IllegalArgumentException.class, () -> TaskObservation.union(List.of(a, new Box(0, 1, 3))));
    assertEquals(new Box(0, 1, 4), TaskObservation.bounds(new Discrete(4)));

    TaskObservation<Integer> chain = new TaskObservation<>(new ChainEnv(4, 20), 1, 2, null);
    assertEquals(chain.spec().observationSpace().flatDim(), new ChainEnv(4, 20).spec().observationSpace().flatDim() + 2);
  }

  @Test
  void aTaskOutsideTheRangeOrASharedSpaceOfAnotherShapeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TaskObservation<>(new ChainEnv(4, 20), 2, 2));
    assertThrows(IllegalArgumentException.class, () -> new TaskObservation<>(new ChainEnv(4, 20), 0, 2,
        new Box(0, 1, 99)));
  }
}
