package dev.curio.cli;

import dev.curio.core.config.ConfigException;
import dev.curio.envs.check.CheckReport;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.registry.MultiWorldEntry;
import dev.curio.envs.registry.WorldEntry;
import dev.curio.gym.Gym;
import dev.curio.gym.GymConfig;
import dev.curio.gym.GymException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code curio check-env ID}: runs the env contract checker on a built-in world or a gym env. */
@Command(name = "check-env",
    description = {"Run the env contract checks (call order, seeding, spaces, rewards, limits) on a built-in world,"
        + " a maze file (maze-file:<path>) or a gym env (gym:<id>, in the JVM or with --gym-url on a gym-http-api server).",
        "Exit code 0 when every check passes, 1 when one fails."})
public final class CheckEnvCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A built-in world id (see `curio envs`), maze-file:<path> or gym:<id>.")
  String id;

  @Option(names = "--gym-url", paramLabel = "URL",
      description = "Check the gym env on this gym-http-api server instead of in the JVM.")
  String gymUrl;

  @Mixin
  QuietOption quiet;

  @Override
  public Integer call() {
    CheckReport report;
    if (gymUrl != null && !Worlds.playsOnGym(id)) {
      throw new UserError("--gym-url is for gym:<id> envs; " + id + " is not one");
    }
    Optional<MultiWorldEntry> multi = EnvRegistry.findMulti(id);
    Optional<WorldEntry> single = Gym.isGymId(id) ? Optional.empty() : Worlds.find(id);
    if (Gym.isGymId(id)) {
      report = checkGym(id, gymUrl == null ? GymConfig.defaults() : gymConfig(gymUrl));
    } else if (single.isPresent()) {
      report = checkSingle(single.get());
    } else if (multi.isPresent()) {
      report = checkMulti(multi.get());
    } else {
      throw new UserError(Worlds.unknown(id));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!quiet.quiet() || !report.passed() || !report.warnings().isEmpty()) {
      out.println(report);
    }
    out.flush();
    return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static GymConfig gymConfig(String url) {
    try {
      return GymConfig.defaults().withUrl(url);
    } catch (ConfigException e) {
      throw new UserError("--gym-url: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CheckReport checkGym(String id, GymConfig gym) {
    try {
      Gym.make(id, gym).close(); // an unknown id or a missing server is the user's to fix, not a failed check
      return EnvChecker.check((Supplier) () -> Gym.make(id, gym));
    } catch (GymException e) {
      throw new UserError(e.getMessage(), e);
    }
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
