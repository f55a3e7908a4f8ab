package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.state.CorruptSnapshotException;
import dev.curio.core.state.Snapshot;
import dev.curio.envs.Env;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import dev.curio.loop.io.SnapshotBytes.Record;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real checkpoint (a few iterations on chain-10, with the count bonus so a reward module's state
 * is in it too) corrupted in every class of byte range: header, entry names, types, lengths and
 * counts, values, checksums, cuts; and counters rewritten with correct checksums. Every load is
 * either refused with one line naming the entry, or restores exactly the state that was saved;
 * nothing else (no OutOfMemoryError, NegativeArraySizeException, IndexOutOfBounds...) gets out.
 */
class CheckpointCorruptionTest {
  private static final Supplier<Env<?, ?>> CHAIN = () -> new ChainEnv(10, 50);
  /** Cases per class, printed at the end (the figures of docs/architecture.md's checkpoint paragraph). */
  private static final Map<String, Integer> CASES = new TreeMap<>();

  private static TrainConfig cfg;
  /** The checkpoint, format 1. */
  private static byte[] good;
  /** A loop built to resume, restored from every case that reads. */
  private static TrainingLoop target;

  @BeforeAll
  static void checkpoint() {
    cfg = TrainConfig.builder().env("chain-10").numEnvs(2).rolloutLength(16).totalSteps(2 * 16 * 20).seed(5)
        .returnWindow(4).checkpointEvery(0).network(new NetworkConfig("mlp", List.of(8), "tanh", List.of(16, 32, 64)))
        .ppo(PpoConfig.builder().epochs(1).build()).rewards(RewardsConfig.none().withModules(List.of("count"))).build();
    try (TrainingLoop loop = new TrainingLoop(cfg, CHAIN)) {
      for (int i = 0; i < 4; i++) {
        loop.iterate();
      }
      good = loop.save().toBytes();
    }
    target = TrainingLoop.toResume(cfg, CHAIN, List.of());
  }

  @AfterAll
  static void close() {
    if (target != null) {
      target.close();
    }
    System.out.println("checkpoint corruption cases (" + good.length + "-byte checkpoint, "
        + SnapshotBytes.records(good).size() + " entries): " + CASES + ", total "
        + CASES.values().stream().mapToInt(Integer::intValue).sum());
  }

  private static void count(String kind) {
    CASES.merge(kind, 1, Integer::sum);
  }

  /** Reads {@code bytes}, which must be refused; returns the one-line message. */
  private static String refused(byte[] bytes) {
    try {
      Snapshot.fromBytes(bytes);
    } catch (CorruptSnapshotException e) {
      assertOneLine(e.getMessage());
      return e.getMessage();
    } catch (Throwable t) {
      fail("corrupt bytes must give a CorruptSnapshotException, got " + t, t);
    }
    return fail("corrupt bytes were read as a whole snapshot");
  }

  /** Bytes refused by the reader, or read and then refused by the restore; either way one line naming {@code path}. */
  private static void refusedByReadOrRestore(byte[] bytes, String path) {
    Snapshot s;
    try {
      s = Snapshot.fromBytes(bytes);
    } catch (CorruptSnapshotException e) {
      assertOneLine(e.getMessage());
      return;
    }
    try {
      target.restore(s);
      fail(path + ": restored");
    } catch (IllegalArgumentException | IllegalStateException e) {
      assertOneLine(e.getMessage());
      String leaf = path.substring(path.lastIndexOf('/') + 1);
      assertTrue(e.getMessage().contains("'" + leaf + "'"), path + ": " + e.getMessage());
    } catch (Throwable t) {
      fail(path + ": a restore must refuse with IllegalArgumentException or IllegalStateException, got " + t, t);
    }
  }

  private static void assertOneLine(String m) {
    assertTrue(m != null && !m.isBlank() && !m.matches("(?s).*[\\r\\n\\u0085\\u2028\\u2029].*"), "one line: " + m);
  }

  private static String label(String path) {
    return path.isEmpty() ? "the snapshot" : "entry '" + path + "'";
  }

