package io.bulwark.gateway.security;

import io.bulwark.core.problem.Problem;
import io.bulwark.gateway.auth.AuthFailure;
import io.bulwark.gateway.chain.StageResult;
import java.util.Locale;
import java.util.Map;

/** The problem responses of authentication and revocation failures. */
final class Denials {
  private Denials() {}

  /**
   * A rejection for {@code failure}: its status, a problem whose type names the reason (so the
   * audit event says why), and for a 401 the RFC 6750 {@code WWW-Authenticate} challenge.
   */
  static StageResult.Reject of(AuthFailure failure, String realm) {
    int status = failure.status();
    String slug = failure.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
    String title =
        switch (status) {
          case 401 -> "Unauthorized";
          case 503 -> "Service Unavailable";
          default -> "Internal Server Error";
        };
    Problem problem = Problem.of(status, slug, title, failure.reason().description());
    return new StageResult.Reject(
        problem,
        status == 401 ? Map.of("WWW-Authenticate", failure.wwwAuthenticate(realm)) : Map.of());
  }
}
