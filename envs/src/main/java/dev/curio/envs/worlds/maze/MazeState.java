package dev.curio.envs.worlds.maze;

import dev.curio.core.Rng;
import java.util.Arrays;

/**
 * The mutable state of one maze (grid, agent cell, keys carried, step count, TV screens) with its move
 * rule and its observation writers. Package-private: {@link MazeEnv} holds one, {@link ExoMazeEnv} one
 * per maze. Plain arrays, no allocation per step.
 */
final class MazeState {
  /** Moves: up, right, down, left. */
  static final int UP = 0;
  static final int RIGHT = 1;
  static final int DOWN = 2;
  static final int LEFT = 3;

  /** Events of a move. */
  static final int NONE = 0;
  static final int GOAL = 1;
  static final int LAVA = 2;

  // Channels of the one-hot grid encodings.
  static final int CH_WALL = 0;
  static final int CH_GOAL = 1;
  static final int CH_LAVA = 2;
  static final int CH_TV = 3;
  static final int CH_AGENT = 4;
  static final int CH_KEYS = 5;

  /** The TV screen value when nobody watches. */
  static final float TV_IDLE = 1f;

  final MazeLayout layout;
  final int h;
  final int w;
  final int n;
  final int colours;
  final int channels;
  final ObservationMode mode;
  final int view;
  final int obsSize;

  private final byte[] base;
  final byte[] grid;
  private final int[] delta;
  private final int[] channelOfCode = new int[32];
  private final int[] tvCells;
  private final int[] tvOfCell;
  private final boolean[] nearTv;
  final float[] tvValue;
  /** The full one-hot grid kept up to date move by move; only in {@link ObservationMode#FULL}. */
  private final float[] full;

  int agent;
  int inventory;
  int t;
  boolean watching;

  MazeState(MazeLayout layout, ObservationMode mode, int view) {
    this.layout = layout;
    this.h = layout.height();
    this.w = layout.width();
    this.n = h * w;
    this.colours = layout.colours().length();
    this.channels = CH_KEYS + 2 * colours;
    this.mode = mode;
    this.view = view;
    this.base = layout.cellCodes();
    this.grid = base.clone();
    this.delta = new int[] {-w, 1, w, -1};
    Arrays.fill(channelOfCode, -1);
    channelOfCode[MazeLayout.WALL] = CH_WALL;
    channelOfCode[MazeLayout.GOAL] = CH_GOAL;
    channelOfCode[MazeLayout.LAVA] = CH_LAVA;
    channelOfCode[MazeLayout.TV] = CH_TV;
    for (int s = 0; s < colours; s++) {
      channelOfCode[MazeLayout.KEY + s] = keyChannel(s);
      channelOfCode[MazeLayout.DOOR + s] = doorChannel(s);
    }
    int tvs = layout.tvs().size();
    this.tvCells = new int[tvs];
    this.tvOfCell = new int[n];
    this.nearTv = new boolean[n];
    this.tvValue = new float[tvs];
    Arrays.fill(tvOfCell, -1);
    for (int i = 0; i < tvs; i++) {
      int c = layout.tvs().get(i).index(w);
      tvCells[i] = c;
      tvOfCell[c] = i;
      for (int d : delta) {
        nearTv[c + d] = true; // TVs lie inside the wall ring, so every neighbour is in the grid
      }
    }
    this.obsSize = switch (mode) {
      case FULL -> n * channels;
      case EGOCENTRIC -> view * view * channels;
      case POSITION -> n + colours + tvs;
    };
    this.full = mode == ObservationMode.FULL ? new float[n * channels] : null;
  }

  int keyChannel(int slot) {
    return CH_KEYS + slot;
  }

  int doorChannel(int slot) {
    return CH_KEYS + colours + slot;
  }

  /** Observation shape for this state's mode. */
  int[] shape() {
    return switch (mode) {
      case FULL -> new int[] {h, w, channels};
      case EGOCENTRIC -> new int[] {view, view, channels};
      case POSITION -> new int[] {obsSize};
    };
  }

  /** Cells an agent may start on: floor with nothing on it (not goal, lava, key or door). */
  int[] plainFloorCells() {
    int count = 0;
    for (byte b : base) {
      count += b == MazeLayout.FLOOR ? 1 : 0;
    }
    int[] out = new int[count];
    int j = 0;
    for (int i = 0; i < n; i++) {
      if (base[i] == MazeLayout.FLOOR) {
        out[j++] = i;
      }
    }
    return out;
  }

  /** A new episode with the agent on {@code startCell}; {@code noise} feeds the TV screens. */
  void reset(int startCell, Rng noise) {
    System.arraycopy(base, 0, grid, 0, n);
    agent = startCell;
    inventory = 0;
    t = 0;
    updateTv(noise);
    if (full != null) {
      Arrays.fill(full, 0f);
      for (int i = 0; i < n; i++) {
        int ch = channelOfCode[grid[i]];
        if (ch >= 0) {
          full[i * channels + ch] = 1f;
        }
      }
      for (int i = 0; i < tvCells.length; i++) {
        full[tvCells[i] * channels + CH_TV] = tvValue[i];
      }
      full[agent * channels + CH_AGENT] = 1f;
    }
  }

