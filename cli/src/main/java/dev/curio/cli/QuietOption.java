package dev.curio.cli;

import picocli.CommandLine.Option;

/** {@code -q/--quiet}, shared by the commands that print progress or reports. */
public final class QuietOption {
  @Option(names = {"-q", "--quiet"}, description = "Print only results and errors, no progress.")
  boolean quiet;

  public boolean quiet() {
    return quiet;
  }
}
