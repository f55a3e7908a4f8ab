package dev.curio.gym;

import dev.curio.envs.Env;
import java.util.List;
import java.util.Objects;

/**
 * Real gym 0.21 envs as Curio envs. {@code Gym.make("CartPole-v1", GymConfig.defaults())} runs gym in
 * this JVM ({@link PythonGymEnv}); with {@code gym.url} set it runs on that gym-http-api server
 * ({@link RemoteGymEnv}). Ids are gym's, with or without the {@code gym:} prefix the CLI uses. Any gym
 * id whose spaces are Discrete or Box works; {@link #SUPPORTED} are the ones tested and documented
 * (docs/gym.md).
 */
public final class Gym {
  /** The prefix of gym ids on the command line and in configs: {@code gym:CartPole-v1}. */
  public static final String PREFIX = "gym:";

  /** A tested gym id with its spaces as Curio reads them. */
  public record SupportedId(String id, String observation, String action, int maxEpisodeSteps, String note) {}

  /** The ids tested in both bridges; spaces as Curio reads them. */
  public static final List<SupportedId> SUPPORTED = List.of(
      new SupportedId("CartPole-v1", "Box(4)", "Discrete(2)", 500, "classic control"),
      new SupportedId("MountainCar-v0", "Box(2)", "Discrete(3)", 200, "classic control"),
      new SupportedId("Acrobot-v1", "Box(6)", "Discrete(3)", 500, "classic control"),
      new SupportedId("Pendulum-v1", "Box(3)", "Box(-2.0, 2.0, shape=[1])", 200,
          "classic control, continuous torque (PPO with a diagonal Gaussian policy)"),
      new SupportedId("FrozenLake-v1", "Discrete(16)", "Discrete(4)", 100, "toy text, slippery"),
      new SupportedId("Taxi-v3", "Discrete(500)", "Discrete(6)", 200, "toy text"),
      new SupportedId("CliffWalking-v0", "Discrete(48)", "Discrete(4)", 0, "toy text, no time limit"));

  private Gym() {}

  /** Whether {@code id} names a gym env ({@code gym:...}). */
  public static boolean isGymId(String id) {
    return id != null && id.startsWith(PREFIX);
  }

  /** {@code id} without the {@code gym:} prefix. */
  public static String strip(String id) {
    return isGymId(id) ? id.substring(PREFIX.length()) : id;
  }

  /**
   * A new env of gym's {@code id}: in this JVM when {@code config.url()} is null, else on that
   * server.
   *
   * @throws GymException for an unknown id, an unsupported space, or a server that fails
   */
  public static Env<?, ?> make(String id, GymConfig config) {
    Objects.requireNonNull(config, "config");
    String gymId = strip(Objects.requireNonNull(id, "id"));
    if (gymId.isBlank()) {
      throw new GymException("empty gym env id; write e.g. gym:CartPole-v1");
    }
    return config.remote() ? RemoteGymEnv.make(gymId, config) : PythonGymEnv.make(gymId);
  }
}
