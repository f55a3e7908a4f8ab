package dev.curio.runners.cli;

import dev.curio.envs.check.CheckReport;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.registry.MultiWorldEntry;
import dev.curio.envs.registry.WorldEntry;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code curio check-env ID}: runs the env contract checker on a built-in world. */
@Command(name = "check-env",
    description = {"Run the env contract checks (call order, seeding, spaces, rewards, limits) on a built-in world.",
        "Exit code 0 when every check passes, 1 when one fails."})
public final class CheckEnvCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A built-in world id (see `curio envs`).")
  String id;

  @Mixin
  QuietOption quiet;

  @Override
  public Integer call() {
    Worlds.rejectGym(id);
    CheckReport report;
    Optional<MultiWorldEntry> multi = EnvRegistry.findMulti(id);
    if (EnvRegistry.find(id).isPresent()) {
      report = checkSingle(EnvRegistry.find(id).get());
    } else if (multi.isPresent()) {
      report = checkMulti(multi.get());
    } else {
      throw new UserError(Worlds.unknown(id));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!quiet.quiet() || !report.passed()) {
      out.println(report);
    }
    out.flush();
    return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CheckReport checkSingle(WorldEntry entry) {
    return EnvChecker.check((Supplier) entry.factory());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CheckReport checkMulti(MultiWorldEntry entry) {
    return EnvChecker.checkMulti((Supplier) entry.factory());
  }
}
