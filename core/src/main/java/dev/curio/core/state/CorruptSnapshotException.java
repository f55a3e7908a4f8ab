package dev.curio.core.state;

import java.io.IOException;

/**
 * Snapshot bytes that are not a whole snapshot: a wrong magic number or format version, an entry
 * whose checksum does not match, a length that runs past the end of the bytes, bytes cut off or
 * left over. The message is one line and names the entry where reading stopped (as a path such as
 * {@code learner/params}, or {@code the header}); {@link #entry()} gives the path alone.
 */
public final class CorruptSnapshotException extends IOException {
  private final String entry;

  /**
   * @param message one line, naming the entry
   * @param entry the path of the entry where reading stopped ({@code ""} for the header or the top
   *     level)
   */
  public CorruptSnapshotException(String message, String entry) {
    this(message, entry, null);
  }

  public CorruptSnapshotException(String message, String entry, Throwable cause) {
    super(message, cause);
    this.entry = entry;
  }

  /** The path of the entry where reading stopped, e.g. {@code loop/globalStep}; {@code ""} for the header. */
  public String entry() {
    return entry;
  }

  /** The same failure with {@code where} (a file name, say) before its message: {@code "<where>: <message>"}. */
  public CorruptSnapshotException in(String where) {
    return new CorruptSnapshotException(where + ": " + getMessage(), entry, this);
  }
}
