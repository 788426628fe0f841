package io.bulwark.gateway.chain;

import io.bulwark.core.problem.Problem;
import java.util.Map;

/** What a stage decided: let the request continue, or reject it with a problem response. */
public sealed interface StageResult {

  /** Continue with nothing added. */
  static StageResult proceed() {
    return Continue.NOTHING;
  }

  /** Continue, leaving attributes for later stages. */
  static StageResult proceed(Attributes attributes) {
    return new Continue(attributes, Map.of(), Map.of());
  }

  /** Reject with {@code problem}. */
  static StageResult reject(Problem problem) {
    return new Reject(problem, Map.of());
  }

  /**
   * The request goes on.
   *
   * @param attributes values for later stages
   * @param upstreamHeaders headers to set on the forwarded request (such as a verified identity);
   *     they replace any same-named header, and an empty value removes it
   * @param responseHeaders headers to add to the response the client gets (such as {@code
   *     RateLimit})
   */
  record Continue(
      Attributes attributes,
      Map<String, String> upstreamHeaders,
      Map<String, String> responseHeaders)
      implements StageResult {
    static final Continue NOTHING = new Continue(Attributes.EMPTY, Map.of(), Map.of());

    /** Copies the maps. */
    public Continue {
      upstreamHeaders = Map.copyOf(upstreamHeaders);
      responseHeaders = Map.copyOf(responseHeaders);
    }
  }

  /**
   * The request stops here and the client gets {@code problem}.
   *
   * @param problem the RFC 9457 body and status
   * @param headers headers to add, such as {@code WWW-Authenticate} or {@code Retry-After}
   */
  record Reject(Problem problem, Map<String, String> headers) implements StageResult {
    /** Copies the headers. */
    public Reject {
      java.util.Objects.requireNonNull(problem, "problem");
      headers = Map.copyOf(headers);
    }
  }
}
