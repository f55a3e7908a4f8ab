package dev.curio.cli;

import dev.curio.gym.GymException;
import java.nio.file.Path;

/**
 * A training run that failed after its run directory was made; the CLI names the directory (and the
 * checkpoint there, if any) so nothing is lost, and exits with {@link ExitCodes#FAILURE}.
 */
public final class RunFailure extends RuntimeException {
  private final Path runDirectory;
  private final boolean checkpointed;
  private final boolean logged;

  /**
   * @param checkpointed whether the directory holds a checkpoint to resume from
   * @param logged whether the stack trace was written to the directory's error.log
   */
  public RunFailure(Path runDirectory, boolean checkpointed, boolean logged, Throwable cause) {
    super(describe(cause), cause);
    this.runDirectory = runDirectory;
    this.checkpointed = checkpointed;
    this.logged = logged;
  }

  /** A gym env's failure (a server gone mid-run, say) is told by its own message; anything else by the exception. */
  private static String describe(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof GymException) {
        return t.getMessage();
      }
    }
    return String.valueOf(cause);
  }

  public Path runDirectory() {
    return runDirectory;
  }

  public boolean checkpointed() {
    return checkpointed;
  }

  public boolean logged() {
    return logged;
  }
}
