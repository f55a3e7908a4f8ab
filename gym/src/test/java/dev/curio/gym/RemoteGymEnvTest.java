package dev.curio.gym;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/** Real gym over HTTP: curio_gym_server.py on a free loopback port, the env contract on every id. */
@Timeout(300)
class RemoteGymEnvTest {
  private static GymServer server;
  private static GymConfig config;

  @BeforeAll
  static void startServer() {
    server = GymServer.start(0);
    config = GymConfig.defaults().withUrl(server.url()).withTimeout(30);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Supplier<Env<Object, Object>> factory(String id) {
    return () -> (Env<Object, Object>) Gym.make(id, config);
  }

  @TestFactory
  Stream<DynamicTest> everySupportedIdPassesTheEnvContract() {
    return Gym.SUPPORTED.stream().map(s -> DynamicTest.dynamicTest(s.id(),
        () -> new EnvChecker(2, 300, 0).run(factory(s.id())).assertPassed()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void sameSeedSameEpisodeAsInTheJvm() {
    try (Env<Object, Object> remote = (Env<Object, Object>) Gym.make("CartPole-v1", config);
         Env<Object, Object> local = (Env<Object, Object>) Gym.make("CartPole-v1", GymConfig.defaults())) {
      assertArrayEquals((float[]) local.reset(11).observation(), (float[]) remote.reset(11).observation());
      for (int t = 0; t < 30; t++) {
        Step<Object> a = local.step(t % 3 == 0 ? 1 : 0);
        Step<Object> b = remote.step(t % 3 == 0 ? 1 : 0);
        assertArrayEquals((float[]) a.observation(), (float[]) b.observation());
        assertEquals(a.reward(), b.reward());
        assertEquals(a.terminated(), b.terminated());
        if (a.done()) {
          break;
        }
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void timeLimitBecomesTruncated() {
    try (Env<Object, Object> env = (Env<Object, Object>) Gym.make("MountainCar-v0", config)) {
      env.reset(0);
      Step<Object> s;
      int t = 0;
      do {
        s = env.step(0);
        t++;
      } while (!s.done());
      assertEquals(200, t);
      assertTrue(s.truncated());
      assertFalse(s.terminated());
    }
  }

  @Test
  void closeFreesTheEnvOnTheServer() {
    GymHttpClient client = GymHttpClient.of(config);
    RemoteGymEnv<?, ?> env = (RemoteGymEnv<?, ?>) Gym.make("Taxi-v3", config);
    assertTrue(client.listAll().containsKey(env.instanceId()));
    assertEquals("Taxi-v3", client.listAll().get(env.instanceId()));
    env.close();
    env.close();
    assertFalse(client.listAll().containsKey(env.instanceId()));
  }

  @Test
  void unknownIdIsTheServersMessage() {
    GymException e = assertThrows(GymException.class, () -> Gym.make("gym:NoSuchEnv-v0", config));
    assertTrue(e.getMessage().contains("unknown gym env 'NoSuchEnv-v0'"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aSecondServerOnTheSamePortFailsClearly() {
    int port = java.net.URI.create(server.url()).getPort();
    GymException e = assertThrows(GymException.class, () -> GymServer.start(port).close());
    assertTrue(e.getMessage().contains("did not start"), e.getMessage());
    assertTrue(server.isAlive());
  }
}
