package dev.curio.core.config;

/**
 * A user mistake in configuration: names the key (dotted path, e.g. {@code ppo.clip}) and the bad
 * value in a one-line message. The CLI prints the message without a stack trace and exits with 2.
 */
public final class ConfigException extends IllegalArgumentException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The dotted config key at fault. */
  public String key() {
    return key;
  }
}