  /** The record holding {@code offset} most narrowly (a child's own bytes, not its records'). */
  private static Record owner(List<Record> records, int offset) {
    Record best = null;
    for (Record r : records) {
      int ownEnd = r.child() ? r.crcAt() + 4 : r.end();
      if (offset >= r.start() && offset < ownEnd) {
        best = r;
      }
    }
    return best;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** Restores {@code s} into the target loop and returns the state it then saves. */
  private static byte[] restored(Snapshot s) {
    target.restore(s);
    return target.save().toBytes();
  }

  @Test
  void theCheckpointRestoresToTheStateItSaved() {
    assertArrayEquals(good, restored(read(good)), "restore then save gives the same bytes");
  }

  private static Snapshot read(byte[] bytes) {
    try {
      return Snapshot.fromBytes(bytes);
    } catch (CorruptSnapshotException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Every byte flipped (its lowest bit, and all eight), one at a time: header, names, types,
   * lengths, counts, values and checksums alike. Each is refused, and the message names the entry
   * whose bytes were hit (a hit in a name names the entry it belongs to, through its parent).
   */
  @Test
  void everyFlippedByteIsRefusedNamingItsEntry() {
    List<Record> records = SnapshotBytes.records(good);
    for (int i = 0; i < good.length; i++) {
      Record r = owner(records, i);
      String kind = r == null ? "header (magic, version)" : i < r.lengthAt() - 1 ? "entry names"
          : i == r.lengthAt() - 1 ? "entry types" : i < r.payloadAt() ? "lengths" : r.child() && i < r.crcAt() ? "counts"
          : i >= r.crcAt() ? "checksums" : "values";
      for (int mask : new int[] {0x01, 0xff}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) mask;
        String m = refused(bad);
        count("flipped byte: " + kind);
        if (r == null) {
          assertTrue(m.contains("magic number") || m.contains("format"), m);
        } else if (kind.equals("entry names")) {
          if (!r.path().isEmpty()) {
            assertTrue(m.contains(label(parent(r.path()))) || m.contains("entry '" + parent(r.path())), i + ": " + m);
          }
        } else {
          assertTrue(m.contains(label(r.path())), "byte " + i + " (" + kind + " of " + r.path() + "): " + m);
        }
      }
    }
  }

  @Test
  void everyCutIsRefusedAndBytesAfterTheEndToo() throws IOException {
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      refused(cut);
      try {
        Snapshot.read(new DataInputStream(new ByteArrayInputStream(cut)));
        fail("a cut stream was read");
      } catch (CorruptSnapshotException e) {
        assertOneLine(e.getMessage());
      }
      count("cut at every length");
    }
    byte[] longer = Arrays.copyOf(good, good.length + 5);
    assertEquals("5 bytes follow the end of the snapshot (corrupt)", refused(longer));
    count("bytes after the end");
  }

  /**
   * Lengths and counts set to lies: negative, the largest int, one more or one less, past the end
   * of the file. Each is tried with the record's stale checksum and with a checksum recomputed for
   * the lie (so the bounds checks alone must catch it); none may allocate what it claims.
   */
  @Test
  void lengthsAndCountsThatLieAreRefusedEvenWithAMatchingChecksum() {
    for (Record r : SnapshotBytes.records(good)) {
      int pastEnd = (good.length - r.payloadAt()) / r.elementSize() + 1;
      for (int v : new int[] {-1, -3, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, pastEnd, r.length() + 1,
          r.length() - 1}) {
        if (v == r.length()) {
          continue;
        }
        byte[] stale = good.clone();
        ByteBuffer.wrap(stale).putInt(r.lengthAt(), v);
        String m = refused(stale);
        assertTrue(m.contains(label(r.path())), r.path() + " length " + v + ": " + m);
        count("lengths (stale checksum)");
        // the checksum the writer would have written for this length, where it would have written it
        long crcAt = r.child() ? r.crcAt() : r.payloadAt() + (long) v * r.elementSize();
        if (v >= 0 && crcAt + 4 <= good.length) {
          byte[] sealed = stale.clone();
          SnapshotBytes.putChecksum(sealed, r.start(), (int) crcAt);
          refused(sealed);
          count("lengths (matching checksum)");
        }
      }
      if (r.child()) {
        for (int v : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, r.count() + 1, r.count() - 1}) {
          byte[] stale = good.clone();
          ByteBuffer.wrap(stale).putInt(r.countAt(), v);
          assertTrue(refused(stale).contains(label(r.path())));
          SnapshotBytes.putChecksum(stale, r.start(), r.crcAt());
          refused(stale);
          count("counts (stale and matching checksum)");
        }
      }
    }
  }

