package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.io.ConfigLoader;
import dev.curio.loop.TrainConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input checked at its edge: a table of bad flags, config files, {@code --set} values, env ids,
 * maze files and run directories. Each is exit code 2 and exactly one line on stderr that names the
 * key or the file, without a stack trace ({@link UserErrorTest#expectUserError}). Nothing here builds
 * a network or steps an env, so the whole table runs in a few seconds.
 */
class BadInputTest {
  @TempDir
  static Path tmp;

  /** {@code @} in a table row stands for the temporary folder holding the fixtures below. */
  private static String at(String s) {
    return s.replace("@", tmp.toString());
  }

  private static void write(String name, String text) throws Exception {
    Files.writeString(tmp.resolve(name), text);
  }

  private static void write(String name, byte[] bytes) throws Exception {
    Files.write(tmp.resolve(name), bytes);
  }

  @BeforeAll
  static void fixtures() throws Exception {
    write("yes.yaml", "ppo:\n  annealLearningRate: yes\n");
    write("on.json", "{\"ppo\": {\"normalizeAdvantages\": \"on\"}}");
    write("binary.yaml", new byte[] {'e', 'n', 'v', ':', ' ', (byte) 0xC0, (byte) 0xAF, '\n'});
    write("nul.yaml", "env: a\u0000b\n");
    write("list.yaml", "- 1\n- 2\n");
    Files.createDirectories(tmp.resolve("folder.yaml"));
    write("run.txt", "seed: 1\n");
    write("broken.json", "{\"numEnvs\": 4,, }");
    write("dup.yaml", "numEnvs: 4\nnumEnvs: 5\n");
    write("tabs.yaml", "ppo:\n\tclip: 0.1\n");
    write("big.yaml", "# " + "x".repeat((int) ConfigLoader.MAX_FILE_BYTES) + "\n");
    write("steps.yaml", "totalSteps: 4398046511104000\n");
    write("width.yaml", "network:\n  hidden: [64, 1000000]\n");
    write("gamma.yaml", "gamma: .nan\n");

    write("ok.txt", "#####\n#S.G#\n#####\n");
    write("ragged.txt", "#####\n#S.G#\n####\n");
    write("unknown.txt", "#####\n#S?G#\n#####\n");
    write("nostart.txt", "#####\n#..G#\n#####\n");
    write("nogoal.txt", "#####\n#S..#\n#####\n");
    write("border.txt", "#####\n#S.G.\n#####\n");
    write("nokey.txt", "#####\n#SBG#\n#####\n");
    write("maze-binary.txt", new byte[] {'#', '#', '#', '\n', (byte) 0xFF, (byte) 0xFE, 0, 1});
    write("wide.txt", ("#".repeat(10_003) + "\n").repeat(3));
    write("tall.txt", "#####\n".repeat(1000));
    write("huge.txt", new byte[(int) dev.curio.envs.worlds.maze.MazeLayout.MAX_FILE_BYTES + 1]);
    write("empty.txt", "");
    Files.createDirectories(tmp.resolve("mazes"));

    write("plain", "not a directory\n");
    Files.createDirectories(tmp.resolve("taken"));
    write("taken/metrics.csv", "iteration\n");
    String fullConfig = RunConfig.defaults().toYaml();
    run("empty-config", "", true);
    run("cut-config", fullConfig.substring(0, fullConfig.indexOf("rewards:")), true);
    run("binary-config", "", true);
    write("binary-config/config.yaml", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    run("no-checkpoint", fullConfig, false);
    Files.createDirectories(tmp.resolve("config-is-dir/config.yaml"));
    write("config-is-dir/checkpoint.bin", "x");
  }

  private static void run(String name, String config, boolean checkpoint) throws Exception {
    Files.createDirectories(tmp.resolve(name));
    write(name + "/config.yaml", config);
    if (checkpoint) {
      write(name + "/checkpoint.bin", "not read: the config fails first");
    }
  }

  /** One bad input: what stderr must contain, and the arguments. */
  private static Arguments row(String fragment, String... args) {
    return Arguments.of(fragment, args);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        // flags
        row("--num-envs: numEnvs: must be >= 1, got 0", "train", "--num-envs", "0"),
        row("--num-envs: numEnvs: must be >= 1, got -3", "train", "--num-envs", "-3"),
        row("Invalid value for option '--num-envs'", "train", "--num-envs", "3000000000"),
        row("--steps: totalSteps: must be >= 1, got 0", "train", "--steps", "0"),
        row("--steps: totalSteps: must be at most numEnvs * rolloutLength * 2147483647 = 2199023254528", "train",
            "--steps", "4398046511104000"),
        row("Invalid value for option '--steps'", "train", "--steps", "99999999999999999999"),
        row("Invalid value for option '--seed'", "train", "--seed", "1.5"),
        row("--reward: rewards.modules: unknown module 'icn'", "train", "--reward", "icn"),
        row("rewards.modules: lists 'rnd' twice", "train", "--reward", "rnd,rnd"),
        row("rolloutLength: numEnvs * rolloutLength = 65536 * 65536 = 4294967296 rows per iteration", "train",
            "--num-envs", "65536", "--set", "rolloutLength=65536"),
        row("--episodes must be >= 1, got -1", "eval", "--run", "@/empty-config", "--episodes", "-1"),
        // --set values
        row("ppo.annealLearningRate: expected true or false, got 'yes'", "train", "--set", "ppo.annealLearningRate=yes"),
        row("ppo.normalizeAdvantages: expected true or false, got 'off'", "train", "--set", "ppo.normalizeAdvantages=off"),
        row("rewards.icm.unitFeatures: expected true or false, got 'on'", "train", "--set", "rewards.icm.unitFeatures=on"),
        row("ppo.clipValueLoss: expected true or false, got 'n'", "train", "--set", "ppo.clipValueLoss=n"),
        row("gamma: must be in [0.0, 1.0], got 1.5", "train", "--set", "gamma=1.5"),
        row("ppo.learningRate: must be a finite number > 0, got Infinity", "train", "--set", "ppo.learningRate=1e400"),
        row("stopAtReturn: must be a finite number, got -Infinity", "train", "--set", "stopAtReturn=-1e400"),
        row("ppo.entropyCoef: must be a finite number >= 0, got -0.1", "train", "--set", "ppo.entropyCoef=-0.1"),
        row("ppo.minibatches: must be <= numEnvs * rolloutLength = 1024, got 100000", "train", "--set",
            "ppo.minibatches=100000"),
        row("network.hidden: each layer must be at most 16384 wide, got 100000", "train", "--set",
            "network.hidden=[100000]"),
        row("network.hidden: needs at least one layer", "train", "--set", "network.hidden=[]"),
        row("numEnvs: expected an integer, got 8.5", "train", "--set", "numEnvs=8.5"),
        row("numEnvs: must be at most 2147483647, got 9999999999", "train", "--set", "numEnvs=9999999999"),
        row("rewards.ec.memoryCapacity: numEnvs * memoryCapacity * 2 * embeddingDim", "train", "--reward", "ec",
            "--set", "rewards.ec.memoryCapacity=2000000000"),
        row("--set noequals: expected key=value", "train", "--set", "noequals"),
        row("--set =3: expected key=value", "train", "--set", "=3"),
        row("ppo..clip: not a config key", "train", "--set", "ppo..clip=1"),
        row("ppo: is a section; give its keys", "train", "--set", "ppo=3"),
        row("gym.timeout: must be at most 86400 (a day), got 1.0E9", "train", "--set", "gym.timeout=1e9"),
        row("gym.connectRetries: must be >= 0, got -1", "train", "--set", "gym.connectRetries=-1"),
        row("vectorEnv: must be sync or threaded, got 'async'", "train", "--set", "vectorEnv=async"),
        // config files
        row("@/yes.yaml:2: ppo.annealLearningRate: expected true or false, got 'yes'", "train", "--config", "@/yes.yaml"),
        row("@/on.json:1: ppo.normalizeAdvantages: expected true or false, got 'on'", "train", "--config", "@/on.json"),
        row("@/binary.yaml:1: byte 0xC0 at column 6 is not UTF-8 text", "train", "--config", "@/binary.yaml"),
        row("@/nul.yaml:1: malformed YAML", "train", "--config", "@/nul.yaml"),
        row("@/list.yaml:1: expected a mapping of config keys at the top level", "train", "--config", "@/list.yaml"),
        row("@/folder.yaml: is a directory, not a config file", "train", "--config", "@/folder.yaml"),
        row("@/missing.yaml: no such config file", "train", "--config", "@/missing.yaml"),
        row("@/run.txt: a config file must end in .yaml, .yml or .json", "train", "--config", "@/run.txt"),
        row("@/broken.json:1: malformed JSON", "train", "--config", "@/broken.json"),
        row("@/dup.yaml:2: malformed YAML", "train", "--config", "@/dup.yaml"),
        row("@/tabs.yaml:2: malformed YAML", "train", "--config", "@/tabs.yaml"),
        row("@/big.yaml: is 1048579 bytes; a config file holds at most 1048576 bytes", "train", "--config", "@/big.yaml"),
        row("@/steps.yaml:1: totalSteps: must be at most", "train", "--config", "@/steps.yaml"),
        row("@/width.yaml:2: network.hidden: each layer must be at most 16384 wide", "train", "--config", "@/width.yaml"),
        row("@/gamma.yaml:1: malformed YAML at column 12: Malformed numeric value '.nan'", "train", "--config", "@/gamma.yaml"),
        // env ids and maze files
        row("unknown env 'nope'", "train", "--env", "nope"),
        row("a maze file is maze-file:<path>, e.g. maze-file:@/ok.txt", "train", "--env", "maze:@/ok.txt"),
        row("env 'maze-file:': name the maze file", "train", "--env", "maze-file:"),
        row("@/missing.txt: no such maze file", "train", "--env", "maze-file:@/missing.txt"),
        row("@/mazes: is a directory, not a maze file", "train", "--env", "maze-file:@/mazes"),
        row("@/maze-binary.txt:2:1: byte 0xFF is not UTF-8 text", "train", "--env", "maze-file:@/maze-binary.txt"),
        row("@/ragged.txt:3:5: row is 4 cells wide but the first row is 5", "train", "--env", "maze-file:@/ragged.txt"),
        row("@/unknown.txt:2:3: unknown character '?'", "train", "--env", "maze-file:@/unknown.txt"),
        row("@/nostart.txt:1:1: the grid (lines 1-3) has no start 'S'", "train", "--env", "maze-file:@/nostart.txt"),
        row("@/nogoal.txt:1:1: the grid (lines 1-3) has no goal 'G'", "train", "--env", "maze-file:@/nogoal.txt"),
        row("@/border.txt:2:5: border cell is '.'", "train", "--env", "maze-file:@/border.txt"),
        row("@/nokey.txt:2:3: door 'B' has no key 'b'", "train", "--env", "maze-file:@/nokey.txt"),
        row("@/wide.txt:1:129: row is 10003 cells wide; a maze is at most 128 wide", "train", "--env",
            "maze-file:@/wide.txt"),
        row("@/tall.txt:129:1: grid row 129; a maze is at most 128 rows high", "train", "--env", "maze-file:@/tall.txt"),
        row("@/huge.txt: is 1048577 bytes; a maze file holds at most 1048576 bytes", "train", "--env",
            "maze-file:@/huge.txt"),
        row("@/empty.txt:1:1: no grid rows", "train", "--env", "maze-file:@/empty.txt"),
        row("-ego4 must be odd and in [3, 255]", "train", "--env", "maze-file:@/ok.txt-ego4"),
        row("@/missing.txt: no such maze file", "check-env", "maze-file:@/missing.txt"),
        row("@/ragged.txt:3:5: row is 4 cells wide", "check-env", "maze-file:@/ragged.txt"),
        row("@/ragged.txt:3:5: row is 4 cells wide", "train", "--set", "env=maze-file:@/ragged.txt"),
        // run directories
        row("--run-dir @/plain: is a file, not a directory", "train", "--run-dir", "@/plain"),
        row("--run-dir @/plain/sub: @/plain is a file, not a directory", "train", "--run-dir", "@/plain/sub"),
        row("--run-dir @/taken already holds files", "train", "--run-dir", "@/taken"),
        row("@/plain: is a file, not a run directory", "train", "--resume", "@/plain"),
        row("@/plain: is a file, not a run directory", "eval", "--run", "@/plain"),
        row("@/nowhere: no such run directory", "train", "--resume", "@/nowhere"),
        row("@/empty-config/config.yaml: is empty, but curio writes every key", "train", "--resume", "@/empty-config"),
        row("@/empty-config/config.yaml: is empty, but curio writes every key", "eval", "--run", "@/empty-config"),
        row("@/cut-config/config.yaml: rewards.modules: missing (and ", "eval", "--run", "@/cut-config"),
        row("@/cut-config/config.yaml: rewards.modules: missing (and ", "train", "--resume", "@/cut-config"),
        row("@/binary-config/config.yaml:1: byte 0x89 at column 1 is not UTF-8 text", "eval", "--run",
            "@/binary-config"),
        row("@/no-checkpoint/checkpoint.bin: no checkpoint.bin: the run stopped before its first checkpoint", "eval",
            "--run", "@/no-checkpoint"),
        row("@/config-is-dir/config.yaml: not a run directory: it has no config.yaml", "train", "--resume",
            "@/config-is-dir"));
  }

  /** How many bad inputs the table holds (reported in the issue; at least 40 asked). */
  static final int AT_LEAST = 40;

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badInputs")
  void isOneLineExitTwo(String fragment, String[] args) {
    String[] resolved = Arrays.stream(args).map(BadInputTest::at).toArray(String[]::new);
    UserErrorTest.expectUserError(at(fragment), resolved);
  }

  @Test
  void theTableIsLargeEnough() {
    assertTrue(badInputs().count() >= AT_LEAST, "bad inputs: " + badInputs().count());
  }

  @Test
  void mazeFileRunsGetASafeDirectoryAndTheUnreachableGoalIsOneWarning() throws Exception {
    Path maze = tmp.resolve("my maze (v2)?.txt");
    Files.writeString(maze, "; description: two rooms, no door\n#######\n#S.#.G#\n#..#..#\n#######\n");
    Path runs = tmp.resolve("runs");
    Cli.Result r = Cli.run(cl -> Cli.train(cl).runsRoot = runs, "train", "--env", "maze-file:" + maze, "-q",
        "--num-envs", "1", "--set", "rolloutLength=16", "--steps", "16", "--set", "ppo.minibatches=1",
        "--set", "network.torso=mlp", "--set", "network.hidden=[8]");
    assertEquals(0, r.exit(), r.toString());
    List<String> err = r.err().lines().toList();
    assertEquals(1, err.size(), r.toString());
    assertTrue(err.get(0).startsWith("curio train: warning: " + maze + ": no goal 'G' can be reached from the start"),
        r.toString());
    try (Stream<Path> made = Files.list(runs)) {
      List<String> names = made.map(p -> p.getFileName().toString()).toList();
      assertEquals(1, names.size(), names.toString());
      assertTrue(names.get(0).matches("[A-Za-z0-9._-]+-s1"), names.get(0));
      assertTrue(names.get(0).startsWith("maze-file-"), names.get(0));
    }
    String written = Files.readString(Files.list(runs).findFirst().orElseThrow().resolve("config.yaml"),
        StandardCharsets.UTF_8);
    assertEquals("maze-file:" + maze, RunConfig.of(RunConfig.loader().text(written, "config.yaml", false)).train().env());
    assertTrue(TrainConfig.defaults().env().startsWith("maze:"));
  }
}
