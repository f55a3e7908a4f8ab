package dev.curio.gym;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Per-step cost of every supported gym id, in the JVM and over HTTP on loopback, random actions,
 * resets included, after a warm-up. Measures, asserts nothing about speed; not in the default run:
 * {@code mvn -B -o -pl gym -am test -Dtest=GymStepCost -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}.
 * The numbers are in docs/gym.md.
 */
@Tag("bench")
class GymStepCost {
  @Test
  void stepCosts() {
    StringBuilder table = new StringBuilder("| id | in the JVM, us/step | over HTTP, us/step |\n|---|---|---|\n");
    try (GymServer server = GymServer.start(0)) {
      GymConfig remote = GymConfig.defaults().withUrl(server.url());
      for (Gym.SupportedId s : Gym.SUPPORTED) {
        double local = microsPerStep(s.id(), GymConfig.defaults(), 2_000, 20_000);
        double http = microsPerStep(s.id(), remote, 500, 3_000);
        table.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f |%n", s.id(), local, http));
        assertTrue(local > 0 && http > 0);
      }
    }
    System.out.print(table);
  }

  @SuppressWarnings("unchecked")
  static double microsPerStep(String id, GymConfig cfg, int warmup, int steps) {
    try (Env<Object, Object> env = (Env<Object, Object>) Gym.make(id, cfg)) {
      Rng rng = new Rng(0);
      long seed = 0;
      env.reset(seed++);
      long start = 0;
      for (int i = 0; i < warmup + steps; i++) {
        if (i == warmup) {
          start = System.nanoTime();
        }
        Step<Object> st = env.step(env.spec().actionSpace().sample(rng));
        if (st.done()) {
          env.reset(seed++);
        }
      }
      return (System.nanoTime() - start) / 1e3 / steps;
    }
  }
}
