package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.registry.WorldEntry;
import dev.curio.gym.Gym;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** envs, check-env, eval, --help and --version. */
class CommandsTest {
  private static final Pattern EVAL = Pattern.compile(
      "mean return (-?\\d+\\.\\d{3}) (?:\u00b1|\\+/-) (\\d+\\.\\d{3}) over (\\d+) episodes, mean length (\\d+\\.\\d)");

  @TempDir
  static Path tmp;
  static Path trained;

  /** A run that has learned chain-10 (a fast learning rate, as in the smoke test). */
  @BeforeAll
  static void trainOnce() {
    trained = tmp.resolve("trained");
    Cli.Result r = Cli.run("train", "--env", "chain-10", "--steps", "2048", "--num-envs", "8", "--set",
        "rolloutLength=64", "--set", "ppo.learningRate=2.5e-3", "--run-dir", trained.toString(), "--quiet");
    assertEquals(0, r.exit(), r.toString());
  }

  @Test
  void envsListsTheBuiltInWorldsWithTheirSpaces() {
    Cli.Result r = Cli.run("envs");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("ID"), r.out());
    String chain = r.out().lines().filter(l -> l.startsWith("chain-10 ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
    assertTrue(chain.contains("Box(") && chain.contains("Discrete(2)") && chain.contains("10-cell"), chain);
    assertEquals(1 + EnvRegistry.worlds().size() + EnvRegistry.multiAgentWorlds().size() + Gym.SUPPORTED.size(),
        r.out().lines().count());
    String taxi = r.out().lines().filter(l -> l.startsWith("gym:Taxi-v3 ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
    assertTrue(taxi.contains("Discrete(500)") && taxi.contains("Discrete(6)"), taxi);
    for (WorldEntry w : EnvRegistry.worlds()) {
      assertTrue(r.out().contains(w.id()), w.id());
    }
  }

  @Test
  void checkEnvPassesOnChain() {
    Cli.Result r = Cli.run("check-env", "chain-10");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("env check of chain-10: passed"), r.out());
    assertEquals(0, Cli.run("check-env", "chain-10", "--quiet").out().length());
  }

  @Test
  void evalPrintsMeanAndStdOfTheReturn() {
    Cli.Result r = Cli.run("eval", "--run", trained.toString(), "--episodes", "6");
    assertEquals(0, r.exit(), r.toString());
    Matcher m = EVAL.matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals("6", m.group(3));
    double mean = Double.parseDouble(m.group(1));
    assertTrue(mean >= 0 && mean <= 1, r.out());
    assertTrue(r.out().contains("trained 2,048 steps"), r.out());
  }

  @Test
  void greedyEvalOfALearnedChainWalksStraightToTheEnd() {
    Cli.Result r = Cli.run("eval", "--run", trained.toString(), "--episodes", "20", "--greedy", "--quiet");
    assertEquals(0, r.exit(), r.toString());
    Matcher m = EVAL.matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(1.0, Double.parseDouble(m.group(1)), r.out());
    assertEquals(0.0, Double.parseDouble(m.group(2)), r.out());
    assertTrue(Double.parseDouble(m.group(4)) <= 9, "at most 9 steps from any start: " + r.out());
    assertEquals(r.out(), Cli.run("eval", "--run", trained.toString(), "--episodes", "20", "--greedy", "--quiet").out(),
        "the same seed gives the same evaluation");
  }

  @Test
  void helpAndVersionEverywhere() {
    for (String[] args : new String[][] {{"--help"}, {"train", "--help"}, {"eval", "--help"}, {"envs", "--help"},
        {"check-env", "--help"}}) {
      Cli.Result r = Cli.run(args);
      assertEquals(0, r.exit(), r.toString());
      assertTrue(r.out().startsWith("Usage: curio"), r.out());
    }
    assertTrue(Cli.run("--help").out().contains("check-env"));
    assertTrue(Cli.run("train", "--help").out().contains("--resume=DIR"));
    Cli.Result v = Cli.run("--version");
    assertEquals(0, v.exit());
    assertTrue(v.out().startsWith("curio "), v.out());
    assertEquals(v.out(), Cli.run("train", "--version").out());
  }
}
