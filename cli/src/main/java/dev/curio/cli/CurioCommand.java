package dev.curio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/** {@code curio}: the top command; it only dispatches to its subcommands. */
@Command(name = "curio", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = CurioCommand.Version.class, sortOptions = false,
    description = "Reinforcement learning with pluggable intrinsic rewards.",
    subcommands = {TrainCommand.class, LearnerCommand.class, ActorCommand.class, EvalCommand.class, EnvsCommand.class,
        CheckEnvCommand.class, CheckRunCommand.class, BenchCommand.class, GymServerCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 internal failure (or check-env or check-run found problems), 2 user error,",
        "3 a run stopped by a NaN or infinity, 130/143 interrupted (checkpoint written).",
        "Config keys, flags and the run directory layout: docs/config.md"})
public final class CurioCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("missing command; try 'curio --help' (commands: train, learner, actor, eval, envs, check-env, check-run, bench, gym-server)");
  }

  /** The version from the jar manifest; "development build" when run from classes. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CurioCommand.class.getPackage().getImplementationVersion();
      return new String[] {"curio " + (v == null ? "(development build)" : v),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
