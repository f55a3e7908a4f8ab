package dev.curio.core.config;

/**
 * Checks for compact constructors of config records; each failure is a {@link ConfigException}
 * naming the key and the value, e.g. {@code ppo.clip: must be in (0, 1), got 1.5}.
 */
public final class Check {
  private Check() {}

  public static int positive(String key, int v) {
    if (v <= 0) {
      throw new ConfigException(key, "must be >= 1, got " + v);
    }
    return v;
  }

  public static long positive(String key, long v) {
    if (v <= 0) {
      throw new ConfigException(key, "must be >= 1, got " + v);
    }
    return v;
  }

  public static double positive(String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new ConfigException(key, "must be a finite number > 0, got " + v);
    }
    return v;
  }

  public static double nonNegative(String key, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new ConfigException(key, "must be a finite number >= 0, got " + v);
    }
    return v;
  }

  public static int nonNegative(String key, int v) {
    if (v < 0) {
      throw new ConfigException(key, "must be >= 0, got " + v);
    }
    return v;
  }

  /** {@code lo <= v <= hi}. */
  public static double inRange(String key, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new ConfigException(key, "must be in [" + lo + ", " + hi + "], got " + v);
    }
    return v;
  }

  /** {@code lo < v < hi}. */
  public static double inOpenRange(String key, double v, double lo, double hi) {
    if (!(v > lo && v < hi)) {
      throw new ConfigException(key, "must be in (" + lo + ", " + hi + "), got " + v);
    }
    return v;
  }

  public static <T> T notNull(String key, T v) {
    if (v == null) {
      throw new ConfigException(key, "is required");
    }
    return v;
  }

  public static String notBlank(String key, String v) {
    if (v == null || v.isBlank()) {
      throw new ConfigException(key, "must not be empty");
    }
    return v;
  }

  public static void that(boolean ok, String key, String message) {
    if (!ok) {
      throw new ConfigException(key, message);
    }
  }
}
