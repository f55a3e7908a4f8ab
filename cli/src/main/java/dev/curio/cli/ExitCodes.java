package dev.curio.cli;

import dev.curio.core.config.ConfigException;
import dev.curio.envs.registry.WorldProviderException;
import dev.curio.loop.NonFiniteException;
import dev.curio.loop.io.ConfigLoadException;
import dev.curio.loop.io.RunDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The exit codes of {@code curio}, and the one place that maps errors to them and prints them.
 *
 * <ul>
 *   <li>{@link #OK} 0: done (for {@code check-env}: the env passed).</li>
 *   <li>{@link #FAILURE} 1: an internal failure (a bug, a full disk, a run that crashed), or an env
 *       that failed {@code check-env}.</li>
 *   <li>{@link #USAGE} 2: a user error: bad flag, bad config, unknown env, missing run directory.
 *       One line on stderr, no stack trace.</li>
 *   <li>{@link #NON_FINITE} 3: the run met a NaN or infinite value and stopped ({@code nonFinite: stop}).
 *       One line on stderr naming the iteration, the stream, module or learner, the quantity and the
 *       checkpoint kept; no stack trace; {@code summary.json} has the status {@code nonfinite}.</li>
 * </ul>
 */
public final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int NON_FINITE = 3;

  /** Writes {@code t}'s stack trace to a new temp file; null when even that fails. */
  private static Path traceFile(Throwable t) {
    try {
      Path f = java.nio.file.Files.createTempFile("curio-error-", ".log");
      java.io.StringWriter w = new java.io.StringWriter();
      t.printStackTrace(new PrintWriter(w));
      java.nio.file.Files.writeString(f, w.toString());
      return f;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean causedByGym(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof dev.curio.gym.GymException) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code t} is the user's mistake rather than ours. */
  static boolean isUserError(Throwable t) {
    return t instanceof UserError || t instanceof ConfigException || t instanceof ConfigLoadException
        || t instanceof WorldProviderException;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    String who = cl.getCommandSpec().qualifiedName();
    if (isUserError(ex)) {
      err.println(who + ": " + oneLine(ex.getMessage()));
    } else if (ex instanceof RunFailure rf && rf.getCause() instanceof NonFiniteException nf) {
      // the loop stopped before any observer saw the iteration: the checkpoint is the iteration before
      Path checkpoint = rf.runDirectory().resolve(RunDirectory.CHECKPOINT);
      err.println(who + ": " + oneLine(nf.getMessage()) + "; stopped (nonFinite: stop); "
          + (rf.checkpointed() ? checkpoint + " holds iteration " + (nf.iteration() - 1)
              : "no checkpoint was written in " + rf.runDirectory()));
      err.flush();
      return NON_FINITE;
    } else if (ex instanceof RunFailure rf) {
      err.println(who + ": the run failed: " + oneLine(rf.getMessage()));
      String dir = rf.runDirectory().toString();
      // a directory the run cannot write to holds no error.log: the trace goes to a temp file instead
      Path trace = rf.logged() ? rf.runDirectory().resolve(RunDirectory.ERROR_LOG) : traceFile(rf.getCause());
      boolean writable = java.nio.file.Files.isWritable(rf.runDirectory());
      err.println("  run directory: " + dir + (trace != null ? " (the stack trace is in " + trace + ")" : "")
          + (writable ? "" : "; it is not writable"));
      if (rf.checkpointed()) {
        err.println("  " + RunDirectory.CHECKPOINT + " there holds the last complete iteration; continue with:"
            + (writable ? "" : " (once " + dir + " is writable)") + " " + who + " --resume " + dir
            + (causedByGym(rf) ? " (with --gym-url URL if the gym server now runs elsewhere)" : ""));
      }
      if (trace == null) {
        rf.getCause().printStackTrace(err);
      }
    } else {
      err.println(who + ": internal error: " + oneLine(String.valueOf(ex)));
      ex.printStackTrace(err);
    }
    err.flush();
    return isUserError(ex) ? USAGE : FAILURE;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    String who = cl.getCommandSpec().qualifiedName();
    String msg = oneLine(ex.getMessage());
    if (ex instanceof UnmatchedArgumentException u) {
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        msg += " (did you mean '" + suggestions.get(0) + "'?)";
      }
    }
    cl.getErr().println(who + ": " + msg + "; see '" + who + " --help'");
    cl.getErr().flush();
    return USAGE;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    return s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
