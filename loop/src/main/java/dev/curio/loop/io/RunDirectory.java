package dev.curio.loop.io;

import dev.curio.loop.TrainConfig;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One training run's folder and the files in it:
 *
 * <pre>
 * runs/chain-10-s1/
 *   config.yaml          the resolved config, written before training starts
 *   metrics.csv          one row per iteration ({@link MetricsCsv})
 *   curve.png            mean return against env steps ({@link CurvePlot})
 *   checkpoint.bin       the complete state, to resume or evaluate ({@link Checkpointer})
 *   checkpoint.prev.bin  the checkpoint before it, for when checkpoint.bin is corrupt
 *   summary.json         how the run ended ({@link SummaryWriter})
 *   error.log            the stack trace, only when the run failed
 * </pre>
 *
 * A new run never reuses a folder that holds anything: {@link #createUnique} appends {@code -2},
 * {@code -3}, ... to the name until it finds a free one.
 */
public final class RunDirectory {
  public static final String CONFIG = "config.yaml";
  public static final String METRICS = "metrics.csv";
  public static final String CURVE = "curve.png";
  public static final String CHECKPOINT = "checkpoint.bin";
  /** The checkpoint before {@link #CHECKPOINT} ({@link Checkpointer#previous}). */
  public static final String PREVIOUS_CHECKPOINT = "checkpoint.prev.bin";
  public static final String SUMMARY = "summary.json";
  public static final String ERROR_LOG = "error.log";
  /** Held (an OS file lock) by the process that trains in this directory. */
  public static final String LOCK = ".curio.lock";

  private final Path path;

  private RunDirectory(Path path) {
    this.path = path;
  }

  /** {@code root/<env id with unsafe characters replaced>-s<seed>}, e.g. {@code runs/maze-two-rooms-s1}. */
  public static Path defaultPath(Path root, TrainConfig config) {
    return root.resolve(sanitise(config.env()) + "-s" + config.seed());
  }

  /**
   * An env id as a file name: characters other than letters, digits, '.', '_', '+' and '-' become '-' (so a
   * maze file's path, {@code maze-file:../m/x.txt}, gives {@code maze-file-..-m-x.txt}, never a path, and a
   * multi-task run's label {@code tasks:a+maze:b} gives {@code tasks-a+maze-b}),
   * and a name over 100 characters keeps its first 40 and last 58, joined by {@code --}.
   */
  public static String sanitise(String envId) {
    String s = envId.replaceAll("[^A-Za-z0-9._+-]", "-");
    if (s.length() > 100) {
      s = s.substring(0, 40) + "--" + s.substring(s.length() - 58);
    }
    return s.startsWith(".") ? "_" + s : s;
  }

  /** Creates {@code base}, or the first of {@code base-2}, {@code base-3}, ... that does not exist yet. */
  public static RunDirectory createUnique(Path base) throws IOException {
    Path parent = base.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    for (int i = 1; ; i++) {
      Path candidate = i == 1 ? base : base.resolveSibling(base.getFileName() + "-" + i);
      try {
        Files.createDirectory(candidate);
        return new RunDirectory(candidate);
      } catch (FileAlreadyExistsException taken) {
        // somebody's run: try the next name
      }
    }
  }

  /**
   * Creates {@code dir} exactly (an empty existing folder is fine).
   *
   * @throws DirectoryNotEmptyException if it already holds files (a previous run)
   */
  public static RunDirectory createAt(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new DirectoryNotEmptyException(dir.toString());
        }
      }
      return new RunDirectory(dir);
    }
    Files.createDirectories(dir);
    return new RunDirectory(dir);
  }

  /**
   * An existing run, for resuming or evaluating: a config and a checkpoint (the newest, or only
   * the previous one, as a crash between the two renames of {@link Checkpointer} could leave it).
   *
   * @throws NoSuchFileException naming the folder, or its config or checkpoint, whichever is missing
   */
  public static RunDirectory open(Path dir) throws NoSuchFileException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null,
          Files.exists(dir) ? "is a file, not a run directory" : "no such run directory");
    }
    RunDirectory run = new RunDirectory(dir);
    if (!Files.isRegularFile(run.config())) {
      throw new NoSuchFileException(run.config().toString(), null, "not a run directory: it has no " + CONFIG);
    }
    if (!Files.isRegularFile(run.checkpoint()) && !Files.isRegularFile(run.previousCheckpoint())) {
      throw new NoSuchFileException(run.checkpoint().toString(), null, "no " + CHECKPOINT + ": the run stopped before"
          + " its first checkpoint, so there is nothing to resume or evaluate; start it again with --config " + run.config()
          + " and a new --run-dir");
    }
    return run;
  }

  public Path path() {
    return path;
  }

  /** The directory's lock; {@link #lock()} holds it until closed. */
  public interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Locks the directory for one training process (an OS lock on {@value #LOCK}, released when the
   * process ends, however it ends), then removes temporary files a killed process left behind.
   *
   * @throws IOException when another process (or this one) holds the lock, or the file cannot be made
   */
  public Lock lock() throws IOException {
    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path.resolve(LOCK),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
    java.nio.channels.FileLock held;
    try {
      held = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      held = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (held == null) {
      channel.close();
      throw new IOException(path + " is in use by another curio process (it holds " + LOCK + ")");
    }
    removeStaleTemporaryFiles();
    java.nio.channels.FileLock lock = held;
    return () -> {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // the lock goes with the process anyway
      }
    };
  }

  /** Deletes the {@code .<name>.<n>.tmp} files of interrupted atomic writes; returns how many. */
  int removeStaleTemporaryFiles() throws IOException {
    int removed = 0;
    try (Stream<Path> files = Files.list(path)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(f)) {
          Files.deleteIfExists(f);
          removed++;
        }
      }
    }
    return removed;
  }

  public Path config() {
    return path.resolve(CONFIG);
  }

  public Path metrics() {
    return path.resolve(METRICS);
  }

  public Path curve() {
    return path.resolve(CURVE);
  }

  public Path checkpoint() {
    return path.resolve(CHECKPOINT);
  }

  /** The checkpoint before the newest, kept for when the newest is corrupt. */
  public Path previousCheckpoint() {
    return path.resolve(PREVIOUS_CHECKPOINT);
  }

  public Path summary() {
    return path.resolve(SUMMARY);
  }

  public Path errorLog() {
    return path.resolve(ERROR_LOG);
  }

  /**
   * {@code loader} with the run's config file read on top; its sections must match the writer's. The
   * file must hold every key, as written ({@link ConfigLoader#runFile}): an empty or truncated one is an error.
   */
  public ConfigLoader readConfig(ConfigLoader loader) {
    return loader.runFile(config());
  }

  /** The run's config, when it was written by {@link #writeConfig(TrainConfig)}. */
  public TrainConfig readConfig() {
    return readConfig(new ConfigLoader()).build();
  }

  /** Writes {@code config.yaml} atomically. */
  public void writeConfig(TrainConfig config) throws IOException {
    writeConfig(ConfigLoader.toYaml(config));
  }

  /** Writes {@code yaml} (from {@link ConfigLoader#toYaml}) as {@code config.yaml}, atomically. */
  public void writeConfig(String yaml) throws IOException {
    AtomicFiles.writeString(config(), yaml);
  }

  /**
   * The newest checkpoint that reads back whole ({@link Checkpointer#readLatest}): {@code
   * checkpoint.bin}, or {@code checkpoint.prev.bin} with a warning when the newest is corrupt.
   *
   * @throws dev.curio.core.state.CorruptSnapshotException when neither is whole (nothing is deleted)
   */
  public Checkpointer.Loaded readCheckpoint() throws IOException {
    return Checkpointer.readLatest(checkpoint());
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
