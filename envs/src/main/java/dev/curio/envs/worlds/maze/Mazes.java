package dev.curio.envs.worlds.maze;

import dev.curio.envs.registry.WorldEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The maze family's registry entries and shipped layouts.
 *
 * <p>Every shipped layout {@code <name>} is listed three times: {@code maze:<name>} fully observed
 * ({@code [H, W, C]}, the default), {@code maze:<name>-pos} in position mode and
 * {@code maze:<name>-ego5} with a 5x5 egocentric view. Exogenous-noise variants
 * ({@link ExoMazeEnv}) are listed as {@code maze:exo-<name>-k<K>} (fully observed) and
 * {@code maze:exo-<name>-k<K>-pos}. All use the layout's step limit and sparse reward 1.
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
