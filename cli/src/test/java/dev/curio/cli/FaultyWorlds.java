package dev.curio.cli;

import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Step;
import dev.curio.envs.registry.WorldEntry;
import dev.curio.envs.registry.WorldProvider;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.envs.wrappers.Wrapper;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers {@code faulty-chain-10} for the CLI's tests: {@code chain-10} whose step throws once, at
 * the {@link #FAIL_AT}-th step taken by any of its instances in this JVM (0: never). Counting over the
 * JVM, not the episode, makes it fail "now and then": a resumed run replays past that point.
 */
public final class FaultyWorlds implements WorldProvider {
  static final String ID = "faulty-chain-10";
  static final AtomicLong FAIL_AT = new AtomicLong();
  private static final AtomicLong STEPS = new AtomicLong();

  /** Fails at the {@code n}-th step from now. */
  static void failAfter(long n) {
    STEPS.set(0);
    FAIL_AT.set(n);
  }

  @Override
  public List<WorldEntry> worlds() {
    return List.of(new WorldEntry(ID, "chain-10 whose step throws once when a test asks (a test fixture)",
        () -> new Flaky(new ChainEnv(10, 50))));
  }

  private static final class Flaky extends Wrapper<float[], Integer> {
    private final EnvSpec<float[], Integer> spec;

    Flaky(Env<float[], Integer> env) {
      super(env);
      EnvSpec<float[], Integer> inner = env.spec();
      this.spec = new EnvSpec<>(ID, inner.observationSpace(), inner.actionSpace(), inner.maxEpisodeSteps());
    }

    @Override
    public EnvSpec<float[], Integer> spec() {
      return spec;
    }

    @Override
    public Step<float[]> step(Integer action) {
      if (STEPS.incrementAndGet() == FAIL_AT.get()) {
        throw new IllegalStateException("flaky step: the simulator lost its connection");
      }
      return super.step(action);
    }
  }
}