  @Test
  void unknownTypesAndHeadersThatAreNotOursAreRefused() {
    for (Record r : SnapshotBytes.records(good)) {
      for (byte t : new byte[] {0, 7, 99, -1, 1, 2, 3, 4, 5, 6}) {
        if (t == r.type()) {
          continue;
        }
        byte[] bad = good.clone();
        bad[r.lengthAt() - 1] = t;
        assertTrue(refused(bad).contains(label(r.path())));
        count("entry types set to each other type (stale checksum)");
        // with a matching checksum, floats <-> ints and doubles <-> longs are whole bytes of another
        // type: read, but then refused by the restore (the entry is not the type it must be)
        SnapshotBytes.putChecksum(bad, r.start(), r.crcAt());
        refusedByReadOrRestore(bad, r.path());
        count("entry types set to each other type (matching checksum)");
      }
    }
    for (int magic : new int[] {0x43555230, 0x504b0304, 0, -1}) {
      byte[] bad = good.clone();
      ByteBuffer.wrap(bad).putInt(0, magic);
      refused(bad); // "CUR0": the format-1 body read as format 0 must be refused too
      count("header set to other magic numbers and versions");
    }
    for (int version : new int[] {0, 2, -1, Integer.MAX_VALUE}) {
      byte[] bad = good.clone();
      ByteBuffer.wrap(bad).putInt(4, version);
      assertTrue(refused(bad).contains("format " + version), "version " + version);
      count("header set to other magic numbers and versions");
    }
  }

  /**
   * The loop's counters rewritten with correct checksums (as a hand edit or a bug would): the bytes
   * are whole, so the restore's sanity checks must refuse them, naming the entry, and leave the
   * loop as it was.
   */
  @Test
  void countersThatCannotBeThisRunsAreRefusedOnRestore() {
    Snapshot saved = read(good);
    long iteration = saved.child("loop").getLong("iteration");
    long step = saved.child("loop").getLong("globalStep");
    assertEquals(4, iteration);
    assertEquals(iteration * cfg.stepsPerIteration(), step);
    Map<String, Consumer<Snapshot>> edits = new java.util.LinkedHashMap<>();
    edits.put("loop/iteration", l -> l.putLong("iteration", -3));
    edits.put("loop/iteration ", l -> l.putLong("iteration", 29000));
    edits.put("loop/iteration  ", l -> l.putLong("iteration", (1L << 32) + iteration)); // an int cast would read 4
    edits.put("loop/iteration   ", l -> l.putLong("iteration", iteration + 1));
    edits.put("loop/globalStep", l -> l.putLong("globalStep", 29000));
    edits.put("loop/globalStep ", l -> l.putLong("globalStep", -1));
    edits.put("loop/globalStep  ", l -> l.putLong("globalStep", step + 1));
    edits.put("loop/iteration    ", l -> l.putLong("iteration", -1).putLong("globalStep", -cfg.stepsPerIteration()));
    edits.put("loop/episodes", l -> l.putLong("episodes", -1));
    edits.put("loop/episodes ", l -> l.putLong("episodes", step + 1));
    edits.put("loop/window", l -> l.putDoubles("window", new double[] {1, 2, 3}));
    edits.put("loop/agentWindows", l -> l.putDoubles("agentWindows", new double[] {3, 1.0, 10}));
    edits.put("loop/agentWindows ", l -> l.putDoubles("agentWindows", new double[] {0, 1.0}));
    byte[] before = target.save().toBytes();
    for (Map.Entry<String, Consumer<Snapshot>> e : edits.entrySet()) {
      Snapshot s = read(good);
      e.getValue().accept(s.child("loop"));
      Snapshot reread = read(s.toBytes()); // whole bytes, correct checksums
      try {
        target.restore(reread);
        fail(e.getKey().strip() + ": restored");
      } catch (IllegalArgumentException | IllegalStateException x) {
        assertOneLine(x.getMessage());
        assertTrue(x.getMessage().contains("'" + e.getKey().strip() + "'"), x.getMessage());
      }
      count("counters rewritten with correct checksums");
    }
    for (String missing : new String[] {"loop", "learner", "envs", "rewards"}) {
      Snapshot s = new Snapshot();
      Snapshot all = read(good);
      for (String name : all.names()) {
        if (!name.equals(missing)) {
          if (name.equals("env")) {
            s.putString(name, all.string(name));
          } else {
            s.putChild(name, all.child(name));
          }
        }
      }
      try {
        target.restore(read(s.toBytes()));
        fail("restored without " + missing);
      } catch (IllegalArgumentException | IllegalStateException x) {
        assertOneLine(x.getMessage());
        assertTrue(x.getMessage().contains("'" + missing + "'"), x.getMessage());
      }
      count("entries missing (correct checksums)");
    }
    assertArrayEquals(before, target.save().toBytes(), "a refused restore leaves the loop as it was");
  }

