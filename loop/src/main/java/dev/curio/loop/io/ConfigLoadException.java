package dev.curio.loop.io;

/**
 * A configuration that could not be loaded: a malformed file, an unknown key, a value of the wrong
 * type or one its record rejects. The one-line message says where, compiler style:
 * {@code run.yaml:4: ppo.clp: unknown key (did you mean 'ppo.clip'?)} or
 * {@code --set numEnvs=0: numEnvs: must be >= 1, got 0}.
 */
public final class ConfigLoadException extends IllegalArgumentException {
  private final String source;
  private final int line;
  private final String key;

  /**
   * @param source the file or flag the bad value came from, or null when it is not known (a default,
   *     or a check across keys)
   * @param line 1-based line in {@code source}, or 0 when not known
   * @param key the dotted key at fault, or null for a file that could not be parsed at all
   * @param detail what is wrong, without the source or key
   */
  public ConfigLoadException(String source, int line, String key, String detail, Throwable cause) {
    super(format(source, line, key, detail), cause);
    this.source = source;
    this.line = line;
    this.key = key;
  }

  private static String format(String source, int line, String key, String detail) {
    StringBuilder sb = new StringBuilder();
    if (source != null) {
      sb.append(source);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    }
    if (key != null) {
      sb.append(key).append(": ");
    }
    return oneLine(sb.append(detail).toString());
  }

  /**
   * {@code s} on one line: line breaks become {@code "; "}, other control characters {@code U+XXXX}, so
   * that a key or value quoted from a broken file cannot break the message.
   */
  static String oneLine(String s) {
    String joined = s.strip().replaceAll("\\s*\\R\\s*", "; ");
    StringBuilder sb = new StringBuilder(joined.length());
    joined.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.LINE_SEPARATOR
          || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
        sb.append(String.format(java.util.Locale.ROOT, "U+%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.toString();
  }

  /** The file or flag at fault, or null. */
  public String source() {
    return source;
  }

  /** 1-based line in {@link #source()}, or 0. */
  public int line() {
    return line;
  }

  /** The dotted key at fault, or null. */
  public String key() {
    return key;
  }
}
