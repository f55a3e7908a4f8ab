package dev.curio.envs.worlds.maze;

import dev.curio.envs.registry.WorldEntry;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The maze family's registry entries and shipped layouts.
 *
 * <p>Every shipped layout {@code <name>} is listed three times: {@code maze:<name>} fully observed
 * ({@code [H, W, C]}, the default), {@code maze:<name>-pos} in position mode and
 * {@code maze:<name>-ego5} with a 5x5 egocentric view. Exogenous-noise variants
 * ({@link ExoMazeEnv}) are listed as {@code maze:exo-<name>-k<K>} (fully observed) and
 * {@code maze:exo-<name>-k<K>-pos}. All use the layout's step limit and sparse reward 1.
 *
 * <p>A layout file of one's own is the world {@code maze-file:<path>} (fully observed),
 * {@code maze-file:<path>-pos} or {@code maze-file:<path>-ego<k>} ({@link #fileEntry}); the registry
 * resolves such ids on demand.
 */
public final class Mazes {
  /** The shipped layouts, from easy to hard; each is {@code src/main/resources/mazes/<name>.txt}. */
  private static final List<String> LAYOUTS = List.of(
      "open-7x7", "open-11x11", "corridor", "two-rooms-key", "lava-crossing", "noisy-tv", "small-maze", "sparse-maze",
      "sparse-maze-tv");

  /** Exogenous-noise variants: layout and number of distractor mazes. */
  private static final List<ExoVariant> EXO = List.of(
      new ExoVariant("open-7x7", 2), new ExoVariant("open-7x7", 8), new ExoVariant("small-maze", 8));

  private record ExoVariant(String layout, int k) {}

  private Mazes() {}

  /** How the id of a maze file begins: {@code maze-file:<path>}. */
  public static final String FILE_PREFIX = "maze-file:";

  /** A maze file id's observation suffix: {@code -pos} or {@code -ego<k>}. */
  private static final Pattern MODE = Pattern.compile("(.+)-(pos|ego([0-9]{1,9}))");

  /** Whether {@code id} names a maze file ({@code maze-file:<path>...}). */
  public static boolean isFileId(String id) {
    return id != null && id.startsWith(FILE_PREFIX);
  }

  /**
   * The world of the maze file id {@code maze-file:<path>}: the layout in {@code path} (relative to
   * the working directory), fully observed; {@code maze-file:<path>-pos} and
   * {@code maze-file:<path>-ego<k>} observe it in position mode or through a k x k window, as the
   * shipped {@code maze:<name>-pos} and {@code -ego5} do. A path that names an existing file is always
   * taken whole, so a file whose name ends in {@code -pos} stays reachable. The file is read and
   * checked now, once; every env the entry makes shares the layout.
   *
   * @throws IllegalArgumentException with a one-line message naming the file (and line and column) for
   *     an id without a path, a missing file, a directory, a file that is too big or not text, and
   *     every malformed layout ({@link MazeLayout#parse})
   */
  public static WorldEntry fileEntry(String id) {
    if (!isFileId(id)) {
      throw new IllegalArgumentException("'" + MazeLayout.oneLine(String.valueOf(id)) + "' is not a maze file id ("
          + FILE_PREFIX + "<path>)");
    }
    String rest = id.substring(FILE_PREFIX.length());
    if (rest.isBlank()) {
      throw new IllegalArgumentException("env '" + id + "': name the maze file, e.g. " + FILE_PREFIX + "mazes/my-maze.txt");
    }
    Path file = path(rest, id);
    MazeConfig config = MazeConfig.defaults();
    Matcher m = MODE.matcher(rest);
    if (!Files.exists(file) && m.matches() && Files.isRegularFile(path(m.group(1), id))) {
      file = path(m.group(1), id);
      if (m.group(2).equals("pos")) {
        config = config.withObservation(ObservationMode.POSITION);
      } else {
        int k = Integer.parseInt(m.group(3));
        if (k < 3 || k % 2 == 0 || k > MazeConfig.MAX_VIEW_SIZE) {
          throw new IllegalArgumentException(MazeLayout.oneLine("env '" + id + "': the egocentric view -ego" + k
              + " must be odd and in [3, " + MazeConfig.MAX_VIEW_SIZE + "]"));
        }
        config = config.withEgocentricView(k);
      }
    }
    MazeLayout layout = MazeLayout.fromFile(file);
    MazeConfig c = config;
    String about = (layout.description().isEmpty() ? "maze file " + MazeLayout.oneLine(file.toString())
        : MazeLayout.oneLine(layout.description())) + " [" + modeText(c) + "]";
    return new WorldEntry(id, about, () -> new MazeEnv(layout, c, id));
  }

  private static Path path(String text, String id) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(MazeLayout.oneLine("env '" + id + "': not a file path (" + e.getReason() + ")"), e);
    }
  }

  /** Names of the shipped layouts, for {@link MazeLayout#fromResource(String)}. */
  public static List<String> layoutNames() {
    return LAYOUTS;
  }

  /** A maze on a shipped layout with {@code config}. */
  public static MazeEnv make(String layoutName, MazeConfig config) {
    return new MazeEnv(MazeLayout.fromResource(layoutName), config);
  }

  /** An exogenous-noise maze on a shipped layout with {@code k} distractors of the same layout. */
  public static ExoMazeEnv makeExo(String layoutName, int k, MazeConfig config) {
    return new ExoMazeEnv(MazeLayout.fromResource(layoutName), k, config);
  }

  /** All registry entries of the family; each factory call reads its layout and makes a new env. */
  public static List<WorldEntry> entries() {
    List<WorldEntry> out = new ArrayList<>();
    MazeConfig full = MazeConfig.defaults();
    MazeConfig pos = full.withObservation(ObservationMode.POSITION);
    MazeConfig ego = full.withEgocentricView(MazeConfig.DEFAULT_VIEW_SIZE);
    for (String name : LAYOUTS) {
      MazeLayout layout = MazeLayout.fromResource(name);
      String about = layout.description().isEmpty() ? "maze " + name : layout.description();
      for (MazeConfig c : List.of(full, pos, ego)) {
        out.add(new WorldEntry("maze:" + name + c.idSuffix(), about + " [" + modeText(c) + "]",
            () -> new MazeEnv(layout, c)));
      }
    }
    for (ExoVariant e : EXO) {
      String name = e.layout();
      int k = e.k();
      MazeLayout layout = MazeLayout.fromResource(name);
      for (MazeConfig c : List.of(full, pos)) {
        out.add(new WorldEntry("maze:exo-" + name + "-k" + k + c.idSuffix(),
            "maze " + name + " beside " + k + " distractor mazes whose agents random-walk (AC-State exogenous noise) ["
                + modeText(c) + "]",
            () -> new ExoMazeEnv(layout, k, c)));
      }
    }
    return List.copyOf(out);
  }

  private static String modeText(MazeConfig c) {
    return switch (c.observation()) {
      case FULL -> "fully observed";
      case POSITION -> "position one-hot";
      case EGOCENTRIC -> c.viewSize() + "x" + c.viewSize() + " egocentric view";
    };
  }
}
