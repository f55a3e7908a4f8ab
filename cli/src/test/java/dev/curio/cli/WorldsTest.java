package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Env;
import dev.curio.envs.wrappers.SlowStep;
import dev.curio.gym.GymConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Env ids the command line resolves beyond the registry's: slowed worlds ({@code slow:<n>ms:<id>}). */
class WorldsTest {
  @TempDir
  Path tmp;

  @Test
  void aSlowedWorldTrains() {
    Path run = tmp.resolve("slow");
    Cli.Result r = Cli.run("train", "-q", "--env", "slow:100us:CartPole-v1", "--steps", "64", "--num-envs", "2",
        "--set", "rolloutLength=16", "--run-dir", run.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(Files.exists(run.resolve("metrics.csv")));
  }

  @Test
  void aSlowedIdIsItsInnerWorldWithEveryStepSlowed() {
    Supplier<Env<?, ?>> factory = Worlds.trainable("slow:2ms:CartPole-v1", GymConfig.defaults());
    try (Env<?, ?> env = factory.get()) {
      SlowStep<?, ?> slow = assertInstanceOf(SlowStep.class, env);
      assertEquals(2_000_000, slow.delayNanos());
      assertEquals("slow:2ms:CartPole-v1", env.spec().id(), "the id a run's config names it by");
    }
    try (Env<?, ?> env = Worlds.trainable("slow:2000us:CartPole-v1", GymConfig.defaults()).get()) {
      assertEquals("slow:2000us:CartPole-v1", env.spec().id());
    }
    assertEquals("slow:500us:maze:open-7x7-pos", Worlds.single("slow:500us:maze:open-7x7-pos").id());
    assertTrue(Worlds.find("slow:1ms:maze:open-7x7-pos").orElseThrow().description().endsWith("[each step slowed by"
        + " 1000 us]"));
  }

  @Test
  void aBadSlowedIdIsOneLineNamingTheForm() {
    UserError form = assertThrows(UserError.class, () -> Worlds.trainable("slow:1:CartPole-v1", GymConfig.defaults()));
    assertEquals("env 'slow:1:CartPole-v1': a slowed env is slow:<n>ms:<id> or slow:<n>us:<id>, e.g."
        + " slow:1ms:CartPole-v1", form.getMessage());
    UserError inner = assertThrows(UserError.class, () -> Worlds.trainable("slow:1ms:CartPole-v9", GymConfig.defaults()));
    assertTrue(inner.getMessage().startsWith("unknown env 'CartPole-v9'"), inner.getMessage());
    Cli.Result r = Cli.run("train", "--env", "slow:0ms:CartPole-v1", "--steps", "64");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("env 'slow:0ms:CartPole-v1': the delay per step must be 1 to 60000ms, got 0ms"),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
