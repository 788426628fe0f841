package io.bulwark.gateway.chain;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable set of values stages have found about a request so far. A request gathers a
 * handful, so they are kept in two small arrays: a copy with one more value costs two array copies,
 * where maps cost a hash table and its immutable copy per stage. Thread-safe.
 */
public final class Attributes {
  /** No attributes. */
  public static final Attributes EMPTY = new Attributes(new AttributeKey<?>[0], new Object[0]);

  /** The authenticated principal's id (the {@code sub} of a token, a SPIFFE id, an API key id). */
  public static final AttributeKey<String> PRINCIPAL =
      new AttributeKey<>("principal", String.class);

  /** The authenticated client: OAuth {@code client_id}/{@code azp}, API key id or SPIFFE ID. */
  public static final AttributeKey<String> CLIENT_ID =
      new AttributeKey<>("client_id", String.class);

  /** The principal's roles, as a comma-free set rendered by the authentication stage. */
  @SuppressWarnings("unchecked")
  public static final AttributeKey<java.util.Set<String>> ROLES =
      new AttributeKey<>("roles", (Class<java.util.Set<String>>) (Class<?>) java.util.Set.class);

  /** Claims or other facts about the principal, for policy conditions. */
  @SuppressWarnings("unchecked")
  public static final AttributeKey<Map<String, Object>> CLAIMS =
      new AttributeKey<>("claims", (Class<Map<String, Object>>) (Class<?>) Map.class);

  private final AttributeKey<?>[] keys;
  private final Object[] values;

  private Attributes(AttributeKey<?>[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  /** The value for {@code key}, if a stage set one. */
  public <T> Optional<T> get(AttributeKey<T> key) {
    int i = indexOf(key);
    return i < 0 ? Optional.empty() : Optional.of(key.type().cast(values[i]));
  }

  /** A copy with {@code key} set to {@code value}. */
  public <T> Attributes with(AttributeKey<T> key, T value) {
    Object checked = key.type().cast(Objects.requireNonNull(value, "value"));
    int i = indexOf(key);
    if (i >= 0) {
      Object[] copy = values.clone();
      copy[i] = checked;
      return new Attributes(keys, copy);
    }
    AttributeKey<?>[] newKeys = Arrays.copyOf(keys, keys.length + 1);
    Object[] newValues = Arrays.copyOf(values, values.length + 1);
    newKeys[keys.length] = key;
    newValues[values.length] = checked;
    return new Attributes(newKeys, newValues);
  }

  /** A copy with every value of {@code other} added, {@code other} winning on conflicts. */
  public Attributes merge(Attributes other) {
    if (other.keys.length == 0) {
      return this;
    }
    if (keys.length == 0) {
      return other;
    }
    Attributes merged = this;
    for (int i = 0; i < other.keys.length; i++) {
      merged = merged.withUnchecked(other.keys[i], other.values[i]);
    }
    return merged;
  }

  @SuppressWarnings("unchecked")
  private <T> Attributes withUnchecked(AttributeKey<T> key, Object value) {
    return with(key, (T) value);
  }

  private int indexOf(AttributeKey<?> key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "Attributes" + Arrays.stream(keys).map(AttributeKey::name).toList();
  }
}
