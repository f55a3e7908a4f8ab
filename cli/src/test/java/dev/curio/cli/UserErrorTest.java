package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user mistake: exit code 2, exactly one line on stderr naming the problem, no stack trace, no run. */
class UserErrorTest {
  @TempDir
  Path tmp;

  /** Runs {@code args} and checks the contract of a user error; shared with {@link BadInputTest}. */
  static Cli.Result expectUserError(String expectedFragment, String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), "one line on stderr:\n" + r);
    assertTrue(r.err().contains(expectedFragment), "stderr should contain '" + expectedFragment + "':\n" + r);
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace:\n" + r);
    assertEquals("", r.out(), r.toString());
    return r;
  }

  private String config(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  @Test
  void unknownKeyInTheConfigFile() throws Exception {
    String f = config("run.yaml", "env: chain-10\nppo:\n  clp: 0.1\n");
    Cli.Result r = expectUserError("ppo.clp: unknown key (did you mean 'ppo.clip'?)", "train", "--config", f);
    assertTrue(r.err().startsWith("curio train: " + f + ":3: "), r.err());
  }

  @Test
  void badValuesInTheGymSectionNameTheirKeyAndLine() throws Exception {
    expectUserError(":3: gym.connectRetries: expected an integer, got 'many'", "train", "--config",
        config("g.yaml", "env: chain-10\ngym:\n  connectRetries: many\n"));
    expectUserError("gym.timout: unknown key (did you mean 'gym.timeout'?)", "train", "--set", "gym.timout=3");
  }

  @Test
  void badValuesInTheConfigFile() throws Exception {
    expectUserError("numEnvs: must be >= 1, got 0", "train", "--config", config("a.yaml", "numEnvs: 0\n"));
    expectUserError(":2: ppo.clip: must be a finite number > 0, got -1.0", "train", "--config",
        config("b.yaml", "ppo:\n  clip: -1\n"));
    expectUserError("numEnvs: expected an integer, got 'eight'", "train", "--config", config("c.yaml", "numEnvs: eight\n"));
    expectUserError("vectorEnv: must be sync or threaded, got 'async'", "train", "--config",
        config("d.json", "{\"vectorEnv\": \"async\"}"));
  }

  @Test
  void malformedConfigFileNamesFileAndLine() throws Exception {
    String f = config("broken.yaml", "env: chain-10\nppo:\n  clip: [0.1\nseed: 2\n");
    expectUserError(f + ":4: malformed YAML", "train", "--config", f);
  }

  @Test
  void missingConfigFile() {
    expectUserError("no such config file", "train", "--config", tmp.resolve("nope.yaml").toString());
  }

  @Test
  void badFlags() {
    expectUserError("--run-dir is empty; name a directory", "train", "--run-dir", "", "--steps", "4");
    expectUserError("--tasks: give the worlds' ids, comma-separated", "train", "--print-config", "--tasks", ",");
    expectUserError("--tasks: give the worlds' ids, comma-separated", "train", "--print-config", "--tasks", "");
    expectUserError("--gym-url is for gym:<id> envs; CartPole-v1 is not one", "train", "--print-config", "--env",
        "CartPole-v1", "--gym-url", "http://127.0.0.1:1");
    expectUserError("--gym-url is for gym:<id> envs; CartPole-v1 is not one", "check-env", "CartPole-v1", "--gym-url",
        "http://127.0.0.1:1");
    // a slowed gym world still plays on the server
    Cli.Result slowed = Cli.run("train", "--print-config", "--env", "slow:1ms:gym:CartPole-v1", "--gym-url",
        "http://127.0.0.1:1");
    assertEquals(0, slowed.exit(), slowed.toString());
    expectUserError("--num-envs: numEnvs: must be >= 1, got 0", "train", "--num-envs", "0");
    expectUserError("--set ppo.clp=0.1: ppo.clp: unknown key (did you mean 'ppo.clip'?)", "train", "--set", "ppo.clp=0.1");
    expectUserError("--set ppo.clip=-1: ppo.clip: must be a finite number > 0", "train", "--set", "ppo.clip=-1");
    expectUserError("Invalid value for option '--seed'", "train", "--seed", "x");
    expectUserError("Unknown options: '--stepz'", "train", "--stepz", "5");
    expectUserError("--reward: rewards.modules: unknown module 'icn' (known: icm, rnd, rfs, ec, count, noveld, disagreement, influence)",
        "train", "--reward", "icn");
    expectUserError("rewards.modules: lists 'rnd' twice", "train", "--reward", "rnd,rnd");
    expectUserError("--set rewards.icm.beta=2: rewards.icm.beta", "train", "--set", "rewards.icm.beta=2");
    expectUserError("missing command", new String[0]);
    expectUserError("Unmatched argument at index 0: 'trian'", "trian");
  }

  @Test
  void unknownEnvSuggestsAClosOne() {
    expectUserError("unknown env 'chian-10' (did you mean 'chain-10'?)", "train", "--env", "chian-10");
    expectUserError("unknown env 'chian-10' (did you mean 'chain-10'?)", "check-env", "chian-10");
  }

  @Test
  void gymMistakes() throws Exception {
    expectUserError("unknown gym env 'NoSuchEnv-v0'", "train", "--env", "gym:NoSuchEnv-v0");
    expectUserError("unknown gym env 'NoSuchEnv-v0'", "check-env", "gym:NoSuchEnv-v0");
    expectUserError("gym.url: must be an http:// or https:// URL", "train", "--env", "gym:CartPole-v1",
        "--gym-url", "localhost:5000");
    expectUserError("--port must be 0..65535, got 70000", "gym-server", "--port", "70000");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: no server there
    }
    expectUserError("no gym server answers at http://127.0.0.1:" + port, "train", "--env", "gym:CartPole-v1",
        "--gym-url", "http://127.0.0.1:" + port, "--set", "gym.connectRetries=1");
    expectUserError("no gym server answers at http://127.0.0.1:" + port, "check-env", "gym:CartPole-v1",
        "--gym-url", "http://127.0.0.1:" + port);
  }

  @Test
  void missingRunDirectoryForEvalAndResume() throws Exception {
    String missing = tmp.resolve("no-such-run").toString();
    expectUserError(missing + ": no such run directory", "eval", "--run", missing);
    expectUserError(missing + ": no such run directory", "train", "--resume", missing);
    Path half = tmp.resolve("half");
    Files.createDirectories(half);
    Files.writeString(half.resolve("config.yaml"), "env: chain-10\n");
    expectUserError("no checkpoint.bin: the run stopped before its first checkpoint", "eval", "--run", half.toString());
    expectUserError("Missing required option: '--run=DIR'", "eval");
  }

  @Test
  void resumeTakesItsConfigFromTheRun() {
    expectUserError("--env, --set cannot be combined with it", "train", "--resume", tmp.toString(), "--env", "chain-10",
        "--set", "seed=2");
  }

  @Test
  void evalNeedsAtLeastOneEpisode() {
    expectUserError("--episodes must be >= 1, got 0", "eval", "--run", tmp.toString(), "--episodes", "0");
  }
}
