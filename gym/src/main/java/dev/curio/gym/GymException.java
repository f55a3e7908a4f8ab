package dev.curio.gym;

/**
 * A gym env could not be made or stepped: an unknown id, a server that is not there, times out,
 * answers with an error or with something that is not gym-http-api JSON, or Python failing in the
 * JVM. The message is one line that says what happened and, where it helps, what to do.
 */
public class GymException extends RuntimeException {
  public GymException(String message) {
    super(message);
  }

  public GymException(String message, Throwable cause) {
    super(message, cause);
  }
}
