package dev.curio.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/**
 * Entry point of {@code curio}. Commands run in process through {@link #commandLine}, which is what
 * tests use; only {@link #main} calls {@code System.exit}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    quietLibraries();
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, cs), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** The {@code curio} command line writing to {@code out} and {@code err}, with the exit-code mapping installed. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    ExitCodes codes = new ExitCodes();
    return new CommandLine(new CurioCommand())
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(codes)
        .setParameterExceptionHandler(codes);
  }

  /** ND4J and DL4J log their start-up at INFO through slf4j-simple; the CLI shows warnings only. */
  private static void quietLibraries() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
