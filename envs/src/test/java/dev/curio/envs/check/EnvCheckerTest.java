package dev.curio.envs.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.envs.testing.ChainEnv;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvCheckerTest {
  @Test
  void aGoodEnvPasses() {
    CheckReport report = EnvChecker.check(() -> new ChainEnv(6, 20)).assertPassed();
    assertTrue(report.results().size() >= 8, report.toString());
  }

  /** An env that breaks the contract in several ways at once. */
  static final class Sloppy implements Env<float[], Integer> {
    static int instances;
    final EnvSpec<float[], Integer> spec = new EnvSpec<>("sloppy", new Box(0f, 1f, 1), new Discrete(2), 5);
    final int salt = instances++;
    int t;

    @Override
    public EnvSpec<float[], Integer> spec() {
      return spec;
    }

    @Override
    public Reset<float[]> reset(long seed) {
      t = 0;
      return Reset.of(new float[] {salt % 2}); // differs between instances: not seed-determined
    }

    @Override
    public Step<float[]> step(Integer action) {
      t++; // no call-order checks, no action checks
      return new Step<>(new float[] {2f}, Double.NaN, false, t >= 7, Info.empty());
    }
  }

  @Test
  void aSloppyEnvFailsEachBrokenCheck() {
    CheckReport report = new EnvChecker(2, 50, 0).run(Sloppy::new);
    assertFalse(report.passed());
    List<String> failed = report.failures().stream().map(CheckReport.Result::check).toList();
    assertTrue(failed.contains("step before reset rejected"), report.toString());
    assertTrue(failed.contains("observations inside the observation space"), report.toString());
    assertTrue(failed.contains("rewards finite"), report.toString());
    assertTrue(failed.contains("episode length within maxEpisodeSteps"), report.toString());
    assertTrue(failed.contains("step after the end rejected"), report.toString());
    assertTrue(failed.contains("bad action rejected"), report.toString());
    assertTrue(failed.contains("same seed, same episode"), report.toString());
  }
}
