package dev.curio.core.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A component's complete state as named primitive arrays and nested snapshots, in a simple,
 * versioned binary form. Learners, reward modules, RNGs and loops each put what they need to
 * continue exactly; the runner writes the whole tree into one checkpoint file.
 *
 * <p>Not thread-safe; build one, write it, forget it.
 */
public final class Snapshot {
  private static final int MAGIC = 0x43555230; // "CUR0"
  private static final byte FLOATS = 1;
  private static final byte DOUBLES = 2;
  private static final byte LONGS = 3;
  private static final byte STRING = 4;
  private static final byte CHILD = 5;
  private static final byte INTS = 6;

  private final Map<String, Object> entries = new LinkedHashMap<>();

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

  public void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    writeBody(out);
  }

  private void writeBody(DataOutputStream out) throws IOException {
    out.writeInt(entries.size());
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      out.writeUTF(e.getKey());
      Object v = e.getValue();
      if (v instanceof float[] a) {
        out.writeByte(FLOATS);
        out.writeInt(a.length);
        for (float x : a) {
          out.writeFloat(x);
        }
      } else if (v instanceof double[] a) {
        out.writeByte(DOUBLES);
        out.writeInt(a.length);
        for (double x : a) {
          out.writeDouble(x);
        }
      } else if (v instanceof long[] a) {
        out.writeByte(LONGS);
        out.writeInt(a.length);
        for (long x : a) {
          out.writeLong(x);
        }
      } else if (v instanceof int[] a) {
        out.writeByte(INTS);
        out.writeInt(a.length);
        for (int x : a) {
          out.writeInt(x);
        }
      } else if (v instanceof String s) {
        out.writeByte(STRING);
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
      } else {
        out.writeByte(CHILD);
        ((Snapshot) v).writeBody(out);
      }
    }
  }

  public static Snapshot read(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IOException("not a Curio snapshot (bad magic number " + Integer.toHexString(magic) + ")");
    }
    return readBody(in);
  }

  private static Snapshot readBody(DataInputStream in) throws IOException {
    Snapshot s = new Snapshot();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      byte type = in.readByte();
      switch (type) {
        case FLOATS -> {
          float[] a = new float[in.readInt()];
          for (int j = 0; j < a.length; j++) {
            a[j] = in.readFloat();
          }
          s.entries.put(name, a);
        }
        case DOUBLES -> {
          double[] a = new double[in.readInt()];
          for (int j = 0; j < a.length; j++) {
            a[j] = in.readDouble();
          }
          s.entries.put(name, a);
        }
        case LONGS -> {
          long[] a = new long[in.readInt()];
          for (int j = 0; j < a.length; j++) {
            a[j] = in.readLong();
          }
          s.entries.put(name, a);
        }
        case INTS -> {
          int[] a = new int[in.readInt()];
          for (int j = 0; j < a.length; j++) {
            a[j] = in.readInt();
          }
          s.entries.put(name, a);
        }
        case STRING -> {
          byte[] b = new byte[in.readInt()];
          in.readFully(b);
          s.entries.put(name, new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        case CHILD -> s.entries.put(name, readBody(in));
        default -> throw new IOException("corrupt snapshot: unknown entry type " + type + " for '" + name + "'");
      }
    }
    return s;
  }
}
