package dev.curio.envs.registry;

/**
 * A {@link WorldProvider} on the classpath could not be loaded, failed, or registered an id that is
 * taken: a problem of the user's set-up, reported in one line on every use of the registry.
 */
public final class WorldProviderException extends IllegalStateException {
  WorldProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
