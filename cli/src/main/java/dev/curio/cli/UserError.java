package dev.curio.cli;

/**
 * A mistake the user can fix (a bad flag, config, env id or run directory). The CLI prints its
 * one-line message without a stack trace and exits with {@link ExitCodes#USAGE}.
 */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
