package dev.curio.cli;

import dev.curio.agents.net.Backend;
import dev.curio.core.state.CorruptSnapshotException;
import dev.curio.envs.Env;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.gym.GymException;
import dev.curio.loop.io.Checkpointer;
import dev.curio.loop.io.ConfigLoader;
import dev.curio.loop.io.ConsoleProgress;
import dev.curio.loop.io.CurvePlot;
import dev.curio.loop.io.MetricsCsv;
import dev.curio.loop.io.RunDirectory;
import dev.curio.loop.io.RunSummary;
import dev.curio.loop.io.SummaryWriter;
import dev.curio.loop.NonFiniteException;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curio train}: resolves the config (defaults < {@code --config} file < {@code --set} <
 * dedicated flags), makes a run directory, and trains, writing config, metrics, curve, checkpoints
 * and summary there. {@code --resume DIR} continues a run from its checkpoint.
 */
@Command(name = "train", sortOptions = false,
    description = {"Train PPO (or IMPALA, --learner impala) on a built-in world or a gym env (gym:<id>) and write a run directory.",
        "With no options: trains " + TrainConfig.DEFAULT_ENV + " with the default config."},
    footer = {"", "Precedence: defaults < --config file < --set < --env/--tasks/--seed/--steps/--num-envs/--reward/--encoder/--learner/--actors.",
        "Every config key: docs/config.md. Ctrl-C stops after the current iteration and writes a checkpoint."})
