package dev.curio.rewards;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named scalars from one {@link IntrinsicReward#update}, in insertion order, for metrics (e.g.
 * {@code loss_inverse}, {@code loss_forward}). Immutable.
 */
public record UpdateStats(Map<String, Double> values) {
  public static final UpdateStats EMPTY = new UpdateStats(Map.of());

  public UpdateStats {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Stats from alternating names and values: {@code of("loss", 0.5, "steps", 1.0)}. */
  public static UpdateStats of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("need name/value pairs, got " + namesAndValues.length + " arguments");
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
    }
    return new UpdateStats(m);
  }

  /** The value of {@code name}; throws if absent. */
  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no stat '" + name + "' (have " + values.keySet() + ")");
    }
    return v;
  }

  /** A copy whose names are {@code prefix + "." + name}. */
  public UpdateStats prefixed(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    values.forEach((k, v) -> m.put(prefix + "." + k, v));
    return new UpdateStats(m);
  }

  /** These stats followed by {@code other}'s (other wins on a name clash). */
  public UpdateStats plus(UpdateStats other) {
    Map<String, Double> m = new LinkedHashMap<>(values);
    m.putAll(other.values);
    return new UpdateStats(m);
  }
}
