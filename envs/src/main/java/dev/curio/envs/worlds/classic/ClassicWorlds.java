package dev.curio.envs.worlds.classic;

import dev.curio.envs.registry.WorldEntry;
import java.util.List;

/**
 * The classic-control worlds, for the global registry: {@code CartPole-v1}, {@code CartPole-v0} and
 * {@code Pendulum-v1} and {@code MountainCarContinuous-v0}.
 */
public final class ClassicWorlds {
  private ClassicWorlds() {}

  /** One entry per world; each factory makes a new, independent instance. */
  public static List<WorldEntry> entries() {
    return List.of(
        new WorldEntry("CartPole-v1",
            "Cart-pole balancing with Gym's constants; +1 per step, ends past 12 degrees or 2.4 m, 500-step limit",
            CartPole::new),
        new WorldEntry("CartPole-v0",
            "CartPole with the 200-step limit of Gym's v0 (solved at a mean return of 195)",
            CartPole::v0),
        new WorldEntry("Pendulum-v1",
            "Pendulum swing-up with Gym 0.21's constants; continuous torque in [-2, 2], reward -cost in [-16.27, 0], 200-step limit",
            Pendulum::new),
        new WorldEntry("MountainCarContinuous-v0",
            "Mountain car with Gym 0.21's constants; continuous throttle in [-1, 1], +100 at the flag minus 0.1 a^2 a step,"
                + " 999-step limit, solved at 90",
            MountainCarContinuous::new));
  }
}
