package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static ConfigLoadException yamlError(String yaml) {
    return assertThrows(ConfigLoadException.class, () -> new ConfigLoader().text(yaml, "cfg.yaml", false).build());
  }

  @Test
  void theLoopReadsPastTheGymSectionTheCliWrites() {
    TrainConfig c = TrainConfig.builder().env("CartPole-v1").seed(9).build();
    String cliWritten = ConfigLoader.toYaml(c, java.util.Map.of("gym", java.util.Map.of("url", "http://127.0.0.1:5000")));
    assertEquals(c, ConfigLoader.fromYaml(cliWritten));
    // a loader that adds the section reads and checks it instead
    ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> new ConfigLoader()
        .section("gym", java.util.Map.of("url", "x")).text("gym:\n  uri: y\n", "<yaml>", false));
    assertEquals("gym.uri", e.key());
  }

  @Test
  void noLayersGiveTheDefaults() {
    assertEquals(TrainConfig.defaults(), new ConfigLoader().build());
  }

  @Test
  void fileOverridesDefaultsAndFlagsOverrideTheFile() throws Exception {
    Path f = file("run.yaml", """
        env: chain-10
        numEnvs: 4
        seed: 3
        ppo:
          clip: 0.1
          learningRate: 3e-4
        network:
          hidden: [32, 16]
        stopAtReturn: 0.9
        """);
    TrainConfig c = new ConfigLoader().file(f).put("seed", 7L, "--seed").set("ppo.epochs=2", "--set").build();
    assertEquals("chain-10", c.env());
    assertEquals(4, c.numEnvs());
    assertEquals(7, c.seed());
    assertEquals(0.1, c.ppo().clip());
    assertEquals(3e-4, c.ppo().learningRate());
    assertEquals(2, c.ppo().epochs());
    assertEquals(PpoConfig.defaults().gaeLambda(), c.ppo().gaeLambda(), "untouched keys keep their defaults");
    assertEquals(List.of(32, 16), c.network().hidden());
    assertEquals(NetworkConfig.defaults().activation(), c.network().activation());
    assertEquals(0.9, c.stopAtReturn());
    assertEquals(TrainConfig.defaults().rolloutLength(), c.rolloutLength());
  }

  @Test
  void jsonFilesAreReadByExtension() throws Exception {
    Path f = file("run.json", "{\"numEnvs\": 2, \"ppo\": {\"minibatches\": 2}, \"stopAtReturn\": null}");
    TrainConfig c = ConfigLoader.load(f);
    assertEquals(2, c.numEnvs());
    assertEquals(2, c.ppo().minibatches());
    assertNull(c.stopAtReturn());
  }

  @Test
  void roundTripThroughYamlGivesAnEqualRecord() {
    TrainConfig d = TrainConfig.defaults();
    assertEquals(d, ConfigLoader.fromYaml(ConfigLoader.toYaml(d)));
    TrainConfig c = TrainConfig.builder().env("maze:two-rooms").numEnvs(3).rolloutLength(17)
        .totalSteps(12_345_678_901L).seed(-5).gamma(0.97).vectorEnv("threaded").returnWindow(7).stopAtReturn(-0.25)
        .checkpointEvery(0).maxEpisodeSteps(40).nd4jThreads(33).ppo(PpoConfig.builder().learningRate(1.2345678e-4)
        .annealLearningRate(false).epochs(3).minibatches(3).clip(0.15).clipValueLoss(false).entropyCoef(0.0)
        .valueCoef(0.75).maxGradNorm(0.0).normalizeAdvantages(false).gaeLambda(1.0).adamEpsilon(1e-8)
        .valueNorm("popart").popartBeta(0.01).popartSigmaMin(1e-3).popartSigmaMax(1e4).build())
        .network(new NetworkConfig("mlp", List.of(7, 5, 3), "relu", List.of(1, 2, 3), "orthogonal")).build();
    String yaml = ConfigLoader.toYaml(c);
    assertEquals(c, ConfigLoader.fromYaml(yaml), yaml);
    assertTrue(yaml.contains("stopAtReturn: -0.25"), yaml);
    assertTrue(ConfigLoader.toYaml(d).contains("stopAtReturn: null"));
  }

  @Test
  void everyKeyIsListed() {
    List<String> keys = ConfigLoader.keys();
    assertTrue(keys.containsAll(List.of("env", "numEnvs", "stopAtReturn", "ppo.clip", "ppo.learningRate",
        "network.hidden", "network.cnnChannels")), keys.toString());
    assertFalse(keys.contains("ppo"), "sections are not leaves");
    assertFalse(keys.contains("stepsPerIteration"), "derived values are not keys");
  }

  @Test
  void unknownKeyNamesTheKeyTheFileAndTheLineWithASuggestion() {
    ConfigLoadException e = yamlError("""
        numEnvs: 4
        ppo:
          clp: 0.1
        """);
    assertEquals("cfg.yaml:3: ppo.clp: unknown key (did you mean 'ppo.clip'?)", e.getMessage());
    assertEquals("ppo.clp", e.key());
    assertEquals(3, e.line());
  }

  @Test
  void keyAtTheWrongLevelSuggestsItsSection() {
    assertEquals("cfg.yaml:1: clip: unknown key (did you mean 'ppo.clip'?)", yamlError("clip: 0.3").getMessage());
    assertEquals("cfg.yaml:1: num_envs: unknown key (did you mean 'numEnvs'?)", yamlError("num_envs: 3").getMessage());
    assertEquals("cfg.yaml:1: zzzzzzzz: unknown key", yamlError("zzzzzzzz: 3").getMessage());
  }

  @Test
  void valuesTheRecordsRejectNameKeyAndValue() {
    assertEquals("cfg.yaml:1: numEnvs: must be >= 1, got 0", yamlError("numEnvs: 0").getMessage());
    assertEquals("cfg.yaml:3: ppo.clip: must be a finite number > 0, got -1.0",
        yamlError("seed: 1\nppo:\n  clip: -1\n").getMessage());
    assertEquals("cfg.yaml:2: network.init: must be glorot or orthogonal, got 'he'",
        yamlError("network:\n  init: he\n").getMessage());
  }

  @Test
  void wrongTypesNameKeyAndValue() {
    assertEquals("cfg.yaml:1: numEnvs: expected an integer, got 'eight'", yamlError("numEnvs: eight").getMessage());
    assertEquals("cfg.yaml:1: numEnvs: expected an integer, got 8.5", yamlError("numEnvs: 8.5").getMessage());
    assertEquals("cfg.yaml:2: ppo.annealLearningRate: expected true or false, got 'maybe'",
        yamlError("ppo:\n  annealLearningRate: maybe\n").getMessage());
    assertEquals("cfg.yaml:1: gamma: expected a number, got 'high'", yamlError("gamma: high").getMessage());
    assertEquals("cfg.yaml:1: network.hidden: expected a list, got 'wide'",
        yamlError("network: {hidden: wide}").getMessage());
    assertEquals("cfg.yaml:1: numEnvs: expected an integer, got an empty value", yamlError("numEnvs:").getMessage());
    assertEquals("cfg.yaml:1: numEnvs: expected an integer, got null", yamlError("numEnvs: null").getMessage());
    assertTrue(yamlError("ppo: 3").getMessage().startsWith("cfg.yaml:1: ppo: is a section; give its keys"));
  }

  @Test
  void malformedYamlNamesFileAndLine() throws Exception {
    Path f = file("bad.yaml", "numEnvs: 4\nppo:\n  clip: [0.1\nseed: 2\n");
    ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(f));
    assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
    assertTrue(e.line() >= 3, e.getMessage());
    assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void malformedJsonNamesFileAndLine() throws Exception {
    Path f = file("bad.json", "{\n  \"numEnvs\": 4,\n  \"seed\": ,\n}\n");
    ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(f));
    assertEquals(3, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith(f + ":3: malformed JSON"), e.getMessage());
  }

  @Test
  void duplicateKeysAreAnError() {
    ConfigLoadException e = yamlError("numEnvs: 4\nnumEnvs: 5\n");
    assertTrue(e.getMessage().contains("numEnvs"), e.getMessage());
    assertEquals(2, e.line(), e.getMessage());
  }

  @Test
  void emptyFileChangesNothingAndATopLevelListIsAnError() throws Exception {
    assertEquals(TrainConfig.defaults(), ConfigLoader.load(file("empty.yaml", "# nothing\n")));
    assertEquals("cfg.yaml:1: expected a mapping of config keys at the top level, got [1,2]",
        yamlError("- 1\n- 2\n").getMessage());
  }

  @Test
  void missingFileAndWrongExtension() throws Exception {
    ConfigLoadException missing = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(dir.resolve("no.yaml")));
    assertTrue(missing.getMessage().endsWith("no.yaml: no such config file"), missing.getMessage());
    ConfigLoadException ext = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(file("run.txt", "seed: 1")));
    assertTrue(ext.getMessage().endsWith("run.txt: a config file must end in .yaml, .yml or .json"), ext.getMessage());
  }

  @Test
  void flagErrorsNameTheFlag() {
    ConfigLoadException unknown = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().set("ppo.clp=0.1", "--set").build());
    assertEquals("--set ppo.clp=0.1: ppo.clp: unknown key (did you mean 'ppo.clip'?)", unknown.getMessage());
    ConfigLoadException bad = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().put("numEnvs", 0, "--num-envs").build());
    assertEquals("--num-envs: numEnvs: must be >= 1, got 0", bad.getMessage());
    ConfigLoadException noEq = assertThrows(ConfigLoadException.class, () -> new ConfigLoader().set("seed", "--set"));
    assertEquals("--set seed: expected key=value", noEq.getMessage());
  }

  @Test
  void setReadsValuesAsYaml() {
    TrainConfig c = new ConfigLoader()
        .set("network.hidden=[8, 4]", "--set")
        .set("stopAtReturn=0.5", "--set")
        .set("env=maze:two-rooms", "--set")
        .set("ppo.normalizeAdvantages=false", "--set")
        .set("network.init=orthogonal", "--set")
        .build();
    assertEquals(List.of(8, 4), c.network().hidden());
    assertEquals("orthogonal", c.network().init());
    assertEquals(0.5, c.stopAtReturn());
    assertEquals("maze:two-rooms", c.env());
    assertFalse(c.ppo().normalizeAdvantages());
    assertNull(new ConfigLoader().set("stopAtReturn=0.5", "--set").set("stopAtReturn=null", "--set").build().stopAtReturn());
  }

  @Test
  void crossKeyChecksNameTheKeyWithoutASource() {
    ConfigLoadException e = assertThrows(ConfigLoadException.class,
        () -> new ConfigLoader().put("numEnvs", 1, "--num-envs").put("rolloutLength", 2, "--set").build());
    assertEquals("ppo.minibatches: must be <= numEnvs * rolloutLength = 2, got 4", e.getMessage());
  }
}
