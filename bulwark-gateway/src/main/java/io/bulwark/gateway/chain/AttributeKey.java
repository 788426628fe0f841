package io.bulwark.gateway.chain;

import java.util.Objects;

/**
 * A typed key for a value one stage leaves for later ones, such as the authenticated principal.
 * Keys compare by name and type.
 *
 * @param name unique name, such as {@code principal}
 * @param type the value's type
 * @param <T> the value's type
 */
public record AttributeKey<T>(String name, Class<T> type) {
  /** Checks both parts. */
  public AttributeKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
