package dev.curio.envs.worlds.maze;

/**
 * What a maze agent sees. Channel layouts are described in {@link MazeEnv}.
 */
public enum ObservationMode {
  /** The whole grid, one-hot per cell type: {@code [H, W, C]}. */
  FULL("full"),
  /** A {@code k x k} window centred on the agent (no rotation): {@code [k, k, C]}; outside reads as wall. */
  EGOCENTRIC("ego"),
  /** One-hot agent cell, inventory flags and TV screens: {@code [H*W + colours + tvs]}. */
  POSITION("pos");

  private final String shortName;

  ObservationMode(String shortName) {
    this.shortName = shortName;
  }

  /** The short name used in ids, e.g. {@code pos}. */
  public String shortName() {
    return shortName;
  }
}
