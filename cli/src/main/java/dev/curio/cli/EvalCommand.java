package dev.curio.cli;

import dev.curio.core.config.ConfigException;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import dev.curio.envs.wrappers.TaskObservation;
import dev.curio.gym.GymConfig;
import dev.curio.loop.io.Checkpointer;
import dev.curio.loop.io.RunDirectory;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code curio eval}: plays a trained run's agent on fresh envs and prints its mean return. */
@Command(name = "eval", sortOptions = false,
    description = "Evaluate the agent of a run directory (its config.yaml and checkpoint.bin) on fresh envs.")
public final class EvalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--run", paramLabel = "DIR", required = true, description = "The run directory to evaluate.")
  Path run;

  @Option(names = "--episodes", paramLabel = "N", defaultValue = "10", description = "Episodes to play (default ${DEFAULT-VALUE}).")
  int episodes;

  @Option(names = "--greedy", description = "Take the most probable action instead of sampling from the policy.")
  boolean greedy;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Episode i is reset with seed N + i (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--actions", description = "Also print, per action, the share of steps that took it, the share of"
      + " those that left the observation unchanged and the mean reward each intrinsic module gives them, and the"
      + " distinct observations per episode (Discrete actions, one task).")
  boolean actions;

  @Option(names = "--gym-url", paramLabel = "URL",
      description = "For a run on gym: envs, play them on this gym-http-api server instead of the run's gym.url.")
  String gymUrl;

  @Mixin
  QuietOption quiet;

  @Override
  public Integer call() {
    if (episodes < 1) {
      throw new UserError("--episodes must be >= 1, got " + episodes);
    }
    PrintWriter out = spec.commandLine().getOut();
    RunDirectory dir = TrainCommand.openRun(run);
    RunConfig saved = RunConfig.of(dir.readConfig(RunConfig.loader()));
    TrainConfig cfg = saved.train();
    GymConfig gym = saved.gym();
    TrainCommand.requireGymWorld(gymUrl, cfg);
    if (gymUrl != null) {
      try {
        gym = gym.withUrl(gymUrl);
      } catch (ConfigException e) {
        throw new UserError("--gym-url: " + e.getMessage(), e);
      }
    }
    Checkpointer.Loaded checkpoint = TrainCommand.readCheckpoint(dir);
    if (cfg.tasks().multiTask()) {
      if (actions) {
        throw new UserError("--actions tallies a run of one world; " + dir + " trained on tasks " + cfg.tasks().ids());
      }
      return evaluateTasks(dir, cfg, gym, checkpoint, out);
    }
    Supplier<Env<?, ?>> factory = Worlds.trainable(cfg.env(), gym);
    Evaluation.Result result;
    ActionTally tally;
    long step;
    // the loop rebuilds the agent exactly as trained; one env copy is enough to restore it
    try (TrainingLoop loop = TrainCommand.newLoop(cfg, factory, true)) {
      TrainCommand.restore(loop, checkpoint);
      checkpoint.warning().ifPresent(w -> TrainCommand.warn(spec, w));
      step = loop.globalStep();
      if (!quiet.quiet()) {
        out.printf(Locale.ROOT, "evaluating %s (%s, trained %,d steps): %d episodes, %s actions%n", dir, cfg.env(), step,
            episodes, greedy ? "greedy" : "sampled");
        out.flush();
      }
      tally = actions ? tally(loop, cfg) : null;
      result = Evaluation.run(loop.policy(), TrainingLoop.asTrained(cfg, factory), cfg.maxEpisodeSteps(), episodes,
          greedy, seed, 0, tally);
    }
    printResult(out, result);
    if (tally != null) {
      tally.print(out);
    }
    return ExitCodes.OK;
  }

  private void printResult(PrintWriter out, Evaluation.Result result) {
    out.printf(Locale.ROOT, "mean return %.3f %s %.3f over %d episodes, mean length %.1f%n", result.meanReturn(), pm(),
        result.stdReturn(), episodes, result.meanLength());
    out.flush();
  }

  /** {@code --actions}' tally for {@code loop}'s world: Discrete actions only, one agent. */
  private static ActionTally tally(TrainingLoop loop, TrainConfig cfg) {
    Space<?> actionSpace = loop.envSpec().actionSpace();
    if (!(actionSpace instanceof Discrete d)) {
      throw new UserError("--actions tallies Discrete actions; " + cfg.env() + " acts in " + actionSpace);
    }
    if (loop.numAgents() > 1) {
      throw new UserError("--actions tallies a single agent's actions; " + cfg.env() + " has " + loop.numAgents());
    }
    Space<?> os = loop.envSpec().observationSpace();
    int[] obsShape = os instanceof Box b ? b.shape() : new int[] {os.flatDim()};
    return new ActionTally(d.n(), obsShape, loop.rewards().modules());
  }

  private static String pm() {
    return Charset.defaultCharset().newEncoder().canEncode('\u00b1') ? "\u00b1" : "+/-";
  }

  /**
   * A multi-task run: {@code --episodes} episodes in each task's world, the task added to its observations as in
   * training (TaskObservation), one line per task and the mean over tasks last.
   */
  private int evaluateTasks(RunDirectory dir, TrainConfig cfg, GymConfig gym, Checkpointer.Loaded checkpoint,
                            PrintWriter out) {
    List<String> ids = cfg.tasks().ids();
    List<Supplier<Env<?, ?>>> factories = Worlds.tasks(ids, gym, w -> TrainCommand.warn(spec, w));
    double sum = 0;
    try (TrainingLoop loop = TrainCommand.newTaskLoop(cfg, factories, true)) {
      TrainCommand.restore(loop, checkpoint);
      checkpoint.warning().ifPresent(w -> TrainCommand.warn(spec, w));
      if (!quiet.quiet()) {
        out.printf(Locale.ROOT, "evaluating %s (%d tasks, trained %,d steps): %d episodes per task, %s actions%n", dir,
            ids.size(), loop.globalStep(), episodes, greedy ? "greedy" : "sampled");
        out.flush();
      }
      for (int j = 0; j < ids.size(); j++) {
        int task = j;
        Supplier<? extends Env<?, ?>> world = TrainingLoop.asTrained(cfg, factories.get(j));
        Evaluation.Result r = Evaluation.run(loop.policy(), () -> new TaskObservation<>(world.get(), task, ids.size()),
            cfg.maxEpisodeSteps(), episodes, greedy, seed, task);
        sum += r.meanReturn();
        out.printf(Locale.ROOT, "task %d (%s): mean return %.3f %s %.3f over %d episodes, mean length %.1f%n", j,
            ids.get(j), r.meanReturn(), pm(), r.stdReturn(), episodes, r.meanLength());
      }
    }
    out.printf(Locale.ROOT, "mean return over the %d tasks %.3f%n", ids.size(), sum / ids.size());
    out.flush();
    return ExitCodes.OK;
  }
}
