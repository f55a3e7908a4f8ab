package dev.curio.loop.io;

import dev.curio.core.state.CorruptSnapshotException;
import dev.curio.core.state.Snapshot;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes a run's complete state ({@link TrainingLoop#save()}) to one file: every {@code every}
 * iterations, when the run ends (completed, or stopped: Ctrl-C stops it through
 * {@link dev.curio.loop.RunControl}), and when it fails. Each write goes to a temporary file
 * that is forced to disk and then renamed over the old one ({@link AtomicFiles}), so a crash at any
 * moment leaves the previous or the new checkpoint, whole.
 *
 * <p>The last two checkpoints are kept: before each write the file on disk becomes
 * {@link #previous(Path) the previous one} ({@code checkpoint.bin} becomes
 * {@code checkpoint.prev.bin}; a hard link renamed into place, so {@code checkpoint.bin} never goes
 * missing), unless it holds the same iteration as the new one (a run's end right after its
 * periodic write) or does not read back whole (it is then replaced and the previous one stays).
 * {@link #readLatest} reads the newest that is whole: bit rot or a bad disk in the newest costs
 * the iterations since the previous one, not the run.
 *
 * <p>A failure can strike in the middle of an iteration, when the loop's state is half updated. So
 * the checkpointer takes a snapshot after every iteration (a copy of the parameters, cheap next to
 * an iteration) and on failure writes that one: the state after the last complete iteration, from
 * which a resumed run continues exactly.
 *
 * <pre>{@code
 * loop.addObserver(Checkpointer.forLoop(loop, runDir.checkpoint()));
 * ...
 * Checkpointer.Loaded c = Checkpointer.readLatest(runDir.checkpoint());
 * c.warning().ifPresent(System.err::println);
 * loop.restore(c.snapshot());   // before the first iterate()
 * }</pre>
 */
public final class Checkpointer implements RunObserver {
  /** The entry of a {@link #forLoop} checkpoint that holds the run's config ({@link ConfigLoader#flatValues}). */
  public static final String CONFIG = "config";

  /** A config key whose value differs from the one a checkpoint was written with; reads {@code key: was -> now}. */
  public record ConfigChange(String key, String was, String now) {
    @Override
    public String toString() {
      return key + ": " + was + " -> " + now;
    }
  }

  /**
   * What {@link #readLatest} found: the snapshot, the file it came from (the newest, or the
   * previous one when the newest was missing or corrupt), and a one-line warning when there is
   * something to warn about.
   */
  public record Loaded(Snapshot snapshot, Path file, Optional<String> warning) {
    public Loaded {
      Objects.requireNonNull(snapshot, "snapshot");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(warning, "warning");
    }
  }

  /** {@link #onDisk} when the file is missing or does not read back whole. */
  private static final int NOT_WHOLE = -2;
  /** {@link #onDisk} when the file is whole but holds no loop iteration (not a TrainingLoop's state). */
  private static final int NO_ITERATION = -1;

  private final Path file;
  private final Supplier<Snapshot> state;
  private final int every;
  private Snapshot latest;
  private int latestIteration;
  private int lastWrittenIteration = -1;
  /** The iteration of the checkpoint at {@link #file}, once looked at; null before the first write. */
  private Integer onDisk;

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

  /**
   * Checkpoints {@code loop} every {@code checkpointEvery} iterations of its config. Each
   * checkpoint also holds the loop's config ({@link #CONFIG}), so a resume can tell what was
   * changed since ({@link #configChanges}).
   */
  public static Checkpointer forLoop(TrainingLoop loop, Path file) {
    Snapshot config = new Snapshot();
    ConfigLoader.flatValues(loop.config()).forEach(config::putString);
    return new Checkpointer(file, () -> loop.save().putChild(CONFIG, config), loop.config().checkpointEvery());
  }

  /**
   * The keys whose values differ between the config {@code checkpoint} was written with and
   * {@code now}, in config order. {@code totalSteps} is left out (a resume may raise it), and so is
   * any key one of the two configs does not have (a checkpoint of another Curio version). Empty for
   * a checkpoint without a {@link #CONFIG} entry.
   */
  public static List<ConfigChange> configChanges(Snapshot checkpoint, TrainConfig now) {
    List<ConfigChange> changes = new ArrayList<>();
    if (!checkpoint.has(CONFIG)) {
      return changes;
    }
    Snapshot saved = checkpoint.child(CONFIG);
    ConfigLoader.flatValues(now).forEach((key, value) -> {
      if (!key.equals("totalSteps") && saved.has(key) && !saved.string(key).equals(value)) {
        changes.add(new ConfigChange(key, saved.string(key), value));
      }
    });
    return changes;
  }

  /** Where the checkpoint before {@code file} is kept: {@code checkpoint.bin} -> {@code checkpoint.prev.bin}. */
  public static Path previous(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling(dot > 0 ? name.substring(0, dot) + ".prev" + name.substring(dot) : name + ".prev");
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
      if (onDisk == null) {
        onDisk = inspect(file);
      }
      if (onDisk != NOT_WHOLE && onDisk != iteration) {
        keepAsPrevious(file);
      }
      write(s, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
    onDisk = iteration;
    lastWrittenIteration = iteration;
  }

  /** The loop iteration the checkpoint at {@code file} holds, {@link #NO_ITERATION}, or {@link #NOT_WHOLE}. */
  private static int inspect(Path file) {
    if (!Files.exists(file)) {
      return NOT_WHOLE;
    }
    try {
      Snapshot s = read(file);
      return s.has("loop") && s.child("loop").has("iteration") ? (int) s.child("loop").getLong("iteration") : NO_ITERATION;
    } catch (IOException | RuntimeException e) {
      return NOT_WHOLE;
    }
  }

  /**
   * Makes {@code file} the {@link #previous} checkpoint, leaving {@code file} in place: a hard link
   * renamed over the previous one (or, where links are not supported, an atomic copy).
   */
  private static void keepAsPrevious(Path file) throws IOException {
    Path prev = previous(file);
    Path link = prev.resolveSibling("." + prev.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      Files.createLink(link, file);
    } catch (UnsupportedOperationException | IOException noLinks) {
      Files.deleteIfExists(link);
      AtomicFiles.write(prev, out -> Files.copy(file, out));
      return;
    }
    try {
      try {
        Files.move(link, prev, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(link, prev, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(link);
    }
  }

  /** Writes {@code snapshot} to {@code file} atomically (temp file, fsync, rename), in {@link Snapshot#FORMAT}. */
  public static void write(Snapshot snapshot, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      DataOutputStream data = new DataOutputStream(out);
      snapshot.write(data);
      data.flush();
    });
  }

  /**
   * Reads a checkpoint written by {@link #write} (or in {@link Snapshot#LEGACY_FORMAT format 0}).
   *
   * @throws CorruptSnapshotException when the file is not a whole snapshot: one line, starting with
   *     the file's name and naming the entry
   */
  public static Snapshot read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 16) {
      throw new CorruptSnapshotException(file + ": " + size + " bytes, more than a checkpoint can hold", "");
    }
    try {
      return Snapshot.fromBytes(Files.readAllBytes(file));
    } catch (CorruptSnapshotException e) {
      throw e.in(file.toString());
    }
  }

  /**
   * The newest whole checkpoint of the pair {@code file} and {@link #previous(Path) previous(file)}:
   * {@code file} when it reads back whole, else the previous one with a warning that says why. A
   * checkpoint in format 0 (before checksums) is read with a warning that nothing proved it whole.
   *
   * @throws CorruptSnapshotException when neither reads back whole (one line naming both
   *     failures); nothing is deleted
   * @throws NoSuchFileException when neither exists
   */
  public static Loaded readLatest(Path file) throws IOException {
    Path prev = previous(file);
    CorruptSnapshotException newest = null;
    if (Files.exists(file) || !Files.exists(prev)) {
      try {
        return loaded(read(file), file, null);
      } catch (CorruptSnapshotException e) {
        if (!Files.exists(prev)) {
          throw e;
        }
        newest = e;
      }
    }
    Snapshot s;
    try {
      s = read(prev);
    } catch (CorruptSnapshotException e) {
      if (newest == null) {
        throw e;
      }
      throw new CorruptSnapshotException("no whole checkpoint: " + newest.getMessage() + "; and " + e.getMessage(),
          newest.entry(), newest);
    }
    String why = newest == null ? file.getFileName() + " is missing" : newest.getMessage();
    long iteration = s.has("loop") && s.child("loop").has("iteration") ? s.child("loop").getLong("iteration") : -1;
    return loaded(s, prev, why + "; using " + prev.getFileName() + (iteration >= 0 ? " (iteration " + iteration + ")" : "")
        + ", the checkpoint before it");
  }

  private static Loaded loaded(Snapshot s, Path from, String warning) {
    if (s.format() == Snapshot.LEGACY_FORMAT) {
      String legacy = from + " is in snapshot format 0, which has no checksums: read without an integrity check (the"
          + " next checkpoint is written in format " + Snapshot.FORMAT + ")";
      warning = warning == null ? legacy : warning + "; " + legacy;
    }
    return new Loaded(s, from, Optional.ofNullable(warning));
  }
}
