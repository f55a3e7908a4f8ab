package dev.curio.loop.io;

import dev.curio.core.config.EditDistance;
import dev.curio.core.config.Utf8Text;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.curio.core.config.ConfigException;
import dev.curio.loop.TrainConfig;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link TrainConfig} in layers: the defaults, then a YAML or JSON file, then single keys
 * from flags; a later layer wins. Each layer is checked against the keys the defaults have, so a
 * typo is an error naming the dotted key (with a suggestion), never silently ignored; a value of the
 * wrong type, or one the config records reject, is an error naming the key, the value and, when it
 * came from a file, the file and line.
 *
 * <pre>{@code
 * TrainConfig cfg = new ConfigLoader()
 *     .file(Path.of("run.yaml"))
 *     .set("ppo.clip=0.1", "--set")
 *     .put("seed", 7L, "--seed")
 *     .build();
 * }</pre>
 *
 * <p>Keys are the settings' names, nested with dots ({@code ppo.learningRate}); every key is listed
 * in {@code docs/config.md}. {@link #toYaml} writes a config that {@link #fromYaml} reads back to an
 * equal one. A settings class is bound through its nested {@code Builder} (one method per key, named
 * as the key) when it has one, and through its record components otherwise.
 *
 * <p>A program that reads more than the loop's settings from the same file (the CLI reads where
 * {@code gym:} envs run) adds them as top-level {@link #section sections}: they are checked key by
 * key like the rest and bound with {@link #buildSection}; {@link #build} leaves them out.
 */
public final class ConfigLoader {
  private static final YAMLFactory YAML_FACTORY = YAMLFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // YAML 1.2: only true and false are booleans; YAML 1.1's yes/no/on/off/y/n stay words, which a boolean key rejects
      .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build();
  private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectMapper YAML = new YAMLMapper(YAML_FACTORY);
  private static final ObjectMapper JSON = new JsonMapper(JSON_FACTORY);

  /** Binds trees to records strictly: no floats into ints, no strings into ints or booleans. */
  private static final ObjectMapper BINDER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .withCoercionConfig(LogicalType.Integer, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Boolean, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Float, c -> c
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      // settings classes: written from their fields, read through their Builder
      .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .annotationIntrospector(new BuilderIntrospector())
      .build();

  /** Binds a class with a nested {@code Builder} through it; the builder's methods are named as the keys. */
  private static final class BuilderIntrospector extends JacksonAnnotationIntrospector {
    private static final JsonPOJOBuilder.Value NAMED_AS_KEYS = new JsonPOJOBuilder.Value("build", "");

    @Override
    public Class<?> findPOJOBuilder(AnnotatedClass ac) {
      for (Class<?> inner : ac.getRawType().getDeclaredClasses()) {
        if (inner.getSimpleName().equals("Builder")) {
          return inner;
        }
      }
      return super.findPOJOBuilder(ac);
    }

    @Override
    public JsonPOJOBuilder.Value findPOJOBuilderConfig(AnnotatedClass ac) {
      return ac.getRawType().getSimpleName().equals("Builder") ? NAMED_AS_KEYS : super.findPOJOBuilderConfig(ac);
    }
  }

  private static final String HEADER = "# Curio run config, resolved (defaults < config file < flags).\n"
      + "# Every key is described in docs/config.md.\n";

  /** Where a key's current value came from. */
  private record Origin(String source, int line) {}

  private final ObjectNode defaults;
  private final ObjectNode tree;
  private final Map<String, Origin> origins = new HashMap<>();
  private final List<String> sections = new ArrayList<>();
  /**
   * Top-level sections other programs read from the same file and this loader passes over: {@code gym},
   * which the CLI reads, so a {@code config.yaml} that {@code curio train} wrote loads here too. Adding
   * a {@link #section} of that name makes it read and checked instead.
   */
  private final java.util.Set<String> passedOver = new java.util.HashSet<>(java.util.Set.of("gym"));

  /** Starts from {@link TrainConfig#defaults()}. */
  public ConfigLoader() {
    this.defaults = BINDER.valueToTree(TrainConfig.defaults());
    this.tree = defaults.deepCopy();
  }

  /**
   * Adds a top-level section {@code name} whose keys and defaults are those of {@code defaultValue};
   * call it before any layer is read.
   *
   * @throws IllegalArgumentException if {@code name} is already a key
   */
  public ConfigLoader section(String name, Object defaultValue) {
    if (defaults.has(name)) {
      throw new IllegalArgumentException("'" + name + "' is already a config key");
    }
    JsonNode node = BINDER.valueToTree(defaultValue);
    if (!node.isObject()) {
      throw new IllegalArgumentException("section '" + name + "' must be a settings object, got " + node);
    }
    defaults.set(name, node);
    tree.set(name, node.deepCopy());
    sections.add(name);
    passedOver.remove(name);
    return this;
  }

  /** The largest config file read: configs are a few kilobytes; anything bigger is not one. */
  public static final long MAX_FILE_BYTES = 1 << 20;

  /** Overlays a {@code .yaml}/{@code .yml} or {@code .json} file. */
  public ConfigLoader file(Path file) {
    overlayFile(file);
    return this;
  }

  /**
   * Overlays the {@code config.yaml} of a run directory. Curio writes it whole, ending with the line
   * {@value #END}: an empty file is an error, never read as the defaults, and so is a file without
   * that line that lacks any of the loop's keys or any key of a section it has (it was truncated).
   * Files written before the end line existed are checked key by key, except for keys added since
   * ({@link #ADDED_LATER}), which take their defaults so those runs still resume.
   */
  public ConfigLoader runFile(Path file) {
    String name = file.toString();
    ObjectNode user = overlayFile(file);
    if (user == null) {
      throw new ConfigLoadException(name, 0, null, "is empty, but curio writes every key of a run's config there:"
          + " the run directory is damaged (restore the file from a copy to use the run's checkpoint)", null);
    }
    if (endsWhole(file)) {
      return this;
    }
    List<String> missing = new ArrayList<>();
    for (String key : keys(defaults, "", false)) {
      String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      boolean optionalSection = sections.contains(section) && !user.has(section);
      if (!optionalSection && !addedLater(key) && nodeAt(user, key) == null) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigLoadException(name, 0, missing.get(0), "missing" + (missing.size() > 1 ? " (and "
          + (missing.size() - 1) + " more keys)" : "") + ", but curio writes every key of a run's config: the file is"
          + " truncated or was edited (restore it from a copy, or add the keys back with the run's values)", null);
    }
    return this;
  }

  /** The last line of every config Curio writes; a run's config without it may be cut short. */
  static final String END = "# end of config";

  /** Keys added after run directories without the {@link #END} line were written: they take their defaults there. */
  static final java.util.Set<String> ADDED_LATER = java.util.Set.of("nonFinite", "tasks.ids", "tasks.envs",
      "tasks.rewardScale", "agents.policies", "ppo.valueNorm", "ppo.popartBeta", "ppo.popartSigmaMin",
      "ppo.popartSigmaMax", "agents.messages", "learner", "rewards.rfs.normalizeObservations", "rewards.rfs.obsClip",
      "scaleObservations");

  /** Sections added later as a whole: every key under them takes its default in such files. */
  static final List<String> ADDED_LATER_SECTIONS = List.of("rewards.influence.", "encoder.", "impala.",
      "rewards.noveld.", "rewards.disagreement.");

  static boolean addedLater(String key) {
    return ADDED_LATER.contains(key) || ADDED_LATER_SECTIONS.stream().anyMatch(key::startsWith);
  }

  private static boolean endsWhole(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).stripTrailing().endsWith(END);
    } catch (IOException e) {
      return false; // overlayFile read it a moment ago; checking key by key is the safe answer
    }
  }

  /** Reads and overlays {@code file}; returns what it held, or null when it held nothing. */
  private ObjectNode overlayFile(Path file) {
    String name = file.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean json = lower.endsWith(".json");
    if (!json && !lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
      throw new ConfigLoadException(name, 0, null, "a config file must end in .yaml, .yml or .json", null);
    }
    if (Files.isDirectory(file)) {
      throw new ConfigLoadException(name, 0, null, "is a directory, not a config file", null);
    }
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ConfigLoadException(name, 0, null, "is " + size + " bytes; a config file holds at most "
            + MAX_FILE_BYTES + " bytes (1 MiB)", null);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigLoadException(name, 0, null, "no such config file", e);
    } catch (AccessDeniedException e) {
      throw new ConfigLoadException(name, 0, null, "cannot read the config file (permission denied)", e);
    } catch (IOException e) {
      throw new ConfigLoadException(name, 0, null, "cannot read the config file (" + firstLine(e.getMessage()) + ")", e);
    }
    return overlayText(utf8(bytes, name), name, json);
  }

  /** {@code bytes} as UTF-8 text; an error naming the line and column of the first byte that is not. */
  private static String utf8(byte[] bytes, String name) {
    try {
      return Utf8Text.decode(bytes);
    } catch (Utf8Text.NotUtf8Exception e) {
      throw new ConfigLoadException(name, e.line(), null, String.format(Locale.ROOT,
          "byte 0x%02X at column %d is not UTF-8 text; a config file is YAML or JSON text", e.value(), e.column()),
          null);
    }
  }

  /** Overlays YAML (or, when {@code json}, JSON) text read from {@code sourceName}. */
  public ConfigLoader text(String text, String sourceName, boolean json) {
    overlayText(text, sourceName, json);
    return this;
  }

  private ObjectNode overlayText(String text, String sourceName, boolean json) {
    ObjectMapper mapper = json ? JSON : YAML;
    JsonNode user;
    try {
      user = mapper.readTree(text);
      oneDocument(json ? JSON_FACTORY : YAML_FACTORY, text, sourceName, json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : Math.max(0, at.getLineNr());
      int column = at == null ? 0 : at.getColumnNr();
      String problem = firstLine(e.getOriginalMessage());
      if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
        // SnakeYAML says what went wrong in "problem" and where the enclosing construct began in "context"
        problem = m.getProblem();
        if (m.getContext() != null) {
          problem += " (" + m.getContext()
              + (m.getContextMark() != null ? " that began on line " + (m.getContextMark().getLine() + 1) : "") + ")";
        }
        if (m.getProblemMark() != null) {
          line = m.getProblemMark().getLine() + 1;
          column = m.getProblemMark().getColumn() + 1;
        }
      }
      if (problem != null && problem.startsWith("Expected a field name") && problem.contains("org.yaml.snakeyaml")) {
        problem = problem.contains("AliasEvent") ? "a YAML alias (*name) as a key; config keys are words"
            : "a key that is a list or a mapping; config keys are words";
      }
      throw new ConfigLoadException(sourceName, line, null, "malformed " + (json ? "JSON" : "YAML")
          + (column > 0 ? " at column " + column : "") + ": " + firstLine(problem), e);
    }
    if (user == null || user.isMissingNode() || user.isNull()) {
      return null; // an empty file changes nothing
    }
    if (!user.isObject()) {
      throw new ConfigLoadException(sourceName, 1, null,
          "expected a mapping of config keys at the top level, got " + describe(user), null);
    }
    Map<String, Integer> lines = keyLines(json ? JSON_FACTORY : YAML_FACTORY, text);
    overlay(tree, (ObjectNode) user, defaults, "", key -> new Origin(sourceName, lines.getOrDefault(key, 0)));
    return (ObjectNode) user;
  }

  /**
   * Overlays one {@code key=value} assignment, e.g. {@code ppo.clip=0.1} or
   * {@code network.hidden=[32,32]}; the value is read as YAML, so {@code null}, numbers, booleans and
   * lists have their usual spelling. A key whose value is a list also takes a comma-separated one
   * without brackets, each entry read as YAML: {@code tasks.rewardScale=1,1000} is
   * {@code tasks.rewardScale=[1,1000]}.
   *
   * @param source names the assignment in errors, e.g. {@code --set}
   */
  public ConfigLoader set(String assignment, String source) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigLoadException(source + " " + assignment, 0, null, "expected key=value", null);
    }
    String key = assignment.substring(0, eq).trim();
    String value = assignment.substring(eq + 1);
    JsonNode def = key.indexOf('[') < 0 ? nodeAt(defaults, key) : null;
    if (def != null && def.isArray() && value.contains(",") && !value.strip().startsWith("[")) {
      com.fasterxml.jackson.databind.node.ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (String entry : value.split(",", -1)) {
        list.add(parseScalar(entry.strip()));
      }
      return putNode(key, list, source + " " + assignment);
    }
    return putNode(key, parseScalar(value), source + " " + assignment);
  }

  /** Overlays one key with a Java value (a number, string, boolean, list or null), e.g. from a dedicated flag. */
  public ConfigLoader put(String key, Object value, String source) {
    JsonNode node = value == null ? null : BINDER.valueToTree(value);
    return putNode(key, node == null ? JsonNodeFactory.instance.nullNode() : node, source);
  }

  private ConfigLoader putNode(String key, JsonNode value, String source) {
    String[] parts = key.split("\\.", -1);
    for (String p : parts) {
      if (p.isBlank()) {
        throw new ConfigLoadException(source, 0, key, "not a config key", null);
      }
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode at = root;
    for (int i = 0; i < parts.length - 1; i++) {
      at = at.putObject(parts[i]);
    }
    at.set(parts[parts.length - 1], value);
    overlay(tree, root, defaults, "", k -> new Origin(source, 0));
    return this;
  }

  /** The config the layers so far describe; errors name the key, the value and where it came from. */
  public TrainConfig build() {
    ObjectNode loop = tree.deepCopy();
    loop.remove(sections);
    return bind(loop, TrainConfig.class, "");
  }

  /** The section {@code name} (see {@link #section}) as {@code type}, checked as {@link #build} is. */
  public <S> S buildSection(String name, Class<S> type) {
    if (!sections.contains(name)) {
      throw new IllegalArgumentException("no config section '" + name + "'; add it with section()");
    }
    return bind(tree.get(name), type, name + ".");
  }

  private <T> T bind(JsonNode node, Class<T> type, String prefix) {
    try {
      return BINDER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      throw bindError(e, prefix);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      if (e.getCause() instanceof JsonMappingException jm) {
        throw bindError(jm, prefix);
      }
      if (e instanceof ConfigException ce) {
        throw located(ce.key(), strip(ce), ce);
      }
      throw new ConfigLoadException(null, 0, null, "invalid config: " + firstLine(e.getMessage()), e);
    }
  }

  private ConfigLoadException bindError(JsonMappingException e, String prefix) {
    Throwable cause = e.getCause();
    if (cause instanceof ConfigException ce) {
      return located(ce.key(), strip(ce), ce);
    }
    String key = dotted(e.getPath());
    key = key.isEmpty() ? key : prefix + key;
    if (key.isEmpty()) {
      return new ConfigLoadException(null, 0, null, "invalid config: " + firstLine(e.getOriginalMessage()), e);
    }
    if (cause != null && !(cause instanceof JsonProcessingException)) {
      // a record constructor failed some other way
      return located(key, "invalid value (" + firstLine(String.valueOf(cause.getMessage())) + ")", e);
    }
    JsonNode node = nodeAt(key);
    JsonNode def = nodeAt(defaults, key);
    if (node != null && node.isIntegralNumber() && def != null && def.isInt() && !node.canConvertToInt()) {
      return located(key, "must be at most " + Integer.MAX_VALUE + ", got " + node.asText(), e);
    }
    Class<?> target = e instanceof MismatchedInputException mi ? mi.getTargetType() : null;
    String expected = target != null ? typeWord(target) : typeWord(def);
    String got = node == null && e instanceof InvalidFormatException ife && ife.getValue() != null
        ? quote(String.valueOf(ife.getValue()))
        : describe(node);
    boolean yaml11 = "true or false".equals(expected) && node != null && node.isTextual()
        && YAML_11_BOOLEANS.contains(node.textValue().toLowerCase(Locale.ROOT));
    return located(key, "expected " + expected + ", got " + got
        + (yaml11 ? " (only true and false are booleans: YAML 1.1's yes/no/on/off/y/n are not)" : ""), e);
  }

  /** Words YAML 1.1 read as booleans and this loader, as YAML 1.2 does, does not. */
  private static final Set<String> YAML_11_BOOLEANS = Set.of("yes", "no", "on", "off", "y", "n");

  /** Attaches the origin of {@code key} (or of its nearest parent with one) to a message. */
  private ConfigLoadException located(String key, String detail, Throwable cause) {
    Origin o = null;
    String k = key;
    while (k != null && o == null) {
      o = origins.get(k);
      int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
      k = cut > 0 ? k.substring(0, cut) : null;
    }
    return new ConfigLoadException(o == null ? null : o.source(), o == null ? 0 : o.line(), key, detail, cause);
  }

  private static String strip(ConfigException ce) {
    String msg = ce.getMessage();
    String prefix = ce.key() + ": ";
    return msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
  }

  private interface OriginOf {
    Origin of(String key);
  }

  /** Copies {@code user} over {@code target}, key by key, rejecting keys {@code defaults} lacks. */
  private void overlay(ObjectNode target, ObjectNode user, ObjectNode defaultsAt, String prefix, OriginOf originOf) {
    Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      JsonNode value = f.getValue();
      JsonNode def = defaultsAt.get(name);
      Origin origin = originOf.of(key);
      if (def == null && prefix.isEmpty() && passedOver.contains(name)) {
        continue;
      }
      if (def == null && name.contains(".") && known(key)) {
        String section = name.substring(0, name.indexOf('.'));
        String rest = name.substring(name.indexOf('.') + 1);
        throw new ConfigLoadException(origin.source(), origin.line(), key, "a dotted key in a file; nest it ("
            + (origin.source() != null && origin.source().toLowerCase(Locale.ROOT).endsWith(".json")
                ? "\"" + section + "\": {\"" + rest + "\": ...}" : "'" + section + ":' with '" + rest
                + ":' indented below it") + "); dotted keys are for --set", null);
      }
      if (def == null) {
        throw new ConfigLoadException(origin.source(), origin.line(), key, "unknown key" + suggestion(key), null);
      }
      if (def.isObject()) {
        if (value.isNull()) {
          continue; // a section with every key commented out
        }
        if (!value.isObject()) {
          throw new ConfigLoadException(origin.source(), origin.line(), key,
              "is a section; give its keys (e.g. " + key + "." + def.fieldNames().next() + "), got " + describe(value), null);
        }
        overlay((ObjectNode) target.get(name), (ObjectNode) value, (ObjectNode) def, key, originOf);
      } else {
        if (value.isArray()) {
          for (JsonNode element : value) {
            if (element.isNull()) {
              throw new ConfigLoadException(origin.source(), origin.line(), key,
                  "list entries must not be null, got " + describe(value), null);
            }
          }
        }
        target.set(name, value);
        origins.put(key, origin);
      }
    }
  }

  /** Whether the dotted {@code key} names a key or section of the defaults. */
  private boolean known(String key) {
    JsonNode at = defaults;
    for (String part : key.split("\\.", -1)) {
      at = at == null || !at.isObject() ? null : at.get(part);
    }
    return at != null;
  }

  /**
   * " (did you mean 'x'?)" for the closest known key, comparing whole keys and last segments; of keys
   * equally close, one in the same section wins ({@code rewards.rnd.hiden} suggests
   * {@code rewards.rnd.hidden}, not {@code network.hidden}).
   */
  private String suggestion(String key) {
    String lowerKey = key.toLowerCase(Locale.ROOT);
    int dot = lowerKey.lastIndexOf('.');
    String last = lowerKey.substring(dot + 1);
    String section = dot < 0 ? "" : lowerKey.substring(0, dot);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean bestSameSection = false;
    for (String k : keys(defaults, "", true)) {
      String lk = k.toLowerCase(Locale.ROOT);
      int kDot = lk.lastIndexOf('.');
      int d = Math.min(EditDistance.between(lowerKey, lk), EditDistance.between(last, lk.substring(kDot + 1)));
      boolean sameSection = (kDot < 0 ? "" : lk.substring(0, kDot)).equals(section);
      if (d < bestDistance || (d == bestDistance && sameSection && !bestSameSection)) {
        bestDistance = d;
        best = k;
        bestSameSection = sameSection;
      }
    }
    return best != null && bestDistance <= Math.max(2, last.length() / 3) ? " (did you mean '" + best + "'?)" : "";
  }

  /** Every dotted key of the loop's config, leaves only, in declaration order (e.g. {@code ppo.clip}). */
  public static List<String> keys() {
    return keys(BINDER.valueToTree(TrainConfig.defaults()), "", false);
  }

  /** Every dotted key this loader reads, its sections' included. */
  public List<String> allKeys() {
    return keys(defaults, "", false);
  }

  private static List<String> keys(JsonNode node, String prefix, boolean withSections) {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
      if (f.getValue().isObject()) {
        if (withSections) {
          out.add(key);
        }
        out.addAll(keys(f.getValue(), key, withSections));
      } else {
        out.add(key);
      }
    }
    return out;
  }

  private JsonNode nodeAt(String key) {
    return nodeAt(tree, key);
  }

  private static JsonNode nodeAt(JsonNode root, String key) {
    JsonNode n = root;
    for (String part : key.split("\\.")) {
      int bracket = part.indexOf('[');
      String name = bracket >= 0 ? part.substring(0, bracket) : part;
      n = n == null ? null : n.get(name);
      while (n != null && bracket >= 0) {
        int close = part.indexOf(']', bracket);
        n = n.get(Integer.parseInt(part.substring(bracket + 1, close)));
        bracket = part.indexOf('[', close);
      }
    }
    return n;
  }

  /**
   * Reads the whole text once more, token by token, and refuses what {@code readTree} would pass over in
   * silence: a second document (after {@code ---} or {@code ...} in YAML, a second value in JSON), which
   * it never reads, and YAML aliases, which Jackson reads as the anchor's name (so {@code *x} would
   * become the text {@code x}; an anchor alone changes nothing). Malformed text after the first document fails here with
   * its line, as in the first.
   */
  private static void oneDocument(JsonFactory factory, String text, String sourceName, boolean json)
      throws JsonProcessingException {
    try (JsonParser p = factory.createParser(text)) {
      int depth = 0;
      int documents = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        int line = p.currentTokenLocation().getLineNr();
        if (p instanceof YAMLParser y) {
          if (y.isCurrentAlias()) {
            throw new ConfigLoadException(sourceName, line, null, "YAML aliases (*" + y.getText() + ") are not "
                + "supported in a config file; write the value out", null);
          }
        }
        // an empty document after the first (a trailing '---') holds nothing to lose
        if (depth == 0 && t != JsonToken.FIELD_NAME && ++documents > 1 && t != JsonToken.VALUE_NULL
            && !(t == JsonToken.VALUE_STRING && p.getText().isEmpty())) {
          throw new ConfigLoadException(sourceName, line, null, json
              ? "a second JSON value after the first; a config file holds one object"
              : "a second YAML document (after '---' or '...'); a config file holds one", null);
        }
        if (t.isStructStart()) {
          depth++;
        } else if (t.isStructEnd()) {
          depth--;
        }
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new ConfigLoadException(sourceName, 0, null, "cannot read the config text (" + firstLine(e.getMessage())
          + ")", e);
    }
  }

  /** 1-based line of each dotted key in a YAML or JSON text (keys inside lists are skipped). */
  private static Map<String, Integer> keyLines(JsonFactory factory, String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = factory.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.FIELD_NAME) {
          continue;
        }
        List<String> parts = new ArrayList<>();
        boolean inList = false;
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
          if (c.inArray()) {
            inList = true;
            break;
          }
          parts.add(0, c.getCurrentName());
        }
        if (!inList) {
          lines.putIfAbsent(String.join(".", parts), p.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // the tree parse succeeded, so this cannot happen; without lines the errors are still correct
    }
    return lines;
  }

  /** A flag's value read as YAML; text that is not valid YAML is taken as a string. */
  private static JsonNode parseScalar(String value) {
    if (value.isBlank()) {
      return TextNode.valueOf(value);
    }
    if (value.startsWith("*") || value.startsWith("&")) {
      return TextNode.valueOf(value); // YAML would read an alias or anchor, which a flag cannot mean
    }
    try {
      JsonNode n = YAML.readTree(value);
      if (n == null || n.isMissingNode()) {
        return TextNode.valueOf(value);
      }
      oneDocument(YAML_FACTORY, value, "--set", false);
      return n;
    } catch (ConfigLoadException e) {
      return TextNode.valueOf(value); // an alias (read as its name) or a second document: the text as it is
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(value);
    }
  }

  /** Reads a config file on top of the defaults. */
  public static TrainConfig load(Path file) {
    return new ConfigLoader().file(file).build();
  }

  /** Reads YAML text on top of the defaults. */
  public static TrainConfig fromYaml(String yaml) {
    return new ConfigLoader().text(yaml, "<yaml>", false).build();
  }

  /** The config as YAML, every key written (stopAtReturn as {@code null} when unset). */
  public static String toYaml(TrainConfig config) {
    return toYaml(config, Map.of());
  }

  /** The config and extra top-level sections (name to settings) as YAML, the sections last in their map's order. */
  public static String toYaml(TrainConfig config, Map<String, ?> sections) {
    ObjectNode root = BINDER.valueToTree(config);
    new LinkedHashMap<>(sections).forEach((name, value) -> root.set(name, BINDER.valueToTree(value)));
    try {
      return HEADER + YAML.writeValueAsString(root) + END + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write config as YAML", e);
    }
  }

  /**
   * Every key of {@code config} as a dotted name ({@code ppo.learningRate}) with its value as text
   * (lists and unset values as JSON: {@code [1,2]}, {@code null}), in the order {@link #toYaml}
   * writes them.
   */
  public static Map<String, String> flatValues(TrainConfig config) {
    JsonNode tree = BINDER.valueToTree(config);
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : keys(tree, "", false)) {
      JsonNode value = nodeAt(tree, key);
      out.put(key, value.isTextual() ? value.textValue() : value.toString());
    }
    return out;
  }

  /** Writes {@link #toYaml} to {@code file} atomically. */
  public static void write(TrainConfig config, Path file) throws IOException {
    AtomicFiles.writeString(file, toYaml(config));
  }

  private static String typeWord(Class<?> t) {
    if (t == null) {
      return "a different value";
    }
    if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
      return "an integer";
    }
    if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(t)) {
      return "a list";
    }
    if (t.isRecord() || t.getSimpleName().equals("Builder")) {
      return "a section of keys";
    }
    if (t.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : t.getEnumConstants()) {
        names.add(((Enum<?>) c).name());
      }
      return "one of " + String.join(", ", names);
    }
    return "a " + t.getSimpleName();
  }

  private static String typeWord(JsonNode def) {
    if (def == null || def.isNull()) {
      return "a different value";
    }
    if (def.isIntegralNumber()) {
      return "an integer";
    }
    if (def.isNumber()) {
      return "a number";
    }
    if (def.isBoolean()) {
      return "true or false";
    }
    if (def.isArray()) {
      return "a list";
    }
    return def.isObject() ? "a section of keys" : "a string";
  }

  private static String describe(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "null";
    }
    if (n.isTextual() && n.textValue().isEmpty()) {
      return "an empty value";
    }
    if (n.isTextual()) {
      return quote(n.textValue());
    }
    if (n.isContainerNode()) {
      String s = n.toString();
      return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
    return n.asText();
  }

  private static String quote(String s) {
    return "'" + s + "'";
  }

  private static String dotted(List<JsonMappingException.Reference> path) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown problem";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }
}
