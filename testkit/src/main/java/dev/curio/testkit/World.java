package dev.curio.testkit;

import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A single-agent world a claim trains on: an id (the env's {@code spec().id()}, which labels runs
 * and reports) and a factory that makes a new, independent env per call.
 */
public final class World {
  private final String id;
  private final Supplier<? extends Env<?, ?>> factory;

  private World(String id, Supplier<? extends Env<?, ?>> factory) {
    this.id = id;
    this.factory = factory;
  }

  /**
   * A registered world by id ({@code ./curio envs} lists them), e.g. {@code CartPole-v1} or
   * {@code maze:sparse-maze-pos}.
   *
   * @throws IllegalArgumentException naming close ids when {@code id} is unknown
   */
  public static World named(String id) {
    Objects.requireNonNull(id, "id");
    EnvRegistry.make(id).close(); // fails with the registry's one-line message for an unknown id
    return new World(id, () -> EnvRegistry.make(id));
  }

  /**
   * Your own world, or a gym one: {@code World.of(() -> Gym.make("Taxi-v3", GymConfig.defaults()))}.
   * One env is made here to read its id.
   */
  public static World of(Supplier<? extends Env<?, ?>> factory) {
    Objects.requireNonNull(factory, "factory");
    Env<?, ?> probe = factory.get();
    if (probe == null) {
      throw new IllegalArgumentException("the world's factory returned null");
    }
    String id = probe.spec().id();
    probe.close();
    return new World(id, factory);
  }

  public String id() {
    return id;
  }

  Supplier<? extends Env<?, ?>> factory() {
    return factory;
  }

  @Override
  public String toString() {
    return id;
  }
}
