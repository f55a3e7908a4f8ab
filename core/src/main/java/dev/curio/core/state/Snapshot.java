package dev.curio.core.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * A component's complete state as named primitive arrays and nested snapshots, in a simple,
 * versioned binary form. Learners, reward modules, RNGs and loops each put what they need to
 * continue exactly; the runner writes the whole tree into one checkpoint file.
 *
 * <h2>The bytes (format 1, what {@link #write} writes)</h2>
 * Big-endian throughout.
 * <pre>
 * snapshot := magic "CURS" (0x43555253)   int
 *             format version (1)          int
 *             record                      the top level: a child entry with the empty name
 * record   := name     u16 byte count, then UTF-8
 *             type     u8: 1 floats, 2 doubles, 3 longs, 4 string, 5 child, 6 ints
 *             length   s32: elements of an array, bytes of a string, bytes of a child's records
 *             count    s32, children only: how many records the child holds
 *             payload  the elements (a child has none here)
 *             crc32c   s32: CRC32C ({@link CRC32C}) of every byte of this record from name to payload
 *             [records of a child, each with its own checksum]
 * </pre>
 * The checksum is <b>per entry</b>: a flipped byte anywhere fails the checksum of the one entry that
 * holds it, and the error names that entry by its path ({@code learner/params}); a child's checksum
 * covers its name, type, length and count, so a record cannot be lost or added unnoticed. Reading
 * checks every length against the bytes that remain (in the enclosing child and in the input)
 * <em>before</em> it allocates anything, so corrupt bytes give a {@link CorruptSnapshotException}
 * with a one-line message, never an {@link OutOfMemoryError} or a {@link NegativeArraySizeException}.
 *
 * <h2>Format 0</h2>
 * Snapshots written before format 1 (magic {@code "CUR0"}, no version, no lengths of children, no
 * checksums) are still read, with the same bounds checks; {@link #format()} then says
 * {@link #LEGACY_FORMAT}, so a caller can warn that nothing proved those bytes whole. Writing always
 * uses {@link #FORMAT}.
 *
 * <p>Not thread-safe; build one, write it, forget it.
 */
public final class Snapshot {
  /** The format {@link #write} writes: a version number and a CRC32C checksum per entry. */
  public static final int FORMAT = 1;
  /** The format before checksums (magic {@code "CUR0"}): still read, never written. */
  public static final int LEGACY_FORMAT = 0;

  private static final int MAGIC = 0x43555253; // "CURS"
  private static final int LEGACY_MAGIC = 0x43555230; // "CUR0"
  private static final byte FLOATS = 1;
  private static final byte DOUBLES = 2;
  private static final byte LONGS = 3;
  private static final byte STRING = 4;
  private static final byte CHILD = 5;
  private static final byte INTS = 6;
  /** Bytes before the top level's records: magic, version, and the top level's name, type, length, count and checksum. */
  private static final int PREFIX = 4 + 4 + 2 + 1 + 4 + 4 + 4;
  /** Where in the prefix the top level's length (the bytes of its records) is. */
  private static final int TOP_LENGTH = 4 + 4 + 2 + 1;
  /** The smallest record: an empty name, a type, a length of 0 and a checksum (format 1). */
  private static final int MIN_RECORD = 2 + 1 + 4 + 4;
  /** The smallest record of format 0: an empty name, a type and a length or count. */
  private static final int MIN_LEGACY_RECORD = 2 + 1 + 4;
  /** Real snapshots nest four or five levels; deeper means corrupt bytes (and would risk the stack). */
  static final int MAX_DEPTH = 64;

  private final Map<String, Object> entries = new LinkedHashMap<>();
  /** The format this snapshot was read from; {@link #FORMAT} for one built in memory. */
  private int format = FORMAT;

  public Snapshot putFloats(String name, float[] v) {
    entries.put(name, v.clone());
    return this;
  }

  public Snapshot putDoubles(String name, double[] v) {
    entries.put(name, v.clone());
    return this;
  }

  public Snapshot putLongs(String name, long[] v) {
    entries.put(name, v.clone());
    return this;
  }

  public Snapshot putInts(String name, int[] v) {
    entries.put(name, v.clone());
    return this;
  }

  public Snapshot putLong(String name, long v) {
    return putLongs(name, new long[] {v});
  }

  public Snapshot putDouble(String name, double v) {
    return putDoubles(name, new double[] {v});
  }

  public Snapshot putString(String name, String v) {
    entries.put(name, Objects.requireNonNull(v, name));
    return this;
  }

  public Snapshot putChild(String name, Snapshot child) {
    entries.put(name, Objects.requireNonNull(child, name));
    return this;
  }

  public boolean has(String name) {
    return entries.containsKey(name);
  }

  public List<String> names() {
    return new ArrayList<>(entries.keySet());
  }

  private <T> T get(String name, Class<T> type) {
    Object v = entries.get(name);
    if (v == null) {
      throw new IllegalStateException("snapshot has no entry '" + name + "' (it has " + entries.keySet() + ")");
    }
    if (!type.isInstance(v)) {
      throw new IllegalStateException("snapshot entry '" + name + "' is a " + v.getClass().getSimpleName()
          + ", not a " + type.getSimpleName());
    }
    return type.cast(v);
  }

  public float[] floats(String name) {
    return get(name, float[].class).clone();
  }

  public double[] doubles(String name) {
    return get(name, double[].class).clone();
  }

  public long[] longs(String name) {
    return get(name, long[].class).clone();
  }

  public int[] ints(String name) {
    return get(name, int[].class).clone();
  }

  public long getLong(String name) {
    return get(name, long[].class)[0];
  }

  public double getDouble(String name) {
    return get(name, double[].class)[0];
  }

  public String string(String name) {
    return get(name, String.class);
  }

  public Snapshot child(String name) {
    return get(name, Snapshot.class);
  }

  /**
   * The format this snapshot was read from: {@link #FORMAT}, or {@link #LEGACY_FORMAT} for bytes
   * written before checksums (read without an integrity check). A snapshot built in memory says
   * {@link #FORMAT}.
   */
  public int format() {
    return format;
  }

  /** Writes this snapshot in {@link #FORMAT}. */
  public void write(DataOutputStream out) throws IOException {
    Encoder e = new Encoder(out);
    e.header();
    e.record("", this);
    e.drain();
    out.flush();
  }

  /** The bytes {@link #write} writes. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      write(new DataOutputStream(bytes));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode snapshot: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads one snapshot from {@code in}. A format-1 snapshot says how long it is, and exactly its
   * bytes are read; a format-0 one is read to the end of the stream. Nothing is allocated on the
   * strength of a length the bytes claim: the bytes are read first (as many as there are), then
   * checked.
   *
   * @throws CorruptSnapshotException (an {@link IOException}) with a one-line message naming the
   *     entry, when the bytes are not a whole snapshot
   */
  public static Snapshot read(DataInputStream in) throws IOException {
    byte[] prefix = in.readNBytes(PREFIX);
    int magic = prefix.length >= 4 ? ByteBuffer.wrap(prefix).getInt() : 0;
    byte[] rest;
    if (magic == LEGACY_MAGIC) {
      rest = in.readAllBytes();
    } else if (magic == MAGIC && prefix.length == PREFIX && ByteBuffer.wrap(prefix).getInt(TOP_LENGTH) >= 0) {
      rest = in.readNBytes(ByteBuffer.wrap(prefix).getInt(TOP_LENGTH));
    } else {
      rest = new byte[0]; // not a snapshot, or cut off inside its prefix: fromBytes says which
    }
    byte[] all = new byte[prefix.length + rest.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(rest, 0, all, prefix.length, rest.length);
    return fromBytes(all);
  }

  /**
   * The snapshot that is exactly {@code bytes} (as {@link #toBytes} or {@link #write} wrote them, or
   * in format 0); bytes left over after it make it corrupt.
   *
   * @throws CorruptSnapshotException with a one-line message naming the entry
   */
  public static Snapshot fromBytes(byte[] bytes) throws CorruptSnapshotException {
    Decoder d = new Decoder(bytes);
    Snapshot s = d.snapshot();
    if (d.buf.hasRemaining()) {
      throw new CorruptSnapshotException(String.format("%,d bytes follow the end of the snapshot (corrupt)",
          d.buf.remaining()), "");
    }
    return s;
  }

  private static byte typeOf(Object v) {
    if (v instanceof float[]) {
      return FLOATS;
    } else if (v instanceof double[]) {
      return DOUBLES;
    } else if (v instanceof long[]) {
      return LONGS;
    } else if (v instanceof int[]) {
      return INTS;
    } else if (v instanceof String) {
      return STRING;
    }
    return CHILD;
  }

  /** Bytes per element of an array type; 1 for a string. */
  private static int elementSize(byte type) {
    return switch (type) {
      case FLOATS, INTS -> 4;
      case DOUBLES, LONGS -> 8;
      default -> 1;
    };
  }

  private static String typeName(byte type) {
    return switch (type) {
      case FLOATS -> "floats";
      case DOUBLES -> "doubles";
      case LONGS -> "longs";
      case INTS -> "ints";
      case STRING -> "string bytes";
      default -> "bytes of entries";
    };
  }

  /** Bytes of the records of {@code s} in format 1. */
  private static long recordsSize(Snapshot s) {
    long n = 0;
    for (Map.Entry<String, Object> e : s.entries.entrySet()) {
      n += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 1 + 4 + 4;
      Object v = e.getValue();
      if (v instanceof Snapshot c) {
        n += 4 + recordsSize(c);
      } else if (v instanceof String str) {
        n += str.getBytes(StandardCharsets.UTF_8).length;
      } else {
        n += (long) java.lang.reflect.Array.getLength(v) * elementSize(typeOf(v));
      }
    }
    return n;
  }

  /** Writes records through a 64 KiB buffer, each followed by the CRC32C of its bytes. */
  private static final class Encoder {
    private final OutputStream out;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    /** Where in {@link #buf} the bytes not yet added to {@link #crc} begin. */
    private int crcFrom;

    Encoder(OutputStream out) {
      this.out = out;
    }

    void header() throws IOException {
      room(8);
      buf.putInt(MAGIC).putInt(FORMAT);
    }

    void record(String name, Object v) throws IOException {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      if (n.length > 0xFFFF) {
        throw new IOException("snapshot entry name of " + n.length + " bytes (at most 65535): "
            + name.substring(0, 40) + "...");
      }
      crc.reset();
      crcFrom = buf.position();
      room(2);
      buf.putShort((short) n.length);
      bytes(n);
      byte type = typeOf(v);
      room(1 + 4 + 4);
      buf.put(type);
      switch (type) {
        case FLOATS -> {
          float[] a = (float[]) v;
          buf.putInt(a.length);
          for (int i = 0; i < a.length; ) {
            room(4);
            int k = Math.min(a.length - i, buf.remaining() / 4);
            buf.asFloatBuffer().put(a, i, k);
            buf.position(buf.position() + 4 * k);
            i += k;
          }
        }
        case DOUBLES -> {
          double[] a = (double[]) v;
          buf.putInt(a.length);
          for (int i = 0; i < a.length; ) {
            room(8);
            int k = Math.min(a.length - i, buf.remaining() / 8);
            buf.asDoubleBuffer().put(a, i, k);
            buf.position(buf.position() + 8 * k);
            i += k;
          }
        }
        case LONGS -> {
          long[] a = (long[]) v;
          buf.putInt(a.length);
          for (int i = 0; i < a.length; ) {
            room(8);
            int k = Math.min(a.length - i, buf.remaining() / 8);
            buf.asLongBuffer().put(a, i, k);
            buf.position(buf.position() + 8 * k);
            i += k;
          }
        }
        case INTS -> {
          int[] a = (int[]) v;
          buf.putInt(a.length);
          for (int i = 0; i < a.length; ) {
            room(4);
            int k = Math.min(a.length - i, buf.remaining() / 4);
            buf.asIntBuffer().put(a, i, k);
            buf.position(buf.position() + 4 * k);
            i += k;
          }
        }
        case STRING -> {
          byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
          buf.putInt(b.length);
          bytes(b);
        }
        default -> {
          Snapshot c = (Snapshot) v;
          long size = recordsSize(c);
          if (size > Integer.MAX_VALUE - PREFIX) {
            throw new IOException("snapshot entry '" + name + "' is " + size + " bytes; a snapshot holds at most 2 GiB");
          }
          buf.putInt((int) size).putInt(c.entries.size());
        }
      }
      checksum();
      if (v instanceof Snapshot c) {
        for (Map.Entry<String, Object> e : c.entries.entrySet()) {
          record(e.getKey(), e.getValue());
        }
      }
    }

    private void bytes(byte[] b) throws IOException {
      for (int i = 0; i < b.length; ) {
        room(1);
        int k = Math.min(b.length - i, buf.remaining());
        buf.put(b, i, k);
        i += k;
      }
    }

    /** Ends the record: its CRC32C, over the bytes since it began. */
    private void checksum() throws IOException {
      crc.update(buf.array(), crcFrom, buf.position() - crcFrom);
      crcFrom = buf.position();
      room(4);
      buf.putInt((int) crc.getValue());
      crcFrom = buf.position();
    }

    private void room(int n) throws IOException {
      if (buf.remaining() < n) {
        drain();
      }
    }

    void drain() throws IOException {
      crc.update(buf.array(), crcFrom, buf.position() - crcFrom);
      out.write(buf.array(), 0, buf.position());
      buf.clear();
      crcFrom = 0;
    }
  }

  /** Reads format 1 or 0 from an array, checking every length against the bytes left before it allocates. */
  private static final class Decoder {
    private final byte[] bytes;
    private final ByteBuffer buf;
    private final CRC32C crc = new CRC32C();
    private int format;

    Decoder(byte[] bytes) {
      this.bytes = bytes;
      this.buf = ByteBuffer.wrap(bytes);
    }

    Snapshot snapshot() throws CorruptSnapshotException {
      if (bytes.length < 4) {
        throw corrupt("", "is cut off: " + bytes.length + " bytes, not even a magic number");
      }
      int magic = buf.getInt();
      if (magic == LEGACY_MAGIC) {
        format = LEGACY_FORMAT;
        return legacyRecords(bytes.length, "", 0);
      }
      if (magic != MAGIC) {
        throw new CorruptSnapshotException(String.format("not a Curio snapshot: magic number 0x%08x, expected 0x%08x"
            + " (\"CURS\") or 0x%08x (\"CUR0\", format 0)", magic, MAGIC, LEGACY_MAGIC), "");
      }
      if (buf.remaining() < 4) {
        throw corrupt("", "is cut off after its magic number");
      }
      int version = buf.getInt();
      if (version != FORMAT) {
        throw new CorruptSnapshotException("the header names snapshot format " + version + "; this Curio reads formats "
            + LEGACY_FORMAT + " and " + FORMAT + " (corrupt, or written by a newer Curio)", "");
      }
      format = FORMAT;
      Snapshot root = new Snapshot();
      record(root, bytes.length, "", 0, 1, 0);
      Object top = root.entries.get("");
      if (!(top instanceof Snapshot s) || root.entries.size() != 1) {
        throw corrupt("", "is not an entry list (corrupt)");
      }
      return s;
    }

    /** Reads the {@code index}-th of {@code count} records of the child at {@code parent}, which ends at {@code end}. */
    private void record(Snapshot into, int end, String parent, int depth, int count, int index)
        throws CorruptSnapshotException {
      int start = buf.position();
      String name = name(end, parent, count, index);
      String path = parent.isEmpty() ? name : parent + "/" + name;
      if (end - buf.position() < 1 + 4) {
        throw corrupt(path, "is cut off (" + (end - buf.position()) + " bytes left)");
      }
      byte type = buf.get();
      int length = buf.getInt();
      if (type < FLOATS || type > INTS) {
        throw corrupt(path, "has an unknown type " + type + " (corrupt)");
      }
      if (length < 0) {
        throw corrupt(path, "has a negative length " + length + " (corrupt)");
      }
      long payload = type == CHILD ? 4 : (long) length * elementSize(type);
      long left = end - buf.position();
      if (payload + 4 > left || (type == CHILD && (long) length > left - 8)) {
        throw corrupt(path, String.format("claims %,d %s, but only %,d bytes are left in %s (cut off or corrupt)", length,
            typeName(type), left, parent.isEmpty() ? "the snapshot" : label(parent)));
      }
      int crcAt = buf.position() + (int) payload;
      crc.reset();
      crc.update(bytes, start, crcAt - start);
      int stored = buf.getInt(crcAt);
      if (stored != (int) crc.getValue()) {
        throw corrupt(path, String.format("fails its checksum (stored crc32c %08x, computed %08x): corrupt", stored,
            (int) crc.getValue()));
      }
      Object value;
      if (type == CHILD) {
        int children = buf.getInt();
        buf.position(crcAt + 4);
        if (depth >= MAX_DEPTH) {
          throw corrupt(path, "is nested more than " + MAX_DEPTH + " levels deep (corrupt)");
        }
        if (children < 0 || (long) children * MIN_RECORD > length) {
          throw corrupt(path, String.format("claims %,d entries in %,d bytes (corrupt)", children, length));
        }
        int childEnd = buf.position() + length;
        Snapshot c = new Snapshot();
        c.format = format;
        for (int i = 0; i < children; i++) {
          record(c, childEnd, path, depth + 1, children, i);
        }
        if (buf.position() != childEnd) {
          throw corrupt(path, String.format("has %,d bytes left over after its %,d entries (corrupt)",
              childEnd - buf.position(), children));
        }
        value = c;
      } else {
        value = array(type, length);
        buf.position(crcAt + 4);
      }
      put(into, name, path, value);
    }

    /** A record's name (format 1: u16 length and UTF-8), checked against the bytes left. */
    private String name(int end, String parent, int count, int index) throws CorruptSnapshotException {
      int left = end - buf.position();
      int n = left >= 2 ? buf.getShort() & 0xFFFF : -1;
      if (n < 0 || n > left - 2) {
        throw corrupt(parent, String.format("is cut off or corrupt at its entry %,d of %,d (%s, %,d bytes left)",
            index + 1, count, n < 0 ? "no room for a name" : "a name of " + n + " bytes", left));
      }
      String name = new String(bytes, buf.position(), n, StandardCharsets.UTF_8);
      buf.position(buf.position() + n);
      return name;
    }

    /** The elements of an array (or the bytes of a string) at the position, already checked to fit. */
    private Object array(byte type, int length) {
      ByteBuffer b = buf.slice(buf.position(), length * elementSize(type));
      return switch (type) {
        case FLOATS -> {
          float[] a = new float[length];
          b.asFloatBuffer().get(a);
          yield a;
        }
        case DOUBLES -> {
          double[] a = new double[length];
          b.asDoubleBuffer().get(a);
          yield a;
        }
        case LONGS -> {
          long[] a = new long[length];
          b.asLongBuffer().get(a);
          yield a;
        }
        case INTS -> {
          int[] a = new int[length];
          b.asIntBuffer().get(a);
          yield a;
        }
        default -> new String(bytes, buf.position(), length, StandardCharsets.UTF_8);
      };
    }

    /** Format 0: a count and the records, with no lengths of children and no checksums. */
    private Snapshot legacyRecords(int end, String path, int depth) throws CorruptSnapshotException {
      if (depth > MAX_DEPTH) {
        throw corrupt(path, "is nested more than " + MAX_DEPTH + " levels deep (corrupt)");
      }
      int left = end - buf.position();
      if (left < 4) {
        throw corrupt(path, "is cut off before its entry count (" + left + " bytes left)");
      }
      int count = buf.getInt();
      if (count < 0 || (long) count * MIN_LEGACY_RECORD > left - 4) {
        throw corrupt(path, String.format("claims %,d entries, but only %,d bytes are left (cut off or corrupt)", count,
            left - 4));
      }
      Snapshot s = new Snapshot();
      s.format = LEGACY_FORMAT;
      for (int i = 0; i < count; i++) {
        String name = legacyName(end, path, count, i);
        String p = path.isEmpty() ? name : path + "/" + name;
        if (end - buf.position() < 1) {
          throw corrupt(p, "is cut off before its type");
        }
        byte type = buf.get();
        Object value;
        if (type == CHILD) {
          value = legacyRecords(end, p, depth + 1);
        } else if (type >= FLOATS && type <= INTS) {
          if (end - buf.position() < 4) {
            throw corrupt(p, "is cut off before its length");
          }
          int length = buf.getInt();
          long size = (long) length * elementSize(type);
          if (length < 0) {
            throw corrupt(p, "has a negative length " + length + " (corrupt)");
          }
          if (size > end - buf.position()) {
            throw corrupt(p, String.format("claims %,d %s, but only %,d bytes are left (cut off or corrupt)", length,
                typeName(type), end - buf.position()));
          }
          value = array(type, length);
          buf.position(buf.position() + (int) size);
        } else {
          throw corrupt(p, "has an unknown type " + type + " (corrupt)");
        }
        put(s, name, p, value);
      }
      return s;
    }

    /** A format-0 name: {@link DataInputStream#readUTF}'s modified UTF-8. */
    private String legacyName(int end, String parent, int count, int index) throws CorruptSnapshotException {
      int left = end - buf.position();
      int n = left >= 2 ? buf.getShort(buf.position()) & 0xFFFF : -1;
      if (n < 0 || n > left - 2) {
        throw corrupt(parent, String.format("is cut off or corrupt at its entry %,d of %,d (%s, %,d bytes left)",
            index + 1, count, n < 0 ? "no room for a name" : "a name of " + n + " bytes", left));
      }
      try {
        String name = new DataInputStream(new ByteArrayInputStream(bytes, buf.position(), n + 2)).readUTF();
        buf.position(buf.position() + 2 + n);
        return name;
      } catch (UTFDataFormatException e) {
        throw corrupt(parent, String.format("has an entry name that is not modified UTF-8 (its entry %,d of %,d): corrupt",
            index + 1, count));
      } catch (IOException e) {
        throw new IllegalStateException("reading an array cannot fail", e);
      }
    }

    private static void put(Snapshot into, String name, String path, Object value) throws CorruptSnapshotException {
      if (into.entries.putIfAbsent(name, value) != null) {
        throw corrupt(path, "appears twice (corrupt)");
      }
    }
  }

  private static CorruptSnapshotException corrupt(String path, String detail) {
    return new CorruptSnapshotException(label(path) + " " + detail, path);
  }

  /**
   * {@code entry 'a/b'}, on one line whatever bytes the name holds (characters outside printable
   * ASCII as unicode escapes, at most 120 shown); {@code the snapshot} for the top level.
   */
  static String label(String path) {
    if (path.isEmpty()) {
      return "the snapshot";
    }
    StringBuilder b = new StringBuilder("entry '");
    int shown = Math.min(path.length(), 120);
    for (int i = 0; i < shown; i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\'') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(shown < path.length() ? "...'" : "'").toString();
  }
}
