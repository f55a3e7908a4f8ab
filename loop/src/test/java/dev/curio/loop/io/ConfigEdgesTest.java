package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.config.ConfigException;
import dev.curio.loop.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs at the edge of the config: YAML 1.1 booleans, bytes that are not text, run configs cut short, overflow. */
class ConfigEdgesTest {
  @TempDir
  Path dir;

  private static ConfigLoadException yamlError(String yaml) {
    return assertThrows(ConfigLoadException.class, () -> new ConfigLoader().text(yaml, "cfg.yaml", false).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "no", "on", "off", "y", "n", "Yes", "OFF"})
  void yaml11BooleansAreWordsThatABooleanKeyRejects(String word) {
    assertEquals("cfg.yaml:2: ppo.annealLearningRate: expected true or false, got '" + word + "' (only true and false"
        + " are booleans: YAML 1.1's yes/no/on/off/y/n are not)",
        yamlError("ppo:\n  annealLearningRate: " + word + "\n").getMessage());
    ConfigLoadException set = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().set("ppo.normalizeAdvantages=" + word, "--set").build());
    assertTrue(set.getMessage().startsWith("--set ppo.normalizeAdvantages=" + word
        + ": ppo.normalizeAdvantages: expected true or false, got '" + word + "'"), set.getMessage());
  }

  @Test
  void aSecondDocumentIsRefusedNotDropped() {
    assertEquals("cfg.yaml:3: a second YAML document (after '---' or '...'); a config file holds one",
        yamlError("numEnvs: 8\n---\nseed: 3\n").getMessage());
    assertEquals("cfg.yaml:4: a second YAML document (after '---' or '...'); a config file holds one",
        yamlError("seed: 5\n...\n---\nseed: 6\n").getMessage());
    // malformed text after the first document is reported, not skipped
    assertTrue(yamlError("seed: 5\n...\ngarbage: [\n").getMessage().startsWith("cfg.yaml:"),
        "the error names the file and line");
    ConfigLoadException json = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().text("{\"seed\": 2}\n{\"seed\": 3}", "cfg.json", true).build());
    assertEquals("cfg.json:2: a second JSON value after the first; a config file holds one object", json.getMessage());
    // a leading '---' and a trailing empty document hold nothing to lose
    assertEquals(4, new ConfigLoader().text("---\nseed: 4\n---\n", "cfg.yaml", false).build().seed());
  }

  @Test
  void aliasesAreRefusedNotReadAsTheirNames() {
    assertEquals("cfg.yaml:1: YAML aliases (*CartPole-v1) are not supported in a config file; write the value out",
        yamlError("tasks: {ids: [&CartPole-v1 maze:open-7x7-pos, *CartPole-v1]}\n").getMessage());
    assertEquals("cfg.yaml:2: YAML aliases (*x) are not supported in a config file; write the value out",
        yamlError("ppo:\n  clip: *x\n").getMessage());
    // a flag's value that starts with * or & is text, never an alias
    ConfigLoadException set = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().set("ppo.clip=*x", "--set").build());
    assertTrue(set.getMessage().contains("got '*x'"), set.getMessage());
    ConfigLoadException inList = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().set("tasks.ids=[CartPole-v1, *b]", "--set").build());
    assertTrue(inList.getMessage().contains("[CartPole-v1, *b]"), inList.getMessage());
  }

  @Test
  void aDottedKeyInAFileIsToldToNestAndSuggestionsKeepToTheSection() {
    assertEquals("cfg.yaml:2: ppo.learningRate: a dotted key in a file; nest it ('ppo:' with 'learningRate:' indented"
        + " below it); dotted keys are for --set", yamlError("seed: 2\nppo.learningRate: 0.01\n").getMessage());
    assertEquals("cfg.yaml:3: rewards.rnd.hiden: unknown key (did you mean 'rewards.rnd.hidden'?)",
        yamlError("rewards:\n  rnd:\n    hiden: 3\n").getMessage());
    assertEquals("cfg.yaml:2: network.hiden: unknown key (did you mean 'network.hidden'?)",
        yamlError("network:\n  hiden: [64]\n").getMessage());
  }

  @Test
  void aKeyThatIsNotAWordIsNamedWithoutTheParsersInternals() {
    String m = yamlError("? [a, b]\n: 1\n").getMessage();
    assertTrue(m.startsWith("cfg.yaml:1: ") && !m.contains("org.yaml") && !m.contains("Event"), m);
  }

  @Test
  void yaml11BooleanWordsAreStringsWhereAStringIsWanted() {
    assertEquals("yes", new ConfigLoader().text("env: yes\n", "cfg.yaml", false).build().env());
    assertFalse(new ConfigLoader().text("ppo: {annealLearningRate: false}", "cfg.yaml", false).build().ppo()
        .annealLearningRate());
  }

  @Test
  void bytesThatAreNotUtf8NameLineAndColumn() throws Exception {
    Path f = dir.resolve("bin.yaml");
    Files.write(f, new byte[] {'s', 'e', 'e', 'd', ':', ' ', '1', '\n', 'e', 'n', 'v', ':', ' ', (byte) 0xFF, 'x', '\n'});
    ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(f));
    assertEquals(f + ":2: byte 0xFF at column 6 is not UTF-8 text; a config file is YAML or JSON text", e.getMessage());
    Path zip = dir.resolve("zip.json");
    Files.write(zip, new byte[] {'P', 'K', 3, 4, (byte) 0x80, 0, 0});
    assertTrue(assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(zip)).getMessage()
        .startsWith(zip + ":1: byte 0x80 at column 5"));
  }

  @Test
  void directoriesAndHugeFilesAreNotConfigs() throws Exception {
    Path d = Files.createDirectory(dir.resolve("d.yaml"));
    assertEquals(d + ": is a directory, not a config file",
        assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(d)).getMessage());
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "# " + "x".repeat((int) ConfigLoader.MAX_FILE_BYTES) + "\n");
    assertTrue(assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(big)).getMessage()
        .endsWith("a config file holds at most 1048576 bytes (1 MiB)"));
  }

  @Test
  void controlCharactersNeverBreakTheLine() {
    String m = yamlError("\"a\\nb\\u2028c\": 1\n").getMessage();
    assertFalse(m.contains("\n") || m.contains("\u2028"), m);
    assertTrue(m.contains("a; b"), m);
    String v = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().put("vectorEnv", "sync\u0000\r\nx", "--set").build()).getMessage();
    assertEquals("--set: vectorEnv: must be sync or threaded, got 'syncU+0000; x'", v);
  }

  @Test
  void aRunConfigMustHoldEveryKey() throws Exception {
    Path full = dir.resolve("config.yaml");
    TrainConfig c = TrainConfig.builder().env("chain-10").seed(4).build();
    Files.writeString(full, ConfigLoader.toYaml(c));
    assertEquals(c, new ConfigLoader().runFile(full).build());

    Files.writeString(full, "");
    assertEquals(full + ": is empty, but curio writes every key of a run's config there: the run directory is damaged"
        + " (restore the file from a copy to use the run's checkpoint)",
        assertThrows(ConfigLoadException.class, () -> new ConfigLoader().runFile(full)).getMessage());
    Files.writeString(full, "# only comments\n");
    assertTrue(assertThrows(ConfigLoadException.class, () -> new ConfigLoader().runFile(full)).getMessage()
        .contains("is empty"));

    String yaml = ConfigLoader.toYaml(c);
    String cut = yaml.substring(0, yaml.indexOf("rewards:"));
    Files.writeString(full, cut);
    ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> new ConfigLoader().runFile(full));
    assertEquals("rewards.modules", e.key(), e.getMessage());
    assertTrue(e.getMessage().startsWith(full + ": rewards.modules: missing (and "), e.getMessage());
    assertTrue(e.getMessage().contains("the file is truncated or was edited"), e.getMessage());
    // the same text as an ordinary --config file is fine: missing keys keep their defaults
    assertEquals(c, new ConfigLoader().file(full).build());

    // a run written before the end line and the nonFinite key existed still resumes
    String old = yaml.replace(ConfigLoader.END + "\n", "").replaceAll("(?m)^nonFinite: .*\n", "");
    assertFalse(old.contains("nonFinite") || old.contains(ConfigLoader.END), old);
    Files.writeString(full, old);
    assertEquals(c, new ConfigLoader().runFile(full).build());

    // nor do the influence section and the PopArt keys, added after such runs were written
    String older = old.replaceAll("(?m)^  influence:\n(^    .*\n)+", "").replaceAll("(?m)^  (valueNorm|popart\\w+): .*\n", "");
    assertFalse(older.contains("influence:") || older.contains("valueNorm") || older.contains("popartBeta"), older);
    Files.writeString(full, older);
    assertEquals(c, new ConfigLoader().runFile(full).build());
  }

  @Test
  void aSectionMayBeAbsentFromARunConfigButNotHalfThere() throws Exception {
    Path f = dir.resolve("config.yaml");
    String loopOnly = ConfigLoader.toYaml(TrainConfig.defaults());
    Files.writeString(f, loopOnly);
    assertEquals(TrainConfig.defaults(), new ConfigLoader().section("extra", new Extra(1, 2)).runFile(f).build());
    Files.writeString(f, loopOnly + "extra:\n  a: 3\n");
    ConfigLoadException e = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().section("extra", new Extra(1, 2)).runFile(f));
    assertEquals("extra.b", e.key(), e.getMessage());
  }

  /** A settings record for a section. */
  record Extra(int a, int b) {}

  @Test
  void stepCountsCannotOverflow() {
    ConfigException steps = assertThrows(ConfigException.class,
        () -> TrainConfig.builder().totalSteps(4_398_046_511_104_000L).build());
    assertEquals("totalSteps: must be at most numEnvs * rolloutLength * 2147483647 = 2199023254528 (at most 2147483647"
        + " iterations), got 4398046511104000", steps.getMessage());
    TrainConfig most = TrainConfig.builder().totalSteps(1024L * Integer.MAX_VALUE).build();
    assertEquals(Integer.MAX_VALUE, most.plannedIterations(), "the bound is exact: no clamping needed");
    ConfigException rows = assertThrows(ConfigException.class,
        () -> TrainConfig.builder().numEnvs(65_536).rolloutLength(65_536).build());
    assertEquals("rolloutLength: numEnvs * rolloutLength = 65536 * 65536 = 4294967296 rows per iteration; at most"
        + " 2147483647", rows.getMessage());
    assertEquals(Integer.MAX_VALUE, TrainConfig.builder().numEnvs(Integer.MAX_VALUE).rolloutLength(1)
        .totalSteps(Integer.MAX_VALUE).build().stepsPerIteration());
  }

  @Test
  void sizesAreBounded() {
    ConfigLoadException hidden = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().set("network.hidden=[64, 100000]", "--set").build());
    assertEquals("--set network.hidden=[64, 100000]: network.hidden: each layer must be at most 16384 wide, got 100000",
        hidden.getMessage());
    assertTrue(assertThrows(ConfigLoadException.class, () -> new ConfigLoader().set("rewards.modules=[rnd]", "--set")
        .set("rewards.rnd.hidden=20000", "--set").build()).getMessage().contains("rewards.rnd.hidden: must be at most 16384"));
    assertTrue(assertThrows(ConfigLoadException.class, () -> new ConfigLoader().set("rewards.modules=[ec]", "--set")
        .set("rewards.ec.memoryCapacity=2000000000", "--set").build()).getMessage()
        .contains("rewards.ec.memoryCapacity: numEnvs * memoryCapacity * 2 * embeddingDim = 1024000000000 floats"));
    // a module's settings count only when it is listed
    new ConfigLoader().set("rewards.ec.memoryCapacity=2000000000", "--set").set("rewards.rnd.hidden=20000", "--set")
        .build();
    assertTrue(assertThrows(ConfigLoadException.class, () -> new ConfigLoader()
        .set("numEnvs=99999999999", "--set").build()).getMessage().contains("numEnvs: must be at most 2147483647"));
    for (String bad : List.of("gamma=.nan", "ppo.learningRate=1e309", "stopAtReturn=-1e309", "ppo.clip=.nan",
        "rewards.rnd.coefficient=1e400")) {
      ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> new ConfigLoader().set(bad, "--set").build());
      assertTrue(e.getMessage().startsWith("--set " + bad + ": " + bad.substring(0, bad.indexOf('=')) + ": "),
          e.getMessage());
    }
  }
}
