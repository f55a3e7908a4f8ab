package dev.curio.envs.worlds.maze;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 *       {@code ; description: ...} are headers; one blank line ends the grid; trailing spaces are ignored.</li>
 * </ul>
 *
 * A malformed layout is an {@link IllegalArgumentException} whose one-line message reads
 * {@code source:line:column: what is wrong} (1-based line and column).
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

  private MazeLayout(String name, String description, String source, int height, int width, char[] chars,
                     int maxStepsHeader) {
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

  /** Reads a layout from a UTF-8 text file; its name defaults to the file name without extension. */
  public static MazeLayout fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read maze file " + file, e);
    }
    return parse(text, file.toString());
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
                throw error(src, lineNo, valueCol, "name '" + value + "' must match [a-z0-9][a-z0-9-]*");
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
              : ch == '\t' ? "tab" : "'" + ch + "'";
          throw error(src, lineNo, c + 1, "unknown character " + shown + "; expected one of " + ALPHABET);
        }
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
    return new MazeLayout(name, description, src, h, w, chars, maxSteps);
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
    throw error(src, line, col, "max_steps must be a positive integer, got '" + value + "'");
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
    return new IllegalArgumentException(src + ":" + line + ":" + col + ": " + what);
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
