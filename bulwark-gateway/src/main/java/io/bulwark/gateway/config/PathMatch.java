package io.bulwark.gateway.config;

import java.util.Objects;

/**
 * How a route matches the normalized request path.
 *
 * @param kind exact, prefix (whole segments: {@code /api} matches {@code /api} and {@code /api/x}
 *     but not {@code /apix}) or template ({@code /orders/{id}}: each {@code {name}} matches one
 *     non-empty segment and becomes a path parameter)
 * @param value the path, starting with {@code /}
 */
public record PathMatch(Kind kind, String value) {

  /** The kinds of path match. */
  public enum Kind {
    /** The path equals the value. */
    EXACT,
    /** The path is the value or continues it with a new segment. */
    PREFIX,
    /** The path matches the template segment by segment. */
    TEMPLATE
  }

  /** Checks the value starts with {@code /}. */
  public PathMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (!value.startsWith("/")) {
      throw new IllegalArgumentException("route path must start with '/': " + value);
    }
  }

  /** Exact match. */
  public static PathMatch exact(String path) {
    return new PathMatch(Kind.EXACT, path);
  }

  /** Segment-wise prefix match. */
  public static PathMatch prefix(String path) {
    return new PathMatch(Kind.PREFIX, path);
  }

  /** Template match with named parameters. */
  public static PathMatch template(String path) {
    return new PathMatch(Kind.TEMPLATE, path);
  }
}
