package dev.curio.loop.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The layout of a snapshot's bytes (format 1, see {@link dev.curio.core.state.Snapshot}), read
 * independently of the reader under test, for tests that corrupt checkpoints on purpose: where each
 * record's name, type, length, count, payload and checksum are, how to recompute a checksum after a
 * change, and the same snapshot in format 0.
 */
public final class SnapshotBytes {
  /** Bytes before the top-level record: magic and format version. */
  public static final int HEADER = 8;
  public static final byte CHILD = 5;

  private SnapshotBytes() {}

  /**
   * One record. {@code count} is -1 for a leaf; for a child, {@code payload} is where its records
   * begin (after the checksum) and {@code end} where they end.
   */
  public record Record(String path, int depth, int start, int type, int lengthAt, int length, int countAt,
                       int count, int crcAt, int end) {
    public boolean child() {
      return type == CHILD;
    }

    /** First byte of the payload (a leaf's elements); for a child, its count. */
    public int payloadAt() {
      return lengthAt + 4;
    }

    /** Bytes per element of a leaf. */
    public int elementSize() {
      return switch (type) {
        case 1, 6 -> 4;
        case 2, 3 -> 8;
        default -> 1;
      };
    }
  }

  /** Every record of format-1 bytes, the top level (path "") first, in file order. */
  public static List<Record> records(byte[] bytes) {
    List<Record> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.position(HEADER);
    walk(b, "", 0, out, true);
    if (b.hasRemaining()) {
      throw new IllegalArgumentException("not one format-1 snapshot: " + b.remaining() + " bytes left over");
    }
    return out;
  }

  private static void walk(ByteBuffer b, String parent, int depth, List<Record> out, boolean top) {
    int start = b.position();
    int nameLength = b.getShort() & 0xffff;
    byte[] name = new byte[nameLength];
    b.get(name);
    String n = new String(name, java.nio.charset.StandardCharsets.UTF_8);
    String path = top ? "" : parent.isEmpty() ? n : parent + "/" + n;
    int type = b.get();
    int lengthAt = b.position();
    int length = b.getInt();
    if (type == CHILD) {
      int countAt = b.position();
      int count = b.getInt();
      int crcAt = b.position();
      b.getInt();
      int end = b.position() + length;
      out.add(new Record(path, depth, start, type, lengthAt, length, countAt, count, crcAt, end));
      for (int i = 0; i < count; i++) {
        walk(b, path, depth + 1, out, false);
      }
      if (b.position() != end) {
        throw new IllegalArgumentException(path + ": records end at " + b.position() + ", not " + end);
      }
    } else {
      int size = length * (type == 1 || type == 6 ? 4 : type == 2 || type == 3 ? 8 : 1);
      int crcAt = b.position() + size;
      b.position(crcAt + 4);
      out.add(new Record(path, depth, start, type, lengthAt, length, -1, -1, crcAt, b.position()));
    }
  }

  /** The record at {@code path}. */
  public static Record record(byte[] bytes, String path) {
    return records(bytes).stream().filter(r -> r.path().equals(path)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no record " + path));
  }

  /** Writes the CRC32C of {@code bytes[from, crcAt)} at {@code crcAt}, as the writer would for a record there. */
  public static void putChecksum(byte[] bytes, int from, int crcAt) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, crcAt - from);
    ByteBuffer.wrap(bytes).putInt(crcAt, (int) crc.getValue());
  }

  /** The same snapshot in format 0 (magic "CUR0", children with counts but no lengths, no checksums). */
  public static byte[] legacy(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(4).putInt(0x43555230);
    out.writeBytes(head.array());
    List<Record> records = records(bytes);
    Record top = records.get(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(top.count()).array());
    for (Record r : records.subList(1, records.size())) {
      int nameEnd = r.lengthAt() - 1;
      out.write(bytes, r.start(), nameEnd - r.start()); // u16 length and the name (ASCII: the same in modified UTF-8)
      out.write(r.type());
      if (r.child()) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(r.count()).array());
      } else {
        out.write(bytes, r.lengthAt(), r.crcAt() - r.lengthAt()); // length and elements
      }
    }
    return out.toByteArray();
  }

  /**
   * Where each length (or count) of format-0 bytes is, as {@code {offset, elementSize}} pairs
   * (element size 0 for a count), walking the same structure.
   */
  public static List<int[]> legacyLengths(byte[] legacy) {
    List<int[]> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(legacy);
    b.position(4);
    legacyWalk(b, out);
    return out;
  }

  private static void legacyWalk(ByteBuffer b, List<int[]> out) {
    out.add(new int[] {b.position(), 0});
    int count = b.getInt();
    for (int i = 0; i < count; i++) {
      int nameLength = b.getShort() & 0xffff;
      b.position(b.position() + nameLength);
      int type = b.get();
      if (type == CHILD) {
        legacyWalk(b, out);
      } else {
        int size = type == 1 || type == 6 ? 4 : type == 2 || type == 3 ? 8 : 1;
        out.add(new int[] {b.position(), size});
        int length = b.getInt();
        b.position(b.position() + length * size);
      }
    }
  }
}
