package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.TrainConfig;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random mutations of valid YAML and JSON configs and of {@code --set} assignments: every input
 * either loads or is refused with one line (a {@link ConfigLoadException} or a {@code ConfigException},
 * the two the CLI shows as user errors); never another exception, never a message over several lines.
 */
class ConfigLoaderFuzzTest {
  /** Invocations and cases per invocation: 24 x 50 YAML, 12 x 50 JSON, 12 x 50 --set (2,400 cases, a few seconds). */
  static final int YAML_BATCHES = 24;
  static final int OTHER_BATCHES = 12;
  static final int PER_BATCH = 50;

  private static final List<String> YAML_SEEDS = List.of(
      ConfigLoader.toYaml(TrainConfig.defaults()),
      ConfigLoader.toYaml(TrainConfig.builder().env("chain-10").numEnvs(3).rolloutLength(17).stopAtReturn(0.5)
          .ppo(PpoConfig.builder().minibatches(3).annealLearningRate(false).build())
          .network(new NetworkConfig("mlp", List.of(7, 5), "relu", List.of(1, 2, 3)))
          .rewards(RewardsConfig.none().withModules(List.of("rnd", "icm"))).build()),
      "env: chain-10\nnumEnvs: 4\nppo:\n  clip: 0.1\n  learningRate: 3e-4\nnetwork:\n  hidden: [32, 16]\n",
      "# comment\nseed: 7\nrewards:\n  modules: [ec]\n  ec:\n    k: 3\n    pretrained: true\n");
  private static final List<String> JSON_SEEDS = YAML_SEEDS.stream().map(ConfigLoaderFuzzTest::toJson).toList();

  private static String toJson(String yaml) {
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(new YAMLMapper().readTree(yaml));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tokens a mutation puts in: values of every type and edge, YAML syntax, and hostile characters. */
  private static final String[] TOKENS = {"yes", "no", "on", "off", "y", "n", "True", "true", "false", "null", "~", "",
      "0", "-1", "1", "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "1e308", "1e309",
      "-1e309", ".inf", "-.inf", ".nan", "NaN", "0.5", "-0.0", "0x10", "0o17", "1_000", "[]", "[1, 2]", "[null]",
      "[[1]]", "{}", "{a: 1}", "\"8\"", "'x'", "&a", "*a", "<<: *a", "!!binary AAAA", "!!python/object:x {}", "? ",
      ": ", "- ", "-", "|", ">", "#", "\"", "'", "[", "]", "{", "}", ",", "\t", "\n", "\r", "\u0000", "\u2028", "\uFEFF",
      "\ud800", "\u00e9", "%YAML 1.1\n---\n", "---\n", "...\n", "ppo:", "  ", "numEnvs: 1\n", "rewards:\n  modules: [x]\n",
      "network: {hidden: [100000]}\n", "totalSteps: 4398046511104000\n", "a: &x [*x]\n"};

  static IntStream yamlBatches() {
    return IntStream.range(0, YAML_BATCHES);
  }

  static IntStream otherBatches() {
    return IntStream.range(0, OTHER_BATCHES);
  }

  static String mutate(String text, Random r) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
      int kind = r.nextInt(8);
      if (kind < 3) { // a value becomes another: after a ": " replace up to the end of the line
        int colon = sb.indexOf(": ", at);
        if (colon >= 0) {
          int end = sb.indexOf("\n", colon);
          sb.replace(colon + 2, end < 0 ? sb.length() : end, TOKENS[r.nextInt(TOKENS.length)]);
        }
      } else if (kind == 3) {
        sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
      } else if (kind == 4) {
        if (sb.length() > 0) {
          sb.delete(Math.min(at, sb.length() - 1), Math.min(sb.length(), at + 1 + r.nextInt(10)));
        }
      } else if (kind == 5) {
        sb.setLength(Math.min(sb.length(), at)); // truncated
      } else if (kind == 6) { // a line twice (a duplicate key, mostly)
        int start = sb.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
        int end = sb.indexOf("\n", at);
        if (end > start) {
          sb.insert(end + 1, sb.substring(start, end) + "\n");
        }
      } else {
        sb.insert(at, (char) r.nextInt(0x3000));
      }
    }
    return sb.toString();
  }

  private static void load(String input, boolean json, String source) {
    try {
      new ConfigLoader().text(input, source, json).build();
    } catch (IllegalArgumentException e) { // ConfigLoadException and ConfigException are both
      checkOneLine(e, input);
    } catch (RuntimeException | StackOverflowError e) {
      fail(source + ": threw " + e + " for: " + printable(input), e);
    }
  }

  static void checkOneLine(IllegalArgumentException e, String input) {
    // the CLI shows these two as one-line user errors; any other exception would print a stack trace
    assertTrue(e instanceof ConfigLoadException || e instanceof dev.curio.core.config.ConfigException,
        "threw " + e.getClass().getName() + " (" + e.getMessage() + ") for: " + printable(input));
    String m = e.getMessage();
    assertTrue(m != null && !m.isBlank(), "empty message for: " + printable(input));
    assertFalse(m.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085'
        || c == '\u000B' || c == '\u000C'), "multi-line message '" + m + "' for: " + printable(input));
  }

  private static String printable(String s) {
    return s.replace("\n", "\\n").replace("\r", "\\r");
  }

  @ParameterizedTest
  @MethodSource("yamlBatches")
  void mutatedYamlLoadsOrFailsInOneLine(int batch) {
    for (int i = 0; i < PER_BATCH; i++) {
      int seed = batch * PER_BATCH + i;
      load(mutate(YAML_SEEDS.get(seed % YAML_SEEDS.size()), new Random(seed)), false, "fuzz-" + seed + ".yaml");
    }
  }

  @ParameterizedTest
  @MethodSource("otherBatches")
  void mutatedJsonLoadsOrFailsInOneLine(int batch) {
    for (int i = 0; i < PER_BATCH; i++) {
      int seed = 100_000 + batch * PER_BATCH + i;
      load(mutate(JSON_SEEDS.get(seed % JSON_SEEDS.size()), new Random(seed)), true, "fuzz-" + seed + ".json");
    }
  }

  @ParameterizedTest
  @MethodSource("otherBatches")
  void randomAssignmentsLoadOrFailInOneLine(int batch) {
    List<String> keys = new ConfigLoader().allKeys();
    for (int i = 0; i < PER_BATCH; i++) {
      Random r = new Random(200_000 + batch * PER_BATCH + i);
      String key = keys.get(r.nextInt(keys.size()));
      String assignment = r.nextInt(5) == 0 ? mutate(key + "=" + TOKENS[r.nextInt(TOKENS.length)], r)
          : key + "=" + TOKENS[r.nextInt(TOKENS.length)];
      try {
        new ConfigLoader().set(assignment, "--set").build();
      } catch (IllegalArgumentException e) {
        checkOneLine(e, assignment);
      } catch (RuntimeException | StackOverflowError e) {
        fail("--set " + printable(assignment) + " threw " + e, e);
      }
    }
  }
}