public class TrainCommand implements Callable<Integer> {
  /** How long Ctrl-C waits for the current iteration and the final checkpoint. */
  static final Duration STOP_WAIT = Duration.ofMinutes(2);

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "A YAML (.yaml/.yml) or JSON (.json) config file.")
  Path config;

  @Option(names = "--env", paramLabel = "ID",
      description = "The world to train on (config key env); see `curio envs`; maze-file:<path> for a maze file.")
  String env;

  @Option(names = "--tasks", paramLabel = "IDS", split = ",",
      description = "Train one policy on several worlds at once, comma-separated (config key tasks.ids), e.g."
          + " --tasks MiniGrid-Empty-5x5-v0,MiniGrid-DoorKey-5x5-v0; they need one observation shape and action space."
          + " Not with --env.")
  List<String> tasks;

  @Option(names = "--gym-url", paramLabel = "URL",
      description = "Run gym: envs on this gym-http-api server (config key gym.url), e.g. http://127.0.0.1:5000;"
          + " without it they run in the JVM. Allowed with --resume, to continue on a new server.")
  String gymUrl;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the whole run (config key seed).")
  Long seed;

  @Option(names = "--steps", paramLabel = "N", description = "Env steps to train for (config key totalSteps).")
  Long steps;

  @Option(names = "--num-envs", paramLabel = "N", description = "Envs stepped in lockstep (config key numEnvs).")
  Integer numEnvs;

  @Option(names = "--reward", paramLabel = "NAMES", split = ",",
      description = "Intrinsic reward modules, comma-separated: icm, rnd, rfs, ec, count, noveld, disagreement, and influence"
          + " for social: worlds (config key rewards.modules); settings under rewards.<name>.*, e.g."
          + " --set rewards.rnd.coefficient=0.5.")
  List<String> reward;

  @Option(names = "--encoder", paramLabel = "KIND",
      description = "A learned encoder the reward modules read instead of the observations: none or ac-state"
          + " (config key encoder.kind; docs/ac-state.md). Settings under encoder.*, e.g."
          + " --set encoder.acState.codes=32 --set encoder.policy=true.")
  String encoder;

  @Option(names = "--learner", paramLabel = "NAME",
      description = "The learner: ppo (the default) or impala, IMPALA's V-trace actor-critic (config key learner;"
          + " settings under ppo.* or impala.*, e.g. --set impala.learningRate=0.001; docs/impala.md).")
  String learner;

  @Option(names = "--actors", paramLabel = "N",
      description = "Collect on N actor threads, each with its own envs (numEnvs / N) and copy of the policy, while"
          + " the learner learns (config key impala.actors). With --learner impala trajectories more than"
          + " impala.maxStaleness versions old are dropped (docs/impala.md); with ppo the actors run one iteration"
          + " ahead in a fixed order (docs/performance.md).")
  Integer actors;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Set any config key, e.g. --set ppo.clip=0.1 --set network.hidden=[32,32]. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Run directory (default: runs/<env>-s<seed>, with -2, -3... appended if taken). Must be new or empty.")
  Path runDir;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "Continue the run in DIR from its checkpoint, with its config; only --steps may raise totalSteps.")
  Path resume;

  @Option(names = "--print-config", description = "Print the resolved config as YAML and exit without training.")
  boolean printConfig;

  @Mixin
  QuietOption quiet;

  /** Where default run directories go; a seam for tests. */
  Path runsRoot = Path.of("runs");

  /** Observers added to the loop after the standard ones; a seam for tests. */
  final List<RunObserver> extraObservers = new ArrayList<>();

  /** This process's hold on the run directory, released when the command ends. */
  private RunDirectory.Lock lock;

  @Override
  public Integer call() {
    try {
      return trainInLockedDirectory();
    } finally {
      if (lock != null) {
        lock.close();
        lock = null;
      }
    }
  }

  private Integer trainInLockedDirectory() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunDirectory dir = null;
    Checkpointer.Loaded checkpoint = null;
    String edited = null;
    RunConfig run;
    if (resume != null) {
      rejectWithResume();
      dir = openRun(resume);
      if (!printConfig) {
        lock(dir);
      }
      RunConfig savedRun = RunConfig.of(dir.readConfig(RunConfig.loader()));
      TrainConfig saved = savedRun.train();
      if (steps != null && steps < saved.totalSteps()) {
        throw new UserError("--steps " + steps + " is below the run's totalSteps " + saved.totalSteps()
            + "; when resuming, --steps can only raise it");
      }
      if (steps == null && gymUrl == null) {
        run = savedRun;
      } else {
        ConfigLoader loader = dir.readConfig(RunConfig.loader());
        if (steps != null) {
          loader.put("totalSteps", steps, "--steps");
        }
        if (gymUrl != null) {
          loader.put("gym.url", gymUrl, "--gym-url");
        }
        run = RunConfig.of(loader);
      }
      checkpoint = readCheckpoint(dir);
      if (!printConfig) {
        edited = editedConfig(dir, checkpoint, run.train());
      }
    } else {
      run = resolve();
      checkRunDir();
    }
    requireGymWorld(gymUrl, run.train());
    if (printConfig) {
      out.print(run.toYaml());
      out.flush();
      return ExitCodes.OK;
    }

    TrainConfig cfg = run.train();
    runConfig = run;
    boolean multiTask = cfg.tasks().multiTask();
    boolean multi = !multiTask && EnvRegistry.findMulti(cfg.env()).isPresent();
    java.util.function.Consumer<String> warn = warning -> err.println(spec.qualifiedName() + ": warning: " + warning);
    Supplier<Env<?, ?>> factory = multi || multiTask ? null : Worlds.trainable(cfg.env(), run.gym(), warn);
    List<Supplier<Env<?, ?>>> taskFactories = multiTask ? Worlds.tasks(cfg.tasks().ids(), run.gym(), warn) : null;
    if (!quiet.quiet() && checkpoint == null && !multiTask && cfg.rewards().modules().contains("ec")
        && cfg.rewards().ec().pretrained()) {
      // building the loop collects the walks and trains the comparator, seconds without other output
      out.printf(Locale.ROOT, "ec: pre-training the comparator on %,d random-walk steps%n",
          cfg.rewards().ec().pretrainSteps());
      out.flush();
    }
    // resuming skips the comparator's pre-training: the checkpoint holds the trained comparator
    try (TrainingLoop loop = newRunLoop(cfg, factory, taskFactories, multi, checkpoint != null)) {
      if (checkpoint != null) {
        try {
          restore(loop, checkpoint);
        } catch (UserError e) {
          // a restore refused after an edit: the edit is the likely cause, so say it
          throw edited == null ? e : new UserError(e.getMessage() + " (" + dir.config()
              + " was edited after its checkpoint was written: " + edited + ")", e);
        }
        if (loop.globalStep() >= cfg.totalSteps()) {
          boolean wrote = completeSummary(dir, cfg, loop);
          throw new UserError("the run in " + dir + " already reached its " + cfg.totalSteps()
              + " steps" + (wrote ? " (its summary.json was missing or unfinished: now written)" : "")
              + "; pass --steps with a larger number to train further");
        }
        String metrics = checkMetrics(dir, checkpoint, loop);
        // warnings only once the resume is sure to go ahead: a refused one prints its one error line alone
        String editWarning = edited == null ? null : dir.config() + " was edited after its checkpoint was written ("
            + edited + "); the run goes on with the file's values (its first part had the old ones)";
        String warning = String.join("; ", Stream.of(checkpoint.warning().orElse(null), metrics, editWarning)
            .filter(Objects::nonNull).toList());
        if (!warning.isEmpty()) {
          warn(spec, warning);
        }
      } else {
        dir = createRunDirectory(cfg);
        lock(dir);
      }
      beforeTraining(loop);
      return train(loop, run, dir, out, err);
    }
  }

  /**
   * The run's loop: over several tasks ({@code taskFactories}), a multi-agent world ({@code multi}) or one
   * world ({@code factory}). {@code curio learner} overrides it to feed the learner from actor nodes.
   */
  TrainingLoop newRunLoop(TrainConfig cfg, Supplier<Env<?, ?>> factory, List<Supplier<Env<?, ?>>> taskFactories,
                          boolean multi, boolean toResume) {
    return taskFactories != null ? newTaskLoop(cfg, taskFactories, toResume)
        : multi ? newMultiAgentLoop(cfg, toResume) : newLoop(cfg, factory, toResume);
  }

  /** The run's whole config (the loop's and the gym section), set before {@link #newRunLoop} is called. */
  RunConfig runConfig;

  /** The command that continues the run in {@code dir}, as printed after Ctrl-C. */
  String resumeCommand(Path dir) {
    return spec.qualifiedName() + " --resume " + dir;
  }

  /** Called once the loop is built (and restored) and its run directory chosen, just before training. */
  void beforeTraining(TrainingLoop loop) {}

  /**
   * A loop over the built-in multi-agent world {@code cfg.env()}: every agent a column, one policy
   * shared by all agents or, with {@code agents.policies} independent, one per agent
   * (TrainingLoop.multiAgent).
   */
  static TrainingLoop newMultiAgentLoop(TrainConfig cfg, boolean toResume) {
    try {
      return TrainingLoop.multiAgent(cfg, () -> EnvRegistry.makeMulti(cfg.env()), List.of(), cfg.learner(), toResume);
    } catch (IllegalArgumentException e) {
      throw new UserError("env '" + cfg.env() + "': " + e.getMessage(), e);
    }
  }

  /**
   * A loop over the worlds of {@code cfg.tasks()}, one policy for all (TrainingLoop.multiTask); worlds
   * that do not fit one policy are a ConfigException naming tasks.ids, which ExitCodes treats as the user's.
   */
  static TrainingLoop newTaskLoop(TrainConfig cfg, List<Supplier<Env<?, ?>>> factories, boolean toResume) {
    try {
      return TrainingLoop.multiTask(cfg, factories, List.of(), cfg.learner(), toResume);
    } catch (GymException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /**
   * The loop makes its envs; a gym env that cannot be made then is the user's to fix (a server gone,
   * say). A config the world does not fit (the cnn torso on a grid 3 rows high) is a ConfigException,
   * which ExitCodes already treats as the user's.
   */
  static TrainingLoop newLoop(TrainConfig cfg, Supplier<Env<?, ?>> factory, boolean toResume) {
    try {
      return toResume ? TrainingLoop.toResume(cfg, factory, List.of()) : new TrainingLoop(cfg, factory);
    } catch (GymException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private int train(TrainingLoop loop, RunConfig run, RunDirectory dir, PrintWriter out, PrintWriter err) {
    TrainConfig cfg = loop.config();
    try {
      dir.writeConfig(new RunConfig(cfg, run.gym()).toYaml());
    } catch (IOException e) {
      throw new RunFailure(dir.path(), Files.exists(dir.checkpoint()), false, e);
    }
    loop.addObserver(new MetricsCsv(dir.metrics()));
    loop.addObserver(new CurvePlot(dir.curve(), cfg.checkpointEvery()).withHistory(dir.metrics()));
    loop.addObserver(Checkpointer.forLoop(loop, dir.checkpoint()));
    loop.addObserver(new SummaryWriter(dir.summary()));
    if (!quiet.quiet()) {
      out.println("run directory: " + dir);
      out.println("kernels: OpenBLAS " + Backend.blasKernels() + ", native build " + Backend.nativeBuild()
          + " (same seed and kernels, same run; docs/architecture.md)");
      loop.addObserver(ConsoleProgress.auto(out));
    }
    extraObservers.forEach(loop::addObserver);

    RunEnd end;
    try (GracefulStop stop = GracefulStop.install(loop.control(), err, STOP_WAIT)) {
      try {
        end = loop.run();
      } catch (NonFiniteException e) {
        // one line says it all (ExitCodes), summary.json too; a stack trace would only point into the loop
        throw new RunFailure(dir.path(), Files.exists(dir.checkpoint()), false, e);
      } catch (RuntimeException | Error e) {
        boolean logged = writeErrorLog(dir, e);
        throw new RunFailure(dir.path(), Files.exists(dir.checkpoint()), logged, e);
      }
      if (!quiet.quiet()) {
        out.println("wrote " + dir + ": " + String.join(", ", RunDirectory.CONFIG, RunDirectory.METRICS,
            RunDirectory.CURVE, RunDirectory.CHECKPOINT, RunDirectory.SUMMARY));
        if (GracefulStop.REASON.equals(end.stopReason())) {
          out.println("continue with: " + resumeCommand(dir.path()));
        }
        out.flush();
      }
    }
    return ExitCodes.OK;
  }

  /** Defaults, then the file, then --set, then the dedicated flags. */
  private RunConfig resolve() {
    ConfigLoader loader = RunConfig.loader();
    if (config != null) {
      loader.file(config);
    }
    for (String s : sets) {
      loader.set(s, "--set");
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    if (tasks != null && env != null) {
      throw new UserError("--tasks and --env cannot be combined: a multi-task run trains on the --tasks worlds"
          + " (its env is their label); give one of them");
    }
    if (tasks != null && (tasks.isEmpty() || tasks.stream().anyMatch(String::isBlank))) {
      throw new UserError("--tasks: give the worlds' ids, comma-separated (e.g. --tasks"
          + " MiniGrid-Empty-5x5-v0,MiniGrid-DoorKey-5x5-v0); got an empty id in '" + String.join(",", tasks) + "'");
    }
    flags.put("--env", env);
    flags.put("--tasks", tasks);
    flags.put("--seed", seed);
    flags.put("--steps", steps);
    flags.put("--num-envs", numEnvs);
    flags.put("--reward", reward);
    flags.put("--encoder", encoder);
    flags.put("--learner", learner);
    if (actors != null && actors < 1) {
      throw new UserError("--actors must be at least 1, got " + actors + " (leave it out, or --set impala.actors=0"
          + " to turn off a config file's actors)");
    }
    flags.put("--actors", actors);
    flags.put("--gym-url", gymUrl);
    Map<String, String> keys = Map.ofEntries(Map.entry("--env", "env"), Map.entry("--tasks", "tasks.ids"),
        Map.entry("--seed", "seed"), Map.entry("--steps", "totalSteps"), Map.entry("--num-envs", "numEnvs"),
        Map.entry("--reward", "rewards.modules"), Map.entry("--encoder", "encoder.kind"),
        Map.entry("--learner", "learner"), Map.entry("--actors", "impala.actors"), Map.entry("--gym-url", "gym.url"));
    flags.forEach((flag, value) -> {
      if (value != null) {
        loader.put(keys.get(flag), value, flag);
      }
    });
    return RunConfig.of(loader);
  }

  private void rejectWithResume() {
    List<String> given = new ArrayList<>();
    if (config != null) {
      given.add("--config");
    }
    if (env != null) {
      given.add("--env");
    }
    if (tasks != null) {
      given.add("--tasks");
    }
    if (seed != null) {
      given.add("--seed");
    }
    if (numEnvs != null) {
      given.add("--num-envs");
    }
    if (reward != null) {
      given.add("--reward");
    }
    if (encoder != null) {
      given.add("--encoder");
    }
    if (learner != null) {
      given.add("--learner");
    }
    if (actors != null) {
      given.add("--actors");
    }
    if (!sets.isEmpty()) {
      given.add("--set");
    }
    if (runDir != null) {
      given.add("--run-dir");
    }
    if (!given.isEmpty()) {
      throw new UserError("--resume continues a run with the config in its directory; " + String.join(", ", given)
          + " cannot be combined with it (only --steps, to raise totalSteps, and --gym-url)");
    }
  }

  /**
   * A finished run whose process died before writing its final summary (none, or one still saying
   * {@code running}) gets one from its checkpoint; the wall time of the last summary carries over.
   */
  private static boolean completeSummary(RunDirectory dir, TrainConfig cfg, TrainingLoop loop) {
    RunSummary previous = null;
    try {
      previous = Files.exists(dir.summary()) ? RunSummary.read(dir.summary()) : null;
    } catch (IOException | RuntimeException unreadable) {
      // rewritten below
    }
    if (previous != null && !"running".equals(previous.status())) {
      return false;
    }
    double mean = loop.meanReturn();
    double best = loop.bestMeanReturn();
    RunSummary done = RunSummary.builder().env(loop.envSpec().id()).seed(cfg.seed()).status("completed")
        .iterations(loop.iteration()).steps(loop.globalStep()).totalSteps(cfg.totalSteps())
        .finalMeanReturn(Double.isFinite(mean) ? mean : null).bestMeanReturn(Double.isFinite(best) ? best : null)
        .wallSeconds(previous == null ? 0 : previous.wallSeconds()).blasKernels(Backend.blasKernels())
        .nativeBuild(Backend.nativeBuild())
        .nonFiniteSkipped(previous == null ? 0 : previous.nonFiniteSkipped())
        .lastNonFinite(previous == null ? null : previous.lastNonFinite()).build();
    try {
      done.write(dir.summary());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Holds {@code dir} for this process; a second process on it is a one-line error. */
  private void lock(RunDirectory dir) {
    try {
      lock = dir.lock();
    } catch (IOException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** An existing run directory with a config and a checkpoint. */
  static RunDirectory openRun(Path dir) {
    try {
      return RunDirectory.open(dir);
    } catch (NoSuchFileException e) {
      throw new UserError(e.getFile() + ": " + e.getReason());
    }
  }

  /**
   * The run's newest whole checkpoint ({@link RunDirectory#readCheckpoint}); when there is none, a
   * user error (one line, exit 2) that names the entries that failed, and nothing is changed.
   */
  static Checkpointer.Loaded readCheckpoint(RunDirectory dir) {
    try {
      return dir.readCheckpoint();
    } catch (CorruptSnapshotException e) {
      boolean single = !Files.exists(dir.previousCheckpoint()) || !Files.exists(dir.checkpoint());
      throw new UserError(e.getMessage() + (single ? " (there is no other checkpoint to fall back to)" : ""), e);
    } catch (IOException e) {
      throw new UserError("cannot read the checkpoint in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * What was changed in the run's {@code config.yaml} since its checkpoint was written ({@code key: was
   * -> now, ...}; null when nothing was). A changed seed is a user error: the seed names the run
   * (summary.json reports it) and its first part ran with the old one.
   */
  static String editedConfig(RunDirectory dir, Checkpointer.Loaded checkpoint, TrainConfig now) {
    List<Checkpointer.ConfigChange> changes = Checkpointer.configChanges(checkpoint.snapshot(), now);
    for (Checkpointer.ConfigChange c : changes) {
      if (c.key().equals("seed")) {
        throw new UserError(dir.config() + " was edited after its checkpoint was written (" + c + "); the run's first"
            + " part ran with the old seed: put it back, or start a new run with --config " + dir.config());
      }
    }
    if (changes.isEmpty()) {
      return null;
    }
    List<String> named = changes.stream().map(Checkpointer.ConfigChange::toString).toList();
    return named.size() <= 4 ? String.join(", ", named)
        : String.join(", ", named.subList(0, 4)) + " and " + (named.size() - 4) + " more";
  }

  /** Restores {@code loop} from {@code checkpoint}; a checkpoint that does not fit the run is a user error. */
  static void restore(TrainingLoop loop, Checkpointer.Loaded checkpoint) {
    try {
      loop.restore(checkpoint.snapshot());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UserError("cannot restore " + checkpoint.file() + ": " + e.getMessage(), e);
    }
  }

  /** Prints a one-line warning on stderr, as {@code curio <command>: warning: ...}. */
  static void warn(CommandSpec spec, String warning) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": warning: " + ExitCodes.oneLine(warning));
    err.flush();
  }

  /**
   * Checks the run's {@code metrics.csv} against the restored loop before anything is written
   * ({@link MetricsCsv#rowsAfter}): rows that end before the checkpoint's iteration are refused and
   * the file is left as it is. Returns what resuming will do to it, to warn about (null: nothing).
   */
  private static String checkMetrics(RunDirectory dir, Checkpointer.Loaded checkpoint, TrainingLoop loop) {
    int iteration = loop.iteration();
    try {
      int after = MetricsCsv.rowsAfter(dir.metrics(), iteration, loop.globalStep());
      return after == 0 ? null : String.format(Locale.ROOT, "%s: the %d row%s after iteration %d %s dropped (the resumed"
          + " run redoes %s)", RunDirectory.METRICS, after, after == 1 ? "" : "s", iteration, after == 1 ? "is" : "are",
          after == 1 ? "it" : "them");
    } catch (NoSuchFileException e) {
      return RunDirectory.METRICS + " is missing: a new one starts after iteration " + iteration;
    } catch (IOException e) {
      throw new UserError(dir.metrics() + " cannot continue " + checkpoint.file().getFileName() + " (iteration " + iteration
          + "): " + e.getMessage() + "; it is left as it is (restore it, or move it away to resume with a new one)", e);
    }
  }

  /** A {@code --run-dir} that cannot become a new run's directory is an error before anything is built. */
  private void checkRunDir() {
    if (runDir == null) {
      return;
    }
    if (runDir.toString().isBlank()) {
      throw new UserError("--run-dir is empty; name a directory, or leave the flag out for runs/<env>-s<seed>");
    }
    for (Path p = runDir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw new UserError("--run-dir " + runDir + ": " + (p.equals(runDir.toAbsolutePath()) ? "is a file"
            : p + " is a file") + ", not a directory; choose a new directory");
      }
    }
    if (Files.isDirectory(runDir)) {
      try (Stream<Path> entries = Files.list(runDir)) {
        if (entries.findAny().isPresent()) {
          throw new UserError(notEmpty());
        }
      } catch (IOException e) {
        throw new UserError("--run-dir " + runDir + ": cannot list it (" + reason(e) + ")", e);
      }
    }
  }

  private String notEmpty() {
    return "--run-dir " + runDir + " already holds files (a previous run?); choose a new directory"
        + " or continue that run with --resume " + runDir;
  }

  private RunDirectory createRunDirectory(TrainConfig cfg) {
    Path target = runDir != null ? runDir : RunDirectory.defaultPath(runsRoot, cfg);
    try {
      return runDir != null ? RunDirectory.createAt(runDir) : RunDirectory.createUnique(target);
    } catch (DirectoryNotEmptyException e) {
      throw new UserError(notEmpty());
    } catch (IOException e) {
      throw new UserError("cannot create the run directory " + target + " (" + reason(e) + ")", e);
    }
  }

  /** What went wrong with a file, in words, without the exception's class name. */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException fs) {
      String why = fs.getReason() != null ? fs.getReason()
          : e instanceof AccessDeniedException ? "permission denied"
          : e instanceof FileAlreadyExistsException ? "a file of that name exists"
          : e instanceof NoSuchFileException ? "no such file or directory" : "file system error";
      return (fs.getFile() != null ? fs.getFile() + ": " : "") + why;
    }
    return e.getMessage() != null ? e.getMessage() : "I/O error";
  }

  private static boolean writeErrorLog(RunDirectory dir, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    try {
      Files.writeString(dir.errorLog(), trace.toString());
      return true;
    } catch (IOException | RuntimeException io) {
      return false;
    }
  }

  /**
   * {@code --gym-url} names where gym: envs run; on a run without one it would be ignored in silence, so
   * it is refused (one line naming the worlds).
   */
  static void requireGymWorld(String gymUrl, TrainConfig cfg) {
    if (gymUrl == null) {
      return;
    }
    List<String> worlds = cfg.tasks().multiTask() ? cfg.tasks().ids() : List.of(cfg.env());
    if (worlds.stream().noneMatch(Worlds::playsOnGym)) {
      throw new UserError("--gym-url is for gym:<id> envs; " + String.join(", ", worlds)
          + (worlds.size() == 1 ? " is not one" : " are none"));
    }
  }
}
