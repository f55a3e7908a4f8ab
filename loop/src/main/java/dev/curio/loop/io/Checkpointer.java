package dev.curio.loop.io;

import dev.curio.core.state.Snapshot;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainingLoop;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes a run's complete state ({@link TrainingLoop#save()}) to one file: every {@code every}
 * iterations, when the run ends (completed, or stopped: Ctrl-C stops it through
 * {@link dev.curio.loop.RunControl}), and when it fails. Each write goes to a temporary file
 * that is forced to disk and then renamed over the old one ({@link AtomicFiles}), so a crash at any
 * moment leaves the previous or the new checkpoint, whole.
 *
 * <p>A failure can strike in the middle of an iteration, when the loop's state is half updated. So
 * the checkpointer takes a snapshot after every iteration (a copy of the parameters, cheap next to
 * an iteration) and on failure writes that one: the state after the last complete iteration, from
 * which a resumed run continues exactly.
 *
 * <pre>{@code
 * loop.addObserver(Checkpointer.forLoop(loop, runDir.checkpoint()));
 * ...
 * loop.restore(Checkpointer.read(runDir.checkpoint()));   // before the first iterate()
 * }</pre>
 */
public final class Checkpointer implements RunObserver {
  private final Path file;
  private final Supplier<Snapshot> state;
  private final int every;
  private Snapshot latest;
  private int latestIteration;
  private int lastWrittenIteration = -1;

  /**
   * @param state the run's complete state now (e.g. {@code loop::save})
   * @param every write every this many iterations (0: only at the end)
   */
  public Checkpointer(Path file, Supplier<Snapshot> state, int every) {
    if (every < 0) {
      throw new IllegalArgumentException("checkpoint interval must be >= 0, got " + every);
    }
    this.file = Objects.requireNonNull(file, "file");
    this.state = Objects.requireNonNull(state, "state");
    this.every = every;
  }

  /** Checkpoints {@code loop} every {@code checkpointEvery} iterations of its config. */
  public static Checkpointer forLoop(TrainingLoop loop, Path file) {
    return new Checkpointer(file, loop::save, loop.config().checkpointEvery());
  }

  public Path file() {
    return file;
  }

  /** The iteration the file on disk holds, or -1 before the first write. */
  public int lastWrittenIteration() {
    return lastWrittenIteration;
  }

  @Override
  public void onIteration(IterationReport report) {
    latest = state.get();
    latestIteration = report.iteration();
    if (every > 0 && report.iteration() % every == 0) {
      write(latest, report.iteration());
    }
  }

  @Override
  public void onEnd(RunEnd end) {
    if (!end.failed()) {
      write(state.get(), end.iterations());
    } else if (latest != null) {
      write(latest, latestIteration);
    }
    // a run that failed before its first iteration keeps whatever checkpoint it started from
  }

  private void write(Snapshot s, int iteration) {
    try {
      write(s, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
    lastWrittenIteration = iteration;
  }

  /** Writes {@code snapshot} to {@code file} atomically (temp file, fsync, rename). */
  public static void write(Snapshot snapshot, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      DataOutputStream data = new DataOutputStream(out);
      snapshot.write(data);
      data.flush();
    });
  }

  /** Reads a checkpoint written by {@link #write}. */
  public static Snapshot read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return Snapshot.read(new DataInputStream(in));
    } catch (EOFException e) {
      throw new IOException(file + " is truncated (not a complete checkpoint)", e);
    }
  }
}
