package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.config.ConfigException;
import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.worlds.classic.MountainCarContinuous;
import dev.curio.envs.wrappers.ScaleObservation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code scaleObservations}: the loop trains on (and eval reads) the worlds through {@link ScaleObservation}. */
class ScaleObservationsTest {
  /** A world whose observation is a Discrete index: nothing to scale. */
  private static final class OneState extends AbstractEnv<Integer, Integer> {
    private final EnvSpec<Integer, Integer> spec = new EnvSpec<>("one-state", new Discrete(3), new Discrete(2), 10);

    @Override
    public EnvSpec<Integer, Integer> spec() {
      return spec;
    }

    @Override
    protected Reset<Integer> onReset() {
      return new Reset<>(0, Info.empty());
    }

    @Override
    protected Step<Integer> onStep(Integer action) {
      return new Step<>(0, 0.0, false, false, Info.empty());
    }
  }

  private static TrainConfig.Builder small() {
    return TrainConfig.builder().env("MountainCarContinuous-v0").numEnvs(2).rolloutLength(32).totalSteps(10_000)
        .seed(2).checkpointEvery(0).ppo(PpoConfig.builder().epochs(1).minibatches(2).build());
  }

  @Test
  void offByDefaultAndTheFactoryIsUntouched() {
    assertEquals(false, TrainConfig.defaults().scaleObservations());
    java.util.function.Supplier<Env<?, ?>> f = MountainCarContinuous::new;
    assertTrue(TrainingLoop.asTrained(small().build(), f) == f);
  }

  @Test
  void theLoopTrainsOnScaledObservations() {
    TrainConfig cfg = small().scaleObservations(true)
        .rewards(RewardsConfig.builder().modules(List.of("rnd")).build()).build();
    Env<?, ?> made = TrainingLoop.asTrained(cfg, MountainCarContinuous::new).get();
    assertTrue(made instanceof ScaleObservation, made.getClass().toString());
    Box box = (Box) made.spec().observationSpace();
    assertArrayEquals(new float[] {-1f, -1f}, box.low());
    try (TrainingLoop loop = new TrainingLoop(cfg, MountainCarContinuous::new)) {
      assertArrayEquals(new float[] {1f, 1f}, ((Box) loop.envSpec().observationSpace()).high(),
          "the loop's envs are the scaled ones");
      loop.iterate();
      loop.iterate();
      assertEquals(2 * 2 * 32, loop.globalStep());
    }
  }

  @Test
  void worldsItCannotScaleAreOneLineErrors() {
    ConfigException discrete = assertThrows(ConfigException.class,
        () -> new TrainingLoop(small().env("one-state").scaleObservations(true).build(), OneState::new).close());
    assertEquals("scaleObservations: is true, but env one-state's observations are Discrete(3), not a Box; set it to"
        + " false", discrete.getMessage());
    TrainConfig duo = small().env("social:rendezvous-7").scaleObservations(true).build();
    ConfigException multi = assertThrows(ConfigException.class,
        () -> TrainingLoop.multiAgent(duo, () -> EnvRegistry.makeMulti("social:rendezvous-7")).close());
    assertEquals("scaleObservations: is true, but multi-agent worlds are not scaled yet; set it to false",
        multi.getMessage());
  }
}
