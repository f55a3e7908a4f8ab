package dev.curio.envs.worlds.minigrid;

/**
 * A test world drawn from text: {@code #} wall, space empty, {@code G} goal, {@code ~} lava,
 * {@code K} yellow key, {@code R} red key, {@code L} locked yellow door, {@code D} closed yellow door,
 * {@code /} open yellow door, {@code O} red ball, {@code B} blue box, the agent as {@code > v < ^}.
 */
final class FixedLayoutEnv extends MiniGridEnv {
  private final String[] rows;
  private final int startCarrying;

  FixedLayoutEnv(int maxSteps, boolean seeThroughWalls, int startCarrying, String... rows) {
    super("Test-Fixed-v0", rows[0].length(), rows.length, maxSteps, seeThroughWalls);
    this.rows = rows;
    this.startCarrying = startCarrying;
  }

  FixedLayoutEnv(int maxSteps, String... rows) {
    this(maxSteps, false, Tile.NONE, rows);
  }

  @Override
  protected void generate() {
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length(); x++) {
        char c = rows[y].charAt(x);
        int tile = switch (c) {
          case '#' -> Tile.wall();
          case 'G' -> Tile.goal();
          case '~' -> Tile.lava();
          case 'K' -> Tile.key(Tile.YELLOW);
          case 'R' -> Tile.key(Tile.RED);
          case 'L' -> Tile.door(Tile.YELLOW, Tile.LOCKED);
          case 'D' -> Tile.door(Tile.YELLOW, Tile.CLOSED);
          case '/' -> Tile.door(Tile.YELLOW, Tile.OPEN);
          case 'O' -> Tile.ball(Tile.RED);
          case 'B' -> Tile.box(Tile.BLUE);
          default -> Tile.NONE;
        };
        grid.set(x, y, tile);
        int dir = "v<^".indexOf(c) + 1;
        if (c == '>' || dir > 0) {
          agentX = x;
          agentY = y;
          agentDir = c == '>' ? 0 : dir;
        }
      }
    }
    carrying = startCarrying;
    mission = "test";
  }
}
