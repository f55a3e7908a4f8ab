package dev.curio.cli;

import dev.curio.core.state.Snapshot;
import dev.curio.loop.io.Checkpointer;
import dev.curio.loop.io.MetricsCsv;
import dev.curio.loop.io.RunDirectory;
import dev.curio.loop.io.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code curio check-run DIR}: reads a run directory the way {@code --resume} and {@code eval} would,
 * changing nothing, and prints one line per problem: the config, both checkpoints (checksums, lengths),
 * whether {@code metrics.csv} reaches the newest whole checkpoint's iteration, and the summary.
 */
@Command(name = "check-run",
    description = {"Check a run directory without changing it: config.yaml, checkpoint.bin and checkpoint.prev.bin"
        + " (checksums and lengths), metrics.csv against the checkpoint, summary.json.",
        "Prints one line per problem; exit code 0 when the run can be resumed as it is, 1 when something is wrong."})
public final class CheckRunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The run directory.")
  Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RunDirectory run = TrainCommand.openRun(dir);
    List<String> problems = new ArrayList<>();
    try {
      RunConfig.of(run.readConfig(RunConfig.loader()));
    } catch (RuntimeException e) {
      problems.add(firstLine(e));
    }
    Snapshot newest = null;
    for (Path file : List.of(run.checkpoint(), run.previousCheckpoint())) {
      if (!Files.exists(file)) {
        if (file.equals(run.checkpoint())) {
          problems.add(file + ": missing (only the previous checkpoint is left)");
        }
        continue;
      }
      try {
        Snapshot s = Checkpointer.read(file);
        newest = newest == null ? s : newest;
      } catch (IOException | RuntimeException e) {
        String m = firstLine(e);
        problems.add(m.startsWith(file.toString()) ? m : file + ": " + m); // the reader may name the file already
      }
    }
    if (newest != null && newest.has("loop")) {
      Snapshot loop = newest.child("loop");
      int iteration = (int) loop.getLong("iteration");
      long step = loop.getLong("globalStep");
      try {
        int after = MetricsCsv.rowsAfter(run.metrics(), iteration, step);
        if (after > 0) {
          problems.add(String.format(Locale.ROOT, "%s: %d row%s after the checkpoint's iteration %d (a resume drops"
              + " them and redoes those iterations)", run.metrics(), after, after == 1 ? "" : "s", iteration));
        }
      } catch (IOException | RuntimeException e) {
        problems.add(run.metrics() + ": " + firstLine(e));
      }
    }
    if (Files.exists(run.summary())) {
      try {
        RunSummary.read(run.summary());
      } catch (IOException | RuntimeException e) {
        problems.add(run.summary() + ": cannot be read (" + firstLine(e) + ")");
      }
    }
    problems.forEach(out::println);
    if (problems.isEmpty()) {
      out.println(run + ": ok");
    }
    out.flush();
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
