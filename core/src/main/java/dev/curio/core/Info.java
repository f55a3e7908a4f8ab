package dev.curio.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable side information attached to a reset or a step, keyed by typed {@link Key}s rather than
 * strings, so a reader gets a value of the right type or nothing.
 *
 * <p>Small by design: a handful of entries at most, stored in a flat array; {@link #with} copies.
 */
public final class Info {
  private static final Info EMPTY = new Info(new Object[0]);

  /** A typed key. Keys compare by identity: declare each once, as a constant. */
  public static final class Key<T> {
    private final String name;
    private final Class<T> type;

    private Key(String name, Class<T> type) {
      this.name = name;
      this.type = type;
    }

    /** A new key; {@code name} is for messages and renders only. */
    public static <T> Key<T> of(String name, Class<T> type) {
      return new Key<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"));
    }

    public String name() {
      return name;
    }

    public Class<T> type() {
      return type;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Alternating key, value. */
  private final Object[] entries;

  private Info(Object[] entries) {
    this.entries = entries;
  }

  public static Info empty() {
    return EMPTY;
  }

  public static <T> Info of(Key<T> key, T value) {
    return EMPTY.with(key, value);
  }

  /** A copy with {@code key} set to {@code value} (replacing an earlier value). */
  public <T> Info with(Key<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, () -> "value for info key " + key.name());
    if (!key.type.isInstance(value)) {
      throw new IllegalArgumentException("info key " + key.name + " takes " + key.type.getSimpleName()
          + ", got " + value.getClass().getSimpleName());
    }
    for (int i = 0; i < entries.length; i += 2) {
      if (entries[i] == key) {
        Object[] copy = entries.clone();
        copy[i + 1] = value;
        return new Info(copy);
      }
    }
    Object[] copy = Arrays.copyOf(entries, entries.length + 2);
    copy[entries.length] = key;
    copy[entries.length + 1] = value;
    return new Info(copy);
  }

  /** A copy holding this info's entries and then {@code other}'s (which win on clashes). */
  public Info merge(Info other) {
    Info out = this;
    for (int i = 0; i < other.entries.length; i += 2) {
      out = out.withUnchecked((Key<?>) other.entries[i], other.entries[i + 1]);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private <T> Info withUnchecked(Key<T> key, Object value) {
    return with(key, (T) value);
  }

  public <T> Optional<T> get(Key<T> key) {
    for (int i = 0; i < entries.length; i += 2) {
      if (entries[i] == key) {
        return Optional.of(key.type.cast(entries[i + 1]));
      }
    }
    return Optional.empty();
  }

  /** The value for {@code key}; an {@link IllegalStateException} naming the key if absent. */
  public <T> T require(Key<T> key) {
    return get(key).orElseThrow(() -> new IllegalStateException("info has no entry " + key.name()));
  }

  public boolean has(Key<?> key) {
    return get(key).isPresent();
  }

  public boolean isEmpty() {
    return entries.length == 0;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < entries.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(entries[i]).append('=').append(entries[i + 1]);
    }
    return sb.append('}').toString();
  }
}
