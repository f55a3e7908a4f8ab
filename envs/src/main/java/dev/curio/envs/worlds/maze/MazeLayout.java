package dev.curio.envs.worlds.maze;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import dev.curio.core.config.Utf8Text;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable maze layout read from text. The format (see {@code docs/envs/mazes.md}):
 *
 * <pre>
 * ; name: two-rooms-key
 * ; max_steps: 200
 * #########
 * #S..#...#
 * #.a.A..G#
 * #########
 * </pre>
 *
 * <ul>
 *   <li>{@code #} wall, {@code .} floor, {@code S} start (exactly one), {@code G} goal (one or more),
 *       {@code ~} lava, {@code T} noisy TV (solid, watched from the four cells beside it);</li>
 *   <li>{@code a}..{@code f} keys, {@code A}..{@code F} doors: key {@code a} opens door {@code A}; every
 *       door letter needs at least one key of the same letter;</li>
 *   <li>every row has the same width and the outer ring is wall;</li>
 *   <li>lines starting with {@code ;} are comments; {@code ; name: ...}, {@code ; max_steps: N} and
 *       {@code ; description: ...} are headers; one blank line ends the grid; trailing spaces are ignored;</li>
 *   <li>at most {@link #MAX_SIDE} rows and columns; a file at most {@link #MAX_FILE_BYTES} bytes.</li>
 * </ul>
 *
 * A malformed layout is an {@link IllegalArgumentException} whose one-line message reads
 * {@code source:line:column: what is wrong} (1-based line and column), or {@code source: what is wrong}
 * when no line is at fault (a missing file). A layout whose goals cannot be reached from the start is
 * valid, but says so in {@link #reachabilityWarning()}.
 */
public final class MazeLayout {
  // Cell codes of the grid (package-private: MazeState reads them).
  static final byte FLOOR = 0;
  static final byte WALL = 1;
  static final byte GOAL = 2;
  static final byte LAVA = 3;
  static final byte TV = 4;
  /** {@code KEY + slot} is a key of colour slot {@code slot} (0..5). */
  static final byte KEY = 8;
  /** {@code DOOR + slot} is a closed door of colour slot {@code slot}. */
  static final byte DOOR = 16;

  /** Characters a grid may hold, for messages. */
  static final String ALPHABET = "# . S G ~ T a-f A-F";

  /** The most rows, and the most columns, a layout may have: a full observation is {@code H * W * C} floats per step. */
  public static final int MAX_SIDE = 128;

  /** The largest maze file read (comments included); a 128 x 128 grid is about 16 KiB. */
  public static final long MAX_FILE_BYTES = 1 << 20;

  private static final Pattern HEADER = Pattern.compile("^;\\s*([a-z_]+)\\s*:\\s*(.*)$");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final String name;
  private final String description;
  private final String source;
  private final int height;
  private final int width;
  private final byte[] cells;
  private final char[] chars;
  private final GridPos start;
  private final List<GridPos> goals;
  private final List<GridPos> tvs;
  private final String colours;
  private final int freeCells;
  private final int maxStepsHeader;
  private final String reachabilityWarning;

  private MazeLayout(String name, String description, String source, int height, int width, char[] chars,
                     int maxStepsHeader, String reachabilityWarning) {
    this.reachabilityWarning = reachabilityWarning;
    this.name = name;
    this.description = description;
    this.source = source;
    this.height = height;
    this.width = width;
    this.chars = chars;
    this.maxStepsHeader = maxStepsHeader;
    StringBuilder letters = new StringBuilder();
    for (char ch = 'a'; ch <= 'f'; ch++) {
      if (new String(chars).indexOf(ch) >= 0) {
        letters.append(ch);
      }
    }
    this.colours = letters.toString();
    this.cells = new byte[chars.length];
    List<GridPos> g = new ArrayList<>();
    List<GridPos> t = new ArrayList<>();
    GridPos s = null;
    int free = 0;
    for (int i = 0; i < chars.length; i++) {
      char ch = chars[i];
      GridPos p = new GridPos(i / width, i % width);
      byte code;
      if (ch == '#') {
        code = WALL;
      } else if (ch == 'G') {
        code = GOAL;
        g.add(p);
      } else if (ch == '~') {
        code = LAVA;
      } else if (ch == 'T') {
        code = TV;
        t.add(p);
      } else if (ch >= 'a' && ch <= 'f') {
        code = (byte) (KEY + colours.indexOf(ch));
      } else if (ch >= 'A' && ch <= 'F') {
        code = (byte) (DOOR + colours.indexOf(Character.toLowerCase(ch)));
      } else {
        code = FLOOR;
        if (ch == 'S') {
          s = p;
        }
      }
      cells[i] = code;
      if (code != WALL && code != TV) {
        free++;
      }
    }
    this.start = s;
    this.goals = Collections.unmodifiableList(g);
    this.tvs = Collections.unmodifiableList(t);
    this.freeCells = free;
  }

  // ------------------------------------------------------------------ reading

  /** Reads a layout shipped under {@code src/main/resources/mazes/<name>.txt}. */
  public static MazeLayout fromResource(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("maze layout name must match [a-z0-9][a-z0-9-]*, got '" + name + "'");
    }
    String path = "mazes/" + name + ".txt";
    try (InputStream in = MazeLayout.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no maze layout '" + name + "' (no resource " + path
            + "); shipped layouts: " + String.join(", ", Mazes.layoutNames()));
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read maze resource " + path, e);
    }
  }

  /**
   * Reads a layout from a UTF-8 text file; its name defaults to the file name without extension. A
   * missing file, a directory, a file over {@link #MAX_FILE_BYTES} or one that is not UTF-8 text is an
   * {@link IllegalArgumentException} with a one-line message, as a malformed layout is.
   *
   * @throws UncheckedIOException only when the file exists but reading it fails otherwise (a disk error)
   */
  public static MazeLayout fromFile(Path file) {
    String src = file.toString();
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(oneLine(src + ": is a directory, not a maze file"));
    }
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(oneLine(src + ": is " + size + " bytes; a maze file holds at most "
            + MAX_FILE_BYTES + " bytes (1 MiB; grids at most " + MAX_SIDE + " x " + MAX_SIDE + ")"));
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(oneLine(src + ": no such maze file"), e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(oneLine(src + ": cannot read the maze file (permission denied)"), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read maze file " + src + ": " + e.getMessage(), e);
    }
    return parse(utf8(bytes, src), src);
  }

  /** {@code bytes} as UTF-8; an error at the line and column of the first byte that is not UTF-8. */
  private static String utf8(byte[] bytes, String src) {
    try {
      return Utf8Text.decode(bytes);
    } catch (Utf8Text.NotUtf8Exception e) {
      throw error(src, e.line(), e.column(), String.format(Locale.ROOT,
          "byte 0x%02X is not UTF-8 text; a maze file is text (expected one of %s)", e.value(), ALPHABET));
    }
  }

  /**
   * Parses {@code text}; {@code sourceName} names it in error messages and, without a {@code name}
   * header, gives the layout its name (file name without directory and extension).
   */
  public static MazeLayout parse(String text, String sourceName) {
    String src = sourceName == null ? "<maze>" : sourceName;
    if (text == null) {
      throw new IllegalArgumentException(src + ":1:1: no text");
    }
    String[] lines = text.split("\n", -1);
    String name = null;
    String description = "";
    int maxSteps = 0;
    boolean sawName = false;
    boolean sawMax = false;
    boolean sawDescription = false;
    List<String> rows = new ArrayList<>();
    List<Integer> lineOf = new ArrayList<>();
    boolean gridEnded = false;
    for (int li = 0; li < lines.length; li++) {
      int lineNo = li + 1;
      String line = stripTrailing(lines[li]);
      if (line.startsWith(";")) {
        Matcher m = HEADER.matcher(line);
        if (m.matches()) {
          String key = m.group(1);
          String value = m.group(2).trim();
          int valueCol = m.start(2) + 1;
          switch (key) {
            case "name" -> {
              if (sawName) {
                throw error(src, lineNo, 1, "duplicate header 'name'");
              }
              if (!NAME.matcher(value).matches()) {
                throw error(src, lineNo, valueCol, "name '" + shown(value) + "' must match [a-z0-9][a-z0-9-]*");
              }
              sawName = true;
              name = value;
            }
            case "max_steps" -> {
              if (sawMax) {
                throw error(src, lineNo, 1, "duplicate header 'max_steps'");
              }
              sawMax = true;
              maxSteps = parsePositive(value, src, lineNo, valueCol);
            }
            case "description" -> {
              if (sawDescription) {
                throw error(src, lineNo, 1, "duplicate header 'description'");
              }
              sawDescription = true;
              description = value;
            }
            default -> { } // any other "; word: text" is a plain comment
          }
        }
        continue;
      }
      if (line.isEmpty()) {
        if (!rows.isEmpty()) {
          gridEnded = true;
        }
        continue;
      }
      if (gridEnded) {
        throw error(src, lineNo, 1, "grid row after a blank line; a layout holds one grid without blank lines");
      }
      for (int c = 0; c < line.length(); c++) {
        char ch = line.charAt(c);
        if ("#.SG~T".indexOf(ch) < 0 && !(ch >= 'a' && ch <= 'f') && !(ch >= 'A' && ch <= 'F')) {
          String shown = ch == ' ' ? "' ' (space; use '.' for floor)"
              : ch == '\t' ? "tab" : "'" + shown(line.substring(c, line.offsetByCodePoints(c, 1))) + "'";
          throw error(src, lineNo, c + 1, "unknown character " + shown + "; expected one of " + ALPHABET);
        }
        if (c == MAX_SIDE) {
          throw error(src, lineNo, c + 1, "row is " + line.length() + " cells wide; a maze is at most " + MAX_SIDE
              + " wide");
        }
      }
      if (rows.size() == MAX_SIDE) {
        throw error(src, lineNo, 1, "grid row " + (MAX_SIDE + 1) + "; a maze is at most " + MAX_SIDE + " rows high");
      }
      if (!rows.isEmpty() && line.length() != rows.get(0).length()) {
        int w = rows.get(0).length();
        throw error(src, lineNo, Math.min(w, line.length()) + 1, "row is " + line.length()
            + " cells wide but the first row is " + w + "; all rows must have the same width");
      }
      rows.add(line);
      lineOf.add(lineNo);
    }
    if (rows.isEmpty()) {
      throw error(src, 1, 1, "no grid rows");
    }
    int h = rows.size();
    int w = rows.get(0).length();
    char[] chars = new char[h * w];
    for (int r = 0; r < h; r++) {
      rows.get(r).getChars(0, w, chars, r * w);
    }
    // Border: the outer ring must be wall.
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        boolean border = r == 0 || c == 0 || r == h - 1 || c == w - 1;
        if (border && chars[r * w + c] != '#') {
          throw error(src, lineOf.get(r), c + 1, "border cell is '" + chars[r * w + c]
              + "' but the outer ring of the grid must be wall '#'");
        }
      }
    }
    int startAt = -1;
    int goalCount = 0;
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] == 'S') {
        if (startAt >= 0) {
          throw error(src, lineOf.get(i / w), i % w + 1, "second start 'S'; the first is at line "
              + lineOf.get(startAt / w) + ", column " + (startAt % w + 1));
        }
        startAt = i;
      } else if (chars[i] == 'G') {
        goalCount++;
      }
    }
    String gridLines = "lines " + lineOf.get(0) + "-" + lineOf.get(h - 1);
    if (startAt < 0) {
      throw error(src, lineOf.get(0), 1, "the grid (" + gridLines + ") has no start 'S'");
    }
    if (goalCount == 0) {
      throw error(src, lineOf.get(0), 1, "the grid (" + gridLines + ") has no goal 'G'");
    }
    String all = new String(chars);
    for (int i = 0; i < chars.length; i++) {
      char ch = chars[i];
      if (ch >= 'A' && ch <= 'F' && all.indexOf(Character.toLowerCase(ch)) < 0) {
        throw error(src, lineOf.get(i / w), i % w + 1, "door '" + ch + "' has no key '"
            + Character.toLowerCase(ch) + "' anywhere in the grid");
      }
    }
    if (name == null) {
      name = nameFromSource(src);
    }
    String warning = goalReachable(w, chars, startAt) ? null : oneLine(src) + ": no goal 'G' can be reached from the start 'S'"
        + " at line " + lineOf.get(startAt / w) + ", column " + (startAt % w + 1) + " (walls, TVs, lava and doors"
        + " whose key cannot be reached block every way)";
    return new MazeLayout(name, description, src, h, w, chars, maxSteps, warning);
  }

  /**
   * Whether a goal can be reached from {@code start}: a search over free cells that never enters walls,
   * TVs or lava (lava ends the episode), nor a door before a key of its letter has been reached. Keys
   * are never used up and doors stay open, so the keys reachable only grow: search again with every key
   * reached so far until no new key turns up.
   */
  private static boolean goalReachable(int w, char[] chars, int start) {
    int held = 0; // bit k: a key of letter 'a' + k has been reached
    int[] queue = new int[chars.length];
    while (true) {
      boolean[] seen = new boolean[chars.length];
      int found = held;
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      seen[start] = true;
      while (head < tail) {
        int cell = queue[head++];
        char ch = chars[cell];
        if (ch == 'G') {
          return true;
        }
        if (ch >= 'a' && ch <= 'f') {
          found |= 1 << (ch - 'a');
        }
        // the outer ring is wall and never entered, so these neighbours stay inside the grid
        for (int next : new int[] {cell - w, cell + 1, cell + w, cell - 1}) {
          char n = chars[next];
          boolean door = n >= 'A' && n <= 'F';
          if (!seen[next] && n != '#' && n != 'T' && n != '~' && (!door || (held & 1 << (n - 'A')) != 0)) {
            seen[next] = true;
            queue[tail++] = next;
          }
        }
      }
      if (found == held) {
        return false;
      }
      held = found;
    }
  }

  /** {@code s} for a message: control characters as {@code U+XXXX}, at most 40 characters. */
  private static String shown(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().limit(40).forEach(cp -> {
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.LINE_SEPARATOR
          || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR || Character.getType(cp) == Character.FORMAT
          || Character.getType(cp) == Character.SURROGATE) {
        sb.append(String.format(Locale.ROOT, "U+%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return s.codePointCount(0, s.length()) > 40 ? sb + "..." : sb.toString();
  }

  private static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0) {
      char ch = s.charAt(end - 1);
      if (ch == ' ' || ch == '\t' || ch == '\r') {
        end--;
      } else {
        break;
      }
    }
    return s.substring(0, end);
  }

  private static int parsePositive(String value, String src, int line, int col) {
    try {
      int v = Integer.parseInt(value);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw error(src, line, col, "max_steps must be a positive integer, got '" + shown(value) + "'");
  }

  private static String nameFromSource(String src) {
    String base = src.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    base = base.toLowerCase().replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
    return base.isEmpty() ? "maze" : base;
  }

  private static IllegalArgumentException error(String src, int line, int col, String what) {
    return new IllegalArgumentException(oneLine(src + ":" + line + ":" + col + ": " + what));
  }

  /** {@code s} with line breaks and other control characters as {@code U+XXXX}: a message stays one line. */
  static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.LINE_SEPARATOR
          || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
        sb.append(String.format(Locale.ROOT, "U+%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.toString();
  }

  // ------------------------------------------------------------------ accessors

  /** The layout's name, from its {@code name} header or its source; ids are {@code maze:<name>}. */
  public String name() {
    return name;
  }

  /** The {@code description} header, or empty. */
  public String description() {
    return description;
  }

  /** Where the layout was read from (resource path, file or the name given to {@link #parse}). */
  public String source() {
    return source;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public GridPos start() {
    return start;
  }

  /** Goal cells in row-major order (at least one). */
  public List<GridPos> goals() {
    return goals;
  }

  /** Noisy-TV cells in row-major order (possibly none). */
  public List<GridPos> tvs() {
    return tvs;
  }

  /**
   * The key letters used, in alphabetical order, e.g. {@code "ab"}; letter {@code i} of this string is
   * colour slot {@code i} in the observation channels.
   */
  public String colours() {
    return colours;
  }

  /** Cells the agent can stand on or walk into: everything but walls and TVs. */
  public int freeCells() {
    return freeCells;
  }

  /**
   * A one-line warning when no goal can be reached from the start (walls, TVs, lava, or doors whose key
   * cannot be reached first, block every way); empty otherwise. Such a layout loads, since it may be
   * meant (a test of an agent that must give up), but {@code curio check-env} and {@code curio train}
   * print the warning.
   */
  public Optional<String> reachabilityWarning() {
    return Optional.ofNullable(reachabilityWarning);
  }

  /** The {@code max_steps} header, or 0 when absent. */
  public int maxStepsHeader() {
    return maxStepsHeader;
  }

  /** The step limit used when the config leaves it at 0: the header, or 4 x free cells. */
  public int defaultMaxSteps() {
    return maxStepsHeader > 0 ? maxStepsHeader : 4 * freeCells;
  }

  /** The layout character at a cell, as written in the text. */
  public char charAt(int row, int col) {
    if (row < 0 || row >= height || col < 0 || col >= width) {
      throw new IndexOutOfBoundsException("cell (" + row + ", " + col + ") is outside a " + height + "x" + width + " maze");
    }
    return chars[row * width + col];
  }

  /** Cell codes, row-major {@code [H*W]}; a fresh copy. */
  byte[] cellCodes() {
    return cells.clone();
  }

  /** The grid as text, one row per line, without headers. */
  public String gridText() {
    StringBuilder sb = new StringBuilder(height * (width + 1));
    for (int r = 0; r < height; r++) {
      sb.append(chars, r * width, width).append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "MazeLayout(" + name + ", " + height + "x" + width + ", from " + source + ")";
  }
}
