package dev.curio.envs.registry;

import dev.curio.core.config.EditDistance;
import dev.curio.envs.Env;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.worlds.classic.ClassicWorlds;
import dev.curio.envs.worlds.maze.Mazes;
import dev.curio.envs.worlds.minigrid.MiniGridWorlds;
import dev.curio.envs.worlds.social.SocialWorlds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every world by id: the built-in ones, then those of each {@link WorldProvider} on the classpath.
 * Ids are case-sensitive. A maze file's id, {@code maze-file:<path>} ({@link Mazes#fileEntry}), is not
 * listed: {@link #find} and {@link #make} read the file when asked.
 */
public final class EnvRegistry {
  private static final Map<String, WorldEntry> WORLDS = new LinkedHashMap<>();
  private static final Map<String, MultiWorldEntry> MULTI = new LinkedHashMap<>();
  /** Who registered each id: "built-in" or a provider's class name. */
  private static final Map<String, String> OWNERS = new LinkedHashMap<>();
  /** What went wrong with the world providers, thrown on every use; null when nothing did. */
  private static final WorldProviderException PROVIDER_PROBLEM;

  static {
    String builtIn = "built-in";
    Mazes.entries().forEach(e -> add(e, builtIn));
    MiniGridWorlds.entries().forEach(e -> add(e, builtIn));
    ClassicWorlds.entries().forEach(e -> add(e, builtIn));
    SocialWorlds.multiEntries().forEach(e -> addMulti(e, builtIn));
    WorldProviderException problem = null;
    try {
      for (WorldProvider p : ServiceLoader.load(WorldProvider.class, EnvRegistry.class.getClassLoader())) {
        String owner = p.getClass().getName();
        p.worlds().forEach(e -> add(e, owner));
        p.multiAgentWorlds().forEach(e -> addMulti(e, owner));
      }
    } catch (java.util.ServiceConfigurationError | RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      problem = new WorldProviderException("a world provider on the classpath failed: " + why, e);
    }
    PROVIDER_PROBLEM = problem;
  }

  /** Throws what went wrong with the world providers, if anything did. */
  private static void checkProviders() {
    if (PROVIDER_PROBLEM != null) {
      throw new WorldProviderException(PROVIDER_PROBLEM.getMessage(), PROVIDER_PROBLEM.getCause());
    }
  }

  private EnvRegistry() {}

  private static void add(WorldEntry e, String owner) {
    claim(e.id(), owner);
    WORLDS.put(e.id(), e);
  }

  private static void addMulti(MultiWorldEntry e, String owner) {
    claim(e.id(), owner);
    MULTI.put(e.id(), e);
  }

  private static void claim(String id, String owner) {
    String before = OWNERS.putIfAbsent(id, owner);
    if (before != null) {
      throw new IllegalStateException("two worlds share the id '" + id + "' (" + before + " and " + owner + ")");
    }
  }

  public static List<WorldEntry> worlds() {
    checkProviders();
    return List.copyOf(WORLDS.values());
  }

  public static List<MultiWorldEntry> multiAgentWorlds() {
    checkProviders();
    return List.copyOf(MULTI.values());
  }

  /**
   * The single-agent world {@code id}, built-in or a maze file.
   *
   * @throws IllegalArgumentException for a maze file id whose file is missing or malformed (one line)
   */
  public static Optional<WorldEntry> find(String id) {
    checkProviders();
    if (Mazes.isFileId(id)) {
      return Optional.of(Mazes.fileEntry(id));
    }
    return Optional.ofNullable(WORLDS.get(id));
  }

  public static Optional<MultiWorldEntry> findMulti(String id) {
    checkProviders();
    return Optional.ofNullable(MULTI.get(id));
  }

  /** A new instance of the single-agent world {@code id}; an error naming close ids if unknown. */
  public static Env<?, ?> make(String id) {
    checkProviders();
    WorldEntry e = find(id).orElse(null);
    if (e == null) {
      if (MULTI.containsKey(id)) {
        throw new IllegalArgumentException("env '" + id + "' is a multi-agent world; this needs a single-agent one");
      }
      throw new IllegalArgumentException("unknown env '" + id + "'" + suggestion(id) + "; `curio envs` lists them"
          + mazeFileHint(id));
    }
    return e.factory().get();
  }

  /** For {@code maze:<something that looks like a file>}: how to name a maze file instead. */
  private static String mazeFileHint(String id) {
    if (id == null || !id.startsWith("maze:")) {
      return "";
    }
    String rest = id.substring("maze:".length());
    boolean looksLikeFile = rest.contains("/") || rest.contains("\\") || rest.endsWith(".txt");
    try {
      looksLikeFile |= !rest.isEmpty() && java.nio.file.Files.exists(java.nio.file.Path.of(rest));
    } catch (java.nio.file.InvalidPathException ignored) {
      // not a path either
    }
    return looksLikeFile ? "; a maze file is " + Mazes.FILE_PREFIX + "<path>, e.g. " + Mazes.FILE_PREFIX + rest : "";
  }

  /** A new instance of the multi-agent world {@code id}. */
  public static MultiAgentEnv<?> makeMulti(String id) {
    checkProviders();
    MultiWorldEntry e = MULTI.get(id);
    if (e == null) {
      throw new IllegalArgumentException("unknown multi-agent env '" + id + "'" + suggestion(id) + "; `curio envs` lists them");
    }
    return e.factory().get();
  }

  private static String suggestion(String id) {
    List<String> all = new ArrayList<>(WORLDS.keySet());
    all.addAll(MULTI.keySet());
    String lower = id.toLowerCase();
    return all.stream()
        .min(Comparator.comparingInt(c -> EditDistance.between(lower, c.toLowerCase())))
        .filter(c -> EditDistance.between(lower, c.toLowerCase()) <= Math.max(3, id.length() / 3))
        .map(c -> " (did you mean '" + c + "'?)")
        .orElse("");
  }
}
