package dev.curio.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snapshot's bytes: round trips, format 0, and corrupt bytes refused with one line naming the entry. */
class SnapshotFormatTest {
  private static Snapshot sample() {
    Snapshot adam = new Snapshot().putFloats("m", new float[] {0.5f, -1e-8f, Float.NaN}).putLong("step", 12);
    return new Snapshot()
        .putString("env", "chain-10 \u00e9")
        .putChild("learner", new Snapshot().putFloats("params", new float[] {1, 2, 3, 4}).putChild("adam", adam))
        .putInts("actions0", new int[] {0, 1, 1, 0})
        .putLongs("rng", new long[] {Long.MIN_VALUE, -1, 7})
        .putDoubles("window", new double[0])
        .putDouble("bestMean", Double.NaN)
        .putChild("empty", new Snapshot());
  }

  /** The bytes format 0 had (magic "CUR0", counts but no lengths of children, no checksums), as the old writer made them. */
  static byte[] legacyBytes(Snapshot s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x43555230);
    writeLegacyBody(s, out);
    out.flush();
    return bytes.toByteArray();
  }

  private static void writeLegacyBody(Snapshot s, DataOutputStream out) throws IOException {
    List<String> names = s.names();
    out.writeInt(names.size());
    for (String name : names) {
      out.writeUTF(name);
      if (isChild(s, name)) {
        out.writeByte(5);
        writeLegacyBody(s.child(name), out);
        continue;
      }
      Object v = value(s, name);
      if (v instanceof float[] a) {
        out.writeByte(1);
        out.writeInt(a.length);
        for (float x : a) {
          out.writeFloat(x);
        }
      } else if (v instanceof double[] a) {
        out.writeByte(2);
        out.writeInt(a.length);
        for (double x : a) {
          out.writeDouble(x);
        }
      } else if (v instanceof long[] a) {
        out.writeByte(3);
        out.writeInt(a.length);
        for (long x : a) {
          out.writeLong(x);
        }
      } else if (v instanceof int[] a) {
        out.writeByte(6);
        out.writeInt(a.length);
        for (int x : a) {
          out.writeInt(x);
        }
      } else {
        byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
        out.writeByte(4);
        out.writeInt(b.length);
        out.write(b);
      }
    }
  }

  private static boolean isChild(Snapshot s, String name) {
    try {
      s.child(name);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static Object value(Snapshot s, String name) {
    for (Class<?> t : List.of(float[].class, double[].class, long[].class, int[].class)) {
      try {
        return t == float[].class ? s.floats(name) : t == double[].class ? s.doubles(name)
            : t == long[].class ? (Object) s.longs(name) : s.ints(name);
      } catch (IllegalStateException e) {
        // not this type
      }
    }
    return s.string(name);
  }

  private static void assertSame(Snapshot expected, Snapshot actual) {
    assertArrayEquals(expected.toBytes(), actual.toBytes(), "same entries, same values, same order");
  }

  private static CorruptSnapshotException refused(byte[] bytes) {
    try {
      Snapshot.fromBytes(bytes);
    } catch (CorruptSnapshotException e) {
      assertOneLine(e);
      return e;
    } catch (Throwable t) {
      fail("corrupt bytes must be refused with a CorruptSnapshotException, got " + t, t);
    }
    return fail("corrupt bytes were read as a snapshot");
  }

  private static void assertOneLine(CorruptSnapshotException e) {
    String m = e.getMessage();
    assertTrue(m != null && !m.isBlank() && m.lines().count() == 1 && !m.matches("(?s).*[\\r\\n\\u0085\\u2028\\u2029].*"),
        "one line: " + m);
  }

  @Test
  void roundTripsEveryTypeInTheCurrentFormat() throws IOException {
    Snapshot s = sample();
    byte[] bytes = s.toBytes();
    assertEquals(0x43555253, ByteBuffer.wrap(bytes).getInt(), "magic CURS");
    assertEquals(Snapshot.FORMAT, ByteBuffer.wrap(bytes).getInt(4));
    Snapshot back = Snapshot.read(new DataInputStream(new ByteArrayInputStream(bytes)));
    assertEquals(Snapshot.FORMAT, back.format());
    assertEquals(s.names(), back.names());
    assertEquals("chain-10 \u00e9", back.string("env"));
    assertArrayEquals(new float[] {1, 2, 3, 4}, back.child("learner").floats("params"));
    assertArrayEquals(new float[] {0.5f, -1e-8f, Float.NaN}, back.child("learner").child("adam").floats("m"));
    assertEquals(12, back.child("learner").child("adam").getLong("step"));
    assertArrayEquals(new long[] {Long.MIN_VALUE, -1, 7}, back.longs("rng"));
    assertTrue(Double.isNaN(back.getDouble("bestMean")));
    assertEquals(List.of(), back.child("empty").names());
    assertSame(s, back);
  }

  @Test
  void largeArraysCrossTheWriteBufferIntact() throws IOException {
    float[] big = new float[50_001];
    double[] wide = new double[20_003];
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.25f - 7;
    }
    for (int i = 0; i < wide.length; i++) {
      wide[i] = -i / 3.0;
    }
    Snapshot s = new Snapshot().putString("a", "x".repeat(70_000)).putFloats("big", big).putDoubles("wide", wide);
    Snapshot back = Snapshot.fromBytes(s.toBytes());
    assertArrayEquals(big, back.floats("big"));
    assertArrayEquals(wide, back.doubles("wide"));
    assertEquals(70_000, back.string("a").length());
  }

  /** A stream reader takes exactly one snapshot's bytes, so two written one after the other read back in turn. */
  @Test
  void aStreamHoldsSnapshotsOneAfterAnother() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    sample().write(out);
    new Snapshot().putLong("second", 2).write(out);
    out.writeInt(42);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    assertSame(sample(), Snapshot.read(in));
    assertEquals(2, Snapshot.read(in).getLong("second"));
    assertEquals(42, in.readInt());
  }

  @Test
  void formatZeroIsStillReadAndSaysSo() throws IOException {
    Snapshot s = sample();
    byte[] legacy = legacyBytes(s);
    Snapshot back = Snapshot.read(new DataInputStream(new ByteArrayInputStream(legacy)));
    assertEquals(Snapshot.LEGACY_FORMAT, back.format());
    assertEquals(Snapshot.LEGACY_FORMAT, back.child("learner").child("adam").format());
    assertSame(s, back);
    assertEquals(Snapshot.FORMAT, Snapshot.fromBytes(back.toBytes()).format(), "written again in the current format");
  }

  /** Every byte of the file matters: flipping any one bit, or any whole byte, is refused. */
  @Test
  void everyFlippedByteIsRefused() {
    byte[] good = sample().toBytes();
    for (int i = 0; i < good.length; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xff}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) mask;
        refused(bad);
      }
    }
  }

  @Test
  void everyCutIsRefusedAndExtraBytesToo() {
    byte[] good = sample().toBytes();
    for (int n = 0; n < good.length; n++) {
      refused(Arrays.copyOf(good, n));
      int cut = n;
      assertThrows(CorruptSnapshotException.class,
          () -> Snapshot.read(new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(good, cut)))));
    }
    CorruptSnapshotException extra = refused(Arrays.copyOf(good, good.length + 3));
    assertEquals("3 bytes follow the end of the snapshot (corrupt)", extra.getMessage());
  }

  @Test
  void aChecksumFailureNamesTheEntryByItsPath() {
    Snapshot s = sample();
    byte[] good = s.toBytes();
    int at = indexOf(good, floatBytes(0.5f, -1e-8f));
    byte[] bad = good.clone();
    bad[at + 2] ^= 0x10;
    CorruptSnapshotException e = refused(bad);
    assertEquals("learner/adam/m", e.entry());
    assertTrue(e.getMessage().startsWith("entry 'learner/adam/m' fails its checksum"), e.getMessage());
    assertTrue(e.in("run/checkpoint.bin").getMessage().startsWith("run/checkpoint.bin: entry 'learner/adam/m'"));
  }

  @Test
  void headersThatAreNotOursAreRefusedPlainly() {
    byte[] good = sample().toBytes();
    byte[] other = good.clone();
    other[0] = 'P';
    other[1] = 'K';
    assertTrue(refused(other).getMessage().startsWith("not a Curio snapshot: magic number 0x504b5253"));
    byte[] newer = good.clone();
    newer[7] = 2;
    assertEquals("the header names snapshot format 2; this Curio reads formats 0 and 1 (corrupt, or written by a newer"
        + " Curio)", refused(newer).getMessage());
    assertTrue(refused(new byte[0]).getMessage().contains("cut off"));
  }

  /**
   * Format 0 has no checksums, so its lengths are all that stand between corrupt bytes and a huge
   * allocation: every length and count set to a negative, huge or just-too-large value is refused.
   */
  @Test
  void formatZeroLengthsAreCheckedBeforeAnythingIsAllocated() throws IOException {
    Snapshot s = new Snapshot().putFloats("params", new float[] {1, 2, 3}).putChild("c", new Snapshot().putLong("n", 5));
    byte[] good = legacyBytes(s);
    // CUR0 | count 2 | "params" FLOATS len 3 ... | "c" CHILD count 1 | "n" LONGS len 1 ...
    int paramsLength = 4 + 4 + 2 + 6 + 1;
    int childCount = paramsLength + 4 + 12 + 2 + 1 + 1;
    int nLength = childCount + 4 + 2 + 1 + 1;
    for (int at : new int[] {4, paramsLength, childCount, nLength}) {
      for (int v : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 28, 1000}) {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).putInt(at, v);
        refused(bad);
      }
    }
    assertEquals(3, Snapshot.fromBytes(good).floats("params").length, "the offsets above are the lengths");
    ByteBuffer.wrap(good).putInt(paramsLength, 2);
    refused(good); // a shorter array misaligns the rest
  }

  /** Nesting is bounded, so crafted bytes cannot overflow the stack. */
  @Test
  void deepNestingIsRefused() throws IOException {
    Snapshot deep = new Snapshot();
    for (int i = 0; i < Snapshot.MAX_DEPTH + 5; i++) {
      deep = new Snapshot().putChild("d", deep);
    }
    refused(deep.toBytes());
    refused(legacyBytes(deep));
    Snapshot ok = new Snapshot();
    for (int i = 0; i < 10; i++) {
      ok = new Snapshot().putChild("d", ok);
    }
    assertSame(ok, Snapshot.fromBytes(ok.toBytes()));
  }

  @Test
  void namesWithLineBreaksStillGiveOneLine() {
    Snapshot s = new Snapshot().putLong("evil\nname\u2028'", 1);
    byte[] bytes = s.toBytes();
    bytes[bytes.length - 1] ^= 1;
    CorruptSnapshotException e = refused(bytes);
    assertTrue(e.getMessage().startsWith("entry 'evil\\u000aname\\u2028\\u0027' fails its checksum"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  private static byte[] floatBytes(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
