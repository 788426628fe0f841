package io.bulwark.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What is acted on. Conditions see it as {@code R} (or {@code resource}) with fields {@code kind},
 * {@code id} and {@code attr}.
 *
 * @param kind selects the resource policy, e.g. {@code order}
 * @param id the instance, e.g. an order number; may be empty for collection-level actions
 * @param attr attributes such as {@code owner}; normalized by {@link
 *     AttributeValues#normalize(Map)}
 */
public record Resource(String kind, String id, Map<String, Object> attr) {

  /** Validates and copies the components. */
  public Resource {
    Objects.requireNonNull(kind, "kind");
    if (kind.isBlank()) {
      throw new IllegalArgumentException("resource kind must not be blank");
    }
    Objects.requireNonNull(id, "id");
    attr = AttributeValues.normalize(attr);
  }

  /** A resource without attributes. */
  public static Resource of(String kind, String id) {
    return new Resource(kind, id, Map.of());
  }
}