  /** Applies a move, advances the step count and the TV screens; returns {@link #NONE}, {@link #GOAL} or {@link #LAVA}. */
  int step(int action, Rng noise) {
    int from = agent;
    int to = from + delta[action];
    byte code = grid[to];
    int event = NONE;
    boolean move;
    if (code == MazeLayout.FLOOR) {
      move = true;
    } else if (code == MazeLayout.WALL || code == MazeLayout.TV) {
      move = false;
    } else if (code == MazeLayout.GOAL) {
      move = true;
      event = GOAL;
    } else if (code == MazeLayout.LAVA) {
      move = true;
      event = LAVA;
    } else if (code < MazeLayout.DOOR) { // a key: pick it up (the cell becomes floor)
      int slot = code - MazeLayout.KEY;
      inventory |= 1 << slot;
      grid[to] = MazeLayout.FLOOR;
      if (full != null) {
        full[to * channels + keyChannel(slot)] = 0f;
      }
      move = true;
    } else { // a closed door: opens for its key, which is kept
      int slot = code - MazeLayout.DOOR;
      move = (inventory & (1 << slot)) != 0;
      if (move) {
        grid[to] = MazeLayout.FLOOR;
        if (full != null) {
          full[to * channels + doorChannel(slot)] = 0f;
        }
      }
    }
    if (move) {
      agent = to;
      if (full != null) {
        int a = from * channels;
        full[a + CH_AGENT] = 0f;
        for (int s = 0; s < colours; s++) {
          full[a + keyChannel(s)] = 0f;
        }
      }
    }
    if (full != null) {
      int a = agent * channels;
      full[a + CH_AGENT] = 1f;
      for (int s = 0; s < colours; s++) {
        full[a + keyChannel(s)] = (inventory >>> s) & 1;
      }
    }
    t++;
    updateTv(noise);
    return event;
  }

  private void updateTv(Rng noise) {
    int[] tvs = tvCells;
    if (tvs.length == 0) {
      watching = false;
      return;
    }
    watching = nearTv[agent];
    for (int i = 0; i < tvs.length; i++) {
      int d = tvs[i] - agent;
      boolean watched = watching && (d == 1 || d == -1 || d == w || d == -w);
      float v = watched ? noise.nextFloat() : TV_IDLE;
      tvValue[i] = v;
      if (full != null) {
        full[tvs[i] * channels + CH_TV] = v;
      }
    }
  }

  /** Writes the observation into {@code dst[off .. off + obsSize)}, which must be all zeros. */
  void write(float[] dst, int off) {
    switch (mode) {
      case FULL -> System.arraycopy(full, 0, dst, off, full.length);
      case EGOCENTRIC -> writeEgocentric(dst, off);
      case POSITION -> writePosition(dst, off);
      default -> throw new AssertionError(mode);
    }
  }

  private void writePosition(float[] dst, int off) {
    dst[off + agent] = 1f;
    int o = off + n;
    for (int s = 0; s < colours; s++) {
      dst[o + s] = (inventory >>> s) & 1;
    }
    o += colours;
    for (int i = 0; i < tvValue.length; i++) {
      dst[o + i] = tvValue[i];
    }
  }

  private void writeEgocentric(float[] dst, int off) {
    int half = view / 2;
    int ar = agent / w;
    int ac = agent - ar * w;
    int c = channels;
    int o = off;
    for (int dr = -half; dr <= half; dr++) {
      int r = ar + dr;
      boolean rowOut = r < 0 || r >= h;
      for (int dc = -half; dc <= half; dc++, o += c) {
        int col = ac + dc;
        if (rowOut || col < 0 || col >= w) {
          dst[o + CH_WALL] = 1f;
          continue;
        }
        int cell = r * w + col;
        int ch = channelOfCode[grid[cell]];
        if (ch >= 0) {
          dst[o + ch] = ch == CH_TV ? tvValue[tvOfCell[cell]] : 1f;
        }
      }
    }
    int centre = off + (half * view + half) * c;
    dst[centre + CH_AGENT] = 1f;
    for (int s = 0; s < colours; s++) {
      dst[centre + keyChannel(s)] = (inventory >>> s) & 1;
    }
  }

  /** The grid as text: the layout alphabet with the agent as {@code @} and the start as floor. */
  String render() {
    StringBuilder sb = new StringBuilder(n + h);
    String letters = layout.colours();
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int i = r * w + c;
        sb.append(i == agent ? '@' : symbol(grid[i], letters));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static char symbol(byte code, String letters) {
    switch (code) {
      case MazeLayout.FLOOR: return '.';
      case MazeLayout.WALL: return '#';
      case MazeLayout.GOAL: return 'G';
      case MazeLayout.LAVA: return '~';
      case MazeLayout.TV: return 'T';
      default:
        if (code < MazeLayout.DOOR) {
          return letters.charAt(code - MazeLayout.KEY);
        }
        return Character.toUpperCase(letters.charAt(code - MazeLayout.DOOR));
    }
  }

  /** Key letters carried, e.g. {@code "a"}, or {@code "-"}. */
  String inventoryText() {
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < colours; s++) {
      if ((inventory & (1 << s)) != 0) {
        sb.append(layout.colours().charAt(s));
      }
    }
    return sb.length() == 0 ? "-" : sb.toString();
  }
}
