package dev.curio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.envs.testing.ChainEnv;
import org.junit.jupiter.api.Test;

/** A run is labelled by the world it trains on: a config naming another world is refused. */
class EnvLabelTest {
  @Test
  void aFactoryOfAnotherWorldThanTheConfigNamesIsRefused() {
    TrainConfig cfg = TrainConfig.defaults().withEnv("CartPole-v1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(cfg, () -> new ChainEnv(4, 20)).close());
    assertEquals("the config names env 'CartPole-v1' but the env factory makes 'chain-4'; set env to 'chain-4'"
        + " (TrainConfig.withEnv) so that the run is labelled by the world it trains on", e.getMessage());
  }

  @Test
  void aFactoryThatReturnsNullIsNamed() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new TrainingLoop(TrainConfig.defaults(), () -> null).close());
    assertEquals("the env factory returned null (env 0 of 8)", e.getMessage());
  }
}
