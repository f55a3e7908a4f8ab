package dev.curio.envs.worlds.minigrid;

/**
 * MiniGrid's world objects as packed {@code int}s, with MiniGrid's encoding tables.
 *
 * <p>A tile is {@code type | colour << 4 | state << 8}; {@link #NONE} ({@code 0}) is an empty cell
 * (Python's {@code None}). The tables follow {@code minigrid/core/constants.py} of Farama's
 * MiniGrid (Chevalier-Boisvert et al. 2023): object indices unseen 0, empty 1, wall 2, floor 3,
 * door 4, key 5, ball 6, box 7, goal 8, lava 9, agent 10; colours red 0, green 1, blue 2,
 * purple 3, yellow 4, grey 5; door states open 0, closed 1, locked 2. Tiles are values: a door that
 * opens is replaced by a new tile. Boxes never hold anything here (no task in this package needs it);
 * toggling one removes it, as MiniGrid does for an empty box.
 */
public final class Tile {
  private Tile() {}

  /** An empty cell. */
  public static final int NONE = 0;

  // Object indices (OBJECT_TO_IDX).
  public static final int UNSEEN = 0;
  public static final int EMPTY = 1;
  public static final int WALL = 2;
  public static final int FLOOR = 3;
  public static final int DOOR = 4;
  public static final int KEY = 5;
  public static final int BALL = 6;
  public static final int BOX = 7;
  public static final int GOAL = 8;
  public static final int LAVA = 9;
  public static final int AGENT = 10;

  // Colour indices (COLOR_TO_IDX); COLOR_NAMES is this order, sorted by name in MiniGrid.
  public static final int RED = 0;
  public static final int GREEN = 1;
  public static final int BLUE = 2;
  public static final int PURPLE = 3;
  public static final int YELLOW = 4;
  public static final int GREY = 5;
  public static final int NUM_COLORS = 6;

  // Door states (STATE_TO_IDX).
  public static final int OPEN = 0;
  public static final int CLOSED = 1;
  public static final int LOCKED = 2;

  /** Largest code per observation channel: object, colour, state. */
  static final int MAX_OBJECT = AGENT;
  static final int MAX_COLOR = GREY;
  static final int MAX_STATE = LOCKED;

  private static final String[] TYPE_NAMES = {
      "unseen", "empty", "wall", "floor", "door", "key", "ball", "box", "goal", "lava", "agent"};
  private static final String[] COLOR_NAMES = {"red", "green", "blue", "purple", "yellow", "grey"};

  /**
   * MiniGrid's {@code COLOR_NAMES} is {@code sorted(COLORS)}: blue, green, grey, purple, red, yellow.
   * Random colour choices index this list so that their distribution matches draw for draw.
   */
  static final int[] SORTED_COLORS = {BLUE, GREEN, GREY, PURPLE, RED, YELLOW};

  public static int of(int type, int color, int state) {
    return type | color << 4 | state << 8;
  }

  public static int wall() {
    return of(WALL, GREY, 0);
  }

  public static int goal() {
    return of(GOAL, GREEN, 0);
  }

  public static int lava() {
    return of(LAVA, RED, 0);
  }

  public static int floor(int color) {
    return of(FLOOR, color, 0);
  }

  public static int door(int color, int state) {
    return of(DOOR, color, state);
  }

  public static int key(int color) {
    return of(KEY, color, 0);
  }

  public static int ball(int color) {
    return of(BALL, color, 0);
  }

  public static int box(int color) {
    return of(BOX, color, 0);
  }

  public static int type(int tile) {
    return tile & 0xF;
  }

  public static int color(int tile) {
    return tile >>> 4 & 0xF;
  }

  public static int state(int tile) {
    return tile >>> 8 & 0xF;
  }

  /** The same object with another colour. */
  public static int withColor(int tile, int color) {
    return tile & ~0xF0 | color << 4;
  }

  /** Whether the agent may stand on it: empty, floor, goal, lava, open door. */
  public static boolean canOverlap(int tile) {
    int t = type(tile);
    return tile == NONE || t == FLOOR || t == GOAL || t == LAVA || t == DOOR && state(tile) == OPEN;
  }

  /** Keys, balls and boxes can be carried. */
  public static boolean canPickup(int tile) {
    int t = type(tile);
    return tile != NONE && (t == KEY || t == BALL || t == BOX);
  }

  /** Walls and closed or locked doors block sight. */
  public static boolean seeBehind(int tile) {
    int t = type(tile);
    return !(t == WALL || t == DOOR && state(tile) != OPEN);
  }

  public static String typeName(int type) {
    return TYPE_NAMES[type];
  }

  public static String colorName(int color) {
    return COLOR_NAMES[color];
  }

  /** E.g. "yellow key", "blue door (locked)", "empty". */
  public static String describe(int tile) {
    if (tile == NONE) {
      return "empty";
    }
    String s = COLOR_NAMES[color(tile)] + " " + TYPE_NAMES[type(tile)];
    if (type(tile) == DOOR) {
      s += state(tile) == OPEN ? " (open)" : state(tile) == CLOSED ? " (closed)" : " (locked)";
    }
    return s;
  }
}
