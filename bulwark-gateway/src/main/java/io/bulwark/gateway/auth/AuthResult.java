package io.bulwark.gateway.auth;

import java.util.Objects;

/** The outcome of authenticating a request: a principal or a failure. */
public sealed interface AuthResult {

  /** Whether the caller was authenticated. */
  default boolean authenticated() {
    return this instanceof Authenticated;
  }

  /** The caller is {@code principal}. */
  record Authenticated(AuthenticatedPrincipal principal) implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /** The caller is not authenticated, for {@code failure}. */
  record Rejected(AuthFailure failure) implements AuthResult {
    public Rejected {
      Objects.requireNonNull(failure, "failure");
    }
  }

  /** Shorthand for a rejection. */
  static AuthResult rejected(AuthFailure.Reason reason) {
    return new Rejected(AuthFailure.of(reason));
  }
}
