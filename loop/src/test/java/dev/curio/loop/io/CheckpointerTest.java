package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.state.CorruptSnapshotException;
import dev.curio.core.state.Snapshot;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunEnd;
import dev.curio.agents.LearnerStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last two checkpoints are kept, and the newest whole one is read; and metrics.csv follows the one read. */
class CheckpointerTest {
  @TempDir
  Path tmp;

  /** A stand-in for the loop's state at an iteration: what Checkpointer and readLatest look at. */
  private static Snapshot state(long iteration) {
    return new Snapshot().putString("env", "chain-10").putFloats("params", new float[] {iteration, 1, 2})
        .putChild("loop", new Snapshot().putLong("iteration", iteration));
  }

  private static IterationReport report(int iteration) {
    return IterationReport.builder().iteration(iteration).globalStep(iteration * 10L).learner(LearnerStats.builder().build())
        .build();
  }

  private static long iteration(Path file) throws IOException {
    return Checkpointer.read(file).child("loop").getLong("iteration");
  }

  private static void flipAByte(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
  }

  @Test
  void theNewestAndThePreviousAreKeptAndTheEndDoesNotPushTheNewestOut() throws IOException {
    Path file = tmp.resolve("checkpoint.bin");
    assertEquals(tmp.resolve("checkpoint.prev.bin"), Checkpointer.previous(file));
    int[] now = {0};
    Checkpointer c = new Checkpointer(file, () -> state(now[0]), 2);
    for (now[0] = 1; now[0] <= 6; now[0]++) {
      c.onIteration(report(now[0]));
    }
    assertEquals(6, iteration(file));
    assertEquals(4, iteration(Checkpointer.previous(file)));
    now[0] = 6;
    c.onEnd(new RunEnd(6, 60, 0, 0, null, null));
    assertEquals(6, iteration(file));
    assertEquals(4, iteration(Checkpointer.previous(file)), "writing iteration 6 again keeps 4 as the previous one");
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of("checkpoint.bin", "checkpoint.prev.bin"), files.map(p -> p.getFileName().toString()).sorted()
          .toList(), "no temporary files or links left");
    }
  }

  @Test
  void aCorruptFileOnDiskIsReplacedWithoutPushingTheWholePreviousOneOut() throws IOException {
    Path file = tmp.resolve("checkpoint.bin");
    Checkpointer.write(state(3), Checkpointer.previous(file));
    Checkpointer.write(state(4), file);
    flipAByte(file);
    // a run resumed from iteration 3 (the previous one): its first write must not make the corrupt file the previous one
    Checkpointer c = new Checkpointer(file, () -> state(4), 1);
    c.onIteration(report(4));
    assertEquals(4, iteration(file));
    assertEquals(3, iteration(Checkpointer.previous(file)));
  }

  @Test
  void readLatestFallsBackToThePreviousCheckpointAndSaysWhy() throws IOException {
    Path file = tmp.resolve("checkpoint.bin");
    Path prev = Checkpointer.previous(file);
    Checkpointer.write(state(3), prev);
    Checkpointer.write(state(4), file);
    Checkpointer.Loaded ok = Checkpointer.readLatest(file);
    assertEquals(file, ok.file());
    assertEquals(4, ok.snapshot().child("loop").getLong("iteration"));
    assertTrue(ok.warning().isEmpty());

    flipAByte(file);
    Checkpointer.Loaded back = Checkpointer.readLatest(file);
    assertEquals(prev, back.file());
    assertEquals(3, back.snapshot().child("loop").getLong("iteration"));
    assertTrue(back.warning().orElseThrow().startsWith(file + ": entry '"), back.warning().get());
    assertTrue(back.warning().get().endsWith("; using checkpoint.prev.bin (iteration 3), the checkpoint before it"));

    Files.delete(file);
    assertEquals("checkpoint.bin is missing; using checkpoint.prev.bin (iteration 3), the checkpoint before it",
        Checkpointer.readLatest(file).warning().orElseThrow());

    Checkpointer.write(state(4), file);
    flipAByte(file);
    flipAByte(prev);
    byte[] newest = Files.readAllBytes(file);
    CorruptSnapshotException both = assertThrows(CorruptSnapshotException.class, () -> Checkpointer.readLatest(file));
    assertTrue(both.getMessage().startsWith("no whole checkpoint: " + file + ": "), both.getMessage());
    assertTrue(both.getMessage().contains("; and " + prev + ": "), both.getMessage());
    assertFalse(both.getMessage().contains("\n"));
    assertArrayEquals(newest, Files.readAllBytes(file), "reading changes nothing");

    Files.delete(prev);
    assertThrows(CorruptSnapshotException.class, () -> Checkpointer.readLatest(file));
    Files.delete(file);
    assertThrows(NoSuchFileException.class, () -> Checkpointer.readLatest(file));
  }

  @Test
  void metricsMustReachTheCheckpointAndAgreeOnItsSteps() throws IOException {
    Path m = tmp.resolve("metrics.csv");
    Files.writeString(m, "iteration,steps,mean_return\n1,10,NaN\n2,20,0.5\n3,30,0.5\n");
    assertEquals(0, MetricsCsv.rowsAfter(m, 3, 30));
    assertEquals(1, MetricsCsv.rowsAfter(m, 2, 20), "a fallback to iteration 2 drops row 3");
    assertEquals(3, MetricsCsv.rowsAfter(m, 0, 0));
    IOException early = assertThrows(IOException.class, () -> MetricsCsv.rowsAfter(m, 5, 50));
    assertEquals("its rows end at iteration 3, but the checkpoint is at iteration 5 (rows 4-5 are missing)",
        early.getMessage());
    IOException steps = assertThrows(IOException.class, () -> MetricsCsv.rowsAfter(m, 2, 2900));
    assertEquals("its row for iteration 2 has steps '20', but the checkpoint has 2900 (not the same run)",
        steps.getMessage());
    Files.writeString(m, "iteration,steps,mean_return\n1,10,NaN\n2,20,0.5\n3,3");
    assertEquals(1, MetricsCsv.rowsAfter(m, 2, 20), "a last row cut off by a crash is dropped with the rows after");
    Files.writeString(m, "iteration,steps,mean_return\n1,10,NaN\n2,20,0.5\n3x,30,1\n4,40,1\n");
    assertTrue(assertThrows(IOException.class, () -> MetricsCsv.rowsAfter(m, 2, 20)).getMessage()
        .startsWith("line 4 is not a row of metrics"));
    assertThrows(NoSuchFileException.class, () -> MetricsCsv.rowsAfter(tmp.resolve("none.csv"), 2, 20));
  }
}
