package dev.curio.core.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text files read strictly as UTF-8, so a binary or mis-encoded file is an error with its position. */
public final class Utf8Text {
  private Utf8Text() {}

  /** Bytes that are not UTF-8: where the first bad byte is (1-based line and column) and its value. */
  public static final class NotUtf8Exception extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final int value;

    NotUtf8Exception(int line, int column, int value) {
      super(String.format("byte 0x%02X at line %d, column %d is not UTF-8 text", value, line, column));
      this.line = line;
      this.column = column;
      this.value = value;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }

    /** The offending byte, 0 to 255. */
    public int value() {
      return value;
    }
  }

  /** {@code bytes} as UTF-8 text. */
  public static String decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1); // UTF-8 never decodes to more chars than bytes
    CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
    out.flip();
    String text = out.toString();
    if (r.isError()) {
      int line = 1 + (int) text.chars().filter(c -> c == '\n').count();
      int column = text.length() - text.lastIndexOf('\n');
      throw new NotUtf8Exception(line, column, bytes[in.position()] & 0xFF);
    }
    return text;
  }
}
