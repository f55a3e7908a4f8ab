package dev.curio.envs.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.envs.testing.ChainEnv;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * An env that breaks its own contract is stopped at the step where it happens, with one line naming
 * the env, its index and what is wrong, instead of a bare array exception or silently bad data.
 */
class BadEnvInputTest {
  /** A 3-cell chain (observation Box(0, 1) of 3 floats) whose step observations and rewards pass through a change. */
  private static final class Corrupting implements Env<float[], Integer> {
    private final ChainEnv inner = new ChainEnv(3, 50);
    private final UnaryOperator<float[]> obs;
    private final double reward;

    Corrupting(UnaryOperator<float[]> obs, double reward) {
      this.obs = obs;
      this.reward = reward;
    }

    @Override
    public EnvSpec<float[], Integer> spec() {
      return inner.spec();
    }

    @Override
    public Reset<float[]> reset(long seed) {
      return inner.reset(seed);
    }

    @Override
    public Step<float[]> step(Integer action) {
      Step<float[]> s = inner.step(action);
      return new Step<>(obs.apply(s.observation().clone()), reward, s.terminated(), s.truncated(), s.info());
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static String firstStepError(UnaryOperator<float[]> obs, double reward) {
    try (SyncVectorEnv<float[], Integer> venv = SyncVectorEnv.of(2, () -> new Corrupting(obs, reward))) {
      venv.reset(1);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> venv.step(new Integer[] {0, 0}));
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(e.getMessage().startsWith(new ChainEnv(3, 50).spec().id() + " (env 0): "), e.getMessage());
      return e.getMessage();
    }
  }

  @Test
  void anObservationOneElementShortNamesBothSizes() {
    String m = firstStepError(o -> java.util.Arrays.copyOf(o, 2), 0);
    assertTrue(m.contains("an observation of 2 floats") && m.contains("has 3"), m);
  }

  @Test
  void anObservationOneElementLongIsRefusedToo() {
    String m = firstStepError(o -> java.util.Arrays.copyOf(o, 4), 0);
    assertTrue(m.contains("an observation of 4 floats") && m.contains("has 3"), m);
  }

  @Test
  void valuesOutsideTheBoxAndNanAreRefused() {
    String two = firstStepError(o -> {
      o[1] = 2f;
      return o;
    }, 0);
    assertTrue(two.contains("element 1 = 2.0, outside its space's bounds [0.0, 1.0]"), two);
    String nan = firstStepError(o -> {
      o[2] = Float.NaN;
      return o;
    }, 0);
    assertTrue(nan.contains("element 2 = NaN"), nan);
  }

  @Test
  void aNonFiniteRewardIsRefused() {
    String m = firstStepError(o -> o, Double.NaN);
    assertTrue(m.contains("step returned the reward NaN; rewards must be finite"), m);
    assertTrue(firstStepError(o -> o, Double.POSITIVE_INFINITY).contains("Infinity"));
  }

  @Test
  void aFactoryThatReturnsNullIsNamed() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SyncVectorEnv.<float[], Integer>of(2,
        () -> null));
    assertEquals("the env factory returned null (env 0 of 2)", e.getMessage());
  }
}
