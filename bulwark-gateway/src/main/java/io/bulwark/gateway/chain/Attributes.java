package io.bulwark.gateway.chain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The immutable set of values stages have found about a request so far. Thread-safe. */
public final class Attributes {
  /** No attributes. */
  public static final Attributes EMPTY = new Attributes(Map.of());

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

  private final Map<AttributeKey<?>, Object> values;

  private Attributes(Map<AttributeKey<?>, Object> values) {
    this.values = values;
  }

  /** The value for {@code key}, if a stage set one. */
  public <T> Optional<T> get(AttributeKey<T> key) {
    return Optional.ofNullable(key.type().cast(values.get(key)));
  }

  /** A copy with {@code key} set to {@code value}. */
  public <T> Attributes with(AttributeKey<T> key, T value) {
    Map<AttributeKey<?>, Object> copy = new HashMap<>(values);
    copy.put(key, key.type().cast(value));
    return new Attributes(Map.copyOf(copy));
  }

  /** A copy with every value of {@code other} added, {@code other} winning on conflicts. */
  public Attributes merge(Attributes other) {
    if (other.values.isEmpty()) {
      return this;
    }
    Map<AttributeKey<?>, Object> copy = new HashMap<>(values);
    copy.putAll(other.values);
    return new Attributes(Map.copyOf(copy));
  }

  @Override
  public String toString() {
    return "Attributes" + values.keySet().stream().map(AttributeKey::name).toList();
  }
}
