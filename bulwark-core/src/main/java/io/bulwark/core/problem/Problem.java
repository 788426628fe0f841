package io.bulwark.core.problem;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem details object, the error body of every Bulwark HTTP API that no standard
 * gives another format. Immutable; {@code extensions} holds extra members such as {@code errors}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>
 */
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    URI instance,
    Map<String, Object> extensions) {

  /** Media type of a serialized problem. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Base of Bulwark's own problem type URIs; each type is documented in docs/problems.md. */
  public static final String TYPE_BASE = "https://bulwark.io/problems/";

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("problem status must be 4xx or 5xx, was " + status);
    }
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  /** A problem whose type is {@code TYPE_BASE + slug}, e.g. {@code of(404, "not-found", ...)}. */
  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, null, Map.of());
  }

  /** This problem with one more extension member. */
  public Problem with(String member, Object value) {
    var copy = new java.util.LinkedHashMap<>(extensions);
    copy.put(member, value);
    return new Problem(type, title, status, detail, instance, copy);
  }

  /** This problem with {@code instance} set (usually the request path). */
  public Problem withInstance(URI newInstance) {
    return new Problem(type, title, status, detail, newInstance, extensions);
  }
}