  /** Changes that do not change the state: each restores to exactly the state that was saved. */
  @Test
  void harmlessChangesRestoreTheSameState() throws IOException {
    List<Record> records = SnapshotBytes.records(good);
    List<Record> top = records.stream().filter(r -> r.depth() == 1).toList();
    // the top-level entries in reverse order: each record keeps its own checksum, order is not state
    byte[] reversed = Arrays.copyOf(good, good.length);
    int at = top.get(0).start();
    for (int i = top.size() - 1; i >= 0; i--) {
      Record r = top.get(i);
      System.arraycopy(good, r.start(), reversed, at, r.end() - r.start());
      at += r.end() - r.start();
    }
    assertTrue(!Arrays.equals(good, reversed));
    assertArrayEquals(good, restored(read(reversed)));
    count("harmless: entries reordered");
    // a stream reader stops at the snapshot's end: what follows it is not read
    byte[] longer = Arrays.copyOf(good, good.length + 7);
    longer[good.length] = 42;
    assertArrayEquals(good, restored(Snapshot.read(new DataInputStream(new ByteArrayInputStream(longer)))));
    count("harmless: bytes after the end of a stream");
    // the same checkpoint in format 0 (no checksums): read, and restored to the same state
    Snapshot legacy = read(SnapshotBytes.legacy(good));
    assertEquals(Snapshot.LEGACY_FORMAT, legacy.format());
    assertArrayEquals(good, restored(legacy));
    count("harmless: format 0");
  }

  /**
   * Format 0 has no checksums, so a flipped value is read as it is (the CLI warns that nothing
   * proved such a file whole); but no flip, cut or lying length gets past the bounds checks into
   * an allocation or an unchecked exception.
   */
  @Test
  void formatZeroIsBoundsCheckedLikeFormatOne() {
    byte[] legacy = SnapshotBytes.legacy(good);
    for (int i = 0; i < legacy.length; i++) {
      for (int mask : new int[] {0x01, 0xff}) {
        byte[] bad = legacy.clone();
        bad[i] ^= (byte) mask;
        try {
          Snapshot.fromBytes(bad);
        } catch (CorruptSnapshotException e) {
          assertOneLine(e.getMessage());
        } catch (Throwable t) {
          fail("format 0, byte " + i + ": " + t, t);
        }
        count("format 0: flipped byte (refused or read, nothing else)");
      }
    }
    for (int n = 0; n < legacy.length; n++) {
      refused(Arrays.copyOf(legacy, n));
      count("format 0: cut at every length");
    }
    for (int[] length : SnapshotBytes.legacyLengths(legacy)) {
      int size = Math.max(1, length[1]);
      for (int v : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, (legacy.length - length[0]) / size + 1}) {
        byte[] bad = legacy.clone();
        ByteBuffer.wrap(bad).putInt(length[0], v);
        refused(bad);
        count("format 0: lengths and counts");
      }
    }
  }
}
