package dev.curio.gym;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/** Real gym in the JVM: the env contract on every supported id, truncation, threads, errors. */
@Timeout(300)
class PythonGymEnvTest {

  @SuppressWarnings("unchecked")
  private static Supplier<Env<Object, Object>> factory(String id) {
    return () -> (Env<Object, Object>) Gym.make(id, GymConfig.defaults());
  }

  @TestFactory
  Stream<DynamicTest> everySupportedIdPassesTheEnvContract() {
    return Gym.SUPPORTED.stream().map(s -> DynamicTest.dynamicTest(s.id(), () -> {
      new EnvChecker(2, 600, 0).run(factory(s.id())).assertPassed();
      try (Env<?, ?> env = Gym.make(s.id(), GymConfig.defaults())) {
        assertEquals("gym:" + s.id(), env.spec().id());
        assertEquals(s.maxEpisodeSteps(), env.spec().maxEpisodeSteps(), s.id());
        assertEquals(s.observation(), shortName(env.spec().observationSpace()), s.id());
      }
    }));
  }

  private static String shortName(Object space) {
    return space instanceof Box b && b.shape().length == 1 ? "Box(" + b.size() + ")" : String.valueOf(space);
  }

  @Test
  void cartPoleObservationsAndSpacesAreGyms() {
    try (Env<?, ?> env = Gym.make("gym:CartPole-v1", GymConfig.defaults())) {
      assertEquals(new Discrete(2), env.spec().actionSpace());
      Box box = (Box) env.spec().observationSpace();
      assertArrayEquals(new int[] {4}, box.shape());
      assertEquals(4.8f, box.high(0), 1e-6);
      float[] obs = (float[]) env.reset(3).observation();
      assertEquals(4, obs.length);
      for (float v : obs) {
        assertTrue(Math.abs(v) <= 0.05f, "gym starts CartPole in [-0.05, 0.05]: " + v);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void timeLimitBecomesTruncatedNotTerminated() {
    // MountainCar with a constant push left never reaches the flag: gym's TimeLimit cuts it at 200
    try (Env<Object, Object> env = (Env<Object, Object>) Gym.make("MountainCar-v0", GymConfig.defaults())) {
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
    // CartPole pushed one way falls over long before its limit: terminated
    try (Env<Object, Object> env = (Env<Object, Object>) Gym.make("CartPole-v1", GymConfig.defaults())) {
      env.reset(0);
      Step<Object> s;
      do {
        s = env.step(1);
      } while (!s.done());
      assertTrue(s.terminated());
      assertFalse(s.truncated());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void envsStepFromSeveralThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          try (Env<Object, Object> env = (Env<Object, Object>) Gym.make("CartPole-v1", GymConfig.defaults())) {
            float[] last = (float[]) env.reset(7).observation();
            for (int t = 0; t < 200; t++) {
              Step<Object> s = env.step(t % 2);
              last = (float[]) s.observation();
              if (s.done()) {
                last = (float[]) env.reset(7 + t).observation();
              }
            }
            return last;
          }
        }));
      }
      float[] first = results.get(0).get();
      for (Future<float[]> f : results) {
        assertArrayEquals(first, f.get(), "same seeds and actions on any thread give the same episode");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pendulumTakesContinuousActions() {
    try (Env<?, ?> env = Gym.make("Pendulum-v1", GymConfig.defaults())) {
      Box actions = assertInstanceOf(Box.class, env.spec().actionSpace());
      assertEquals(-2f, actions.low(0));
      assertEquals(2f, actions.high(0));
      @SuppressWarnings("unchecked")
      Env<Object, float[]> pendulum = (Env<Object, float[]>) env;
      pendulum.reset(1);
      Step<Object> s = pendulum.step(new float[] {0.5f});
      assertTrue(s.reward() <= 0, "Pendulum's reward is a cost: " + s.reward());
    }
  }

  @Test
  void unknownIdIsAClearError() {
    GymException e = assertThrows(GymException.class, () -> Gym.make("NoSuchEnv-v0", GymConfig.defaults()));
    assertTrue(e.getMessage().contains("unknown gym env 'NoSuchEnv-v0'"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void startingPythonTwiceIsTheSameInterpreter() {
    assertTrue(PythonRuntime.get() == PythonRuntime.get());
  }
}
