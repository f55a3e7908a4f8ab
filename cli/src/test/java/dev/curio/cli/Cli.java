package dev.curio.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs {@code curio} in process with captured output, as the tests' one way in. */
final class Cli {
  /** What one invocation did. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  private Cli() {}

  static Result run(String... args) {
    return run(cl -> {}, args);
  }

  /** {@code setup} may reach the command objects (e.g. the train command's seams) before execution. */
  static Result run(Consumer<CommandLine> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    setup.accept(cl);
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  static TrainCommand train(CommandLine cl) {
    return (TrainCommand) cl.getSubcommands().get("train").getCommand();
  }
}
