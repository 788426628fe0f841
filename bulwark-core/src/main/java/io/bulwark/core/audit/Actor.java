package io.bulwark.core.audit;

/**
 * Who performed an audited action. Every part is optional, since an anonymous caller may be known
 * only by address and a workload only by its SPIFFE id.
 *
 * @param principal the authenticated user or subject ({@code sub}), or {@code null}
 * @param clientId the OAuth client acting, or {@code null}
 * @param sourceIp the network address the request came from, or {@code null}
 * @param spiffeId the workload identity ({@code spiffe://...}) from mTLS, or {@code null}
 */
public record Actor(String principal, String clientId, String sourceIp, String spiffeId) {

  /** An actor about whom nothing is known. */
  public static final Actor NONE = new Actor(null, null, null, null);

  /** Canonicalizes: values are bounded to {@value AuditEvent#MAX_VALUE_LENGTH} characters. */
  public Actor {
    principal = AuditEvent.truncate(principal);
    clientId = AuditEvent.truncate(clientId);
    sourceIp = AuditEvent.truncate(sourceIp);
    spiffeId = AuditEvent.truncate(spiffeId);
  }

  /** An actor known by principal only. */
  public static Actor principal(String principal) {
    return new Actor(principal, null, null, null);
  }

  /** Whether no part is known. */
  public boolean isEmpty() {
    return principal == null && clientId == null && sourceIp == null && spiffeId == null;
  }

  /** A copy with the given principal. */
  public Actor withPrincipal(String value) {
    return new Actor(value, clientId, sourceIp, spiffeId);
  }

  /** A copy with the given client id. */
  public Actor withClientId(String value) {
    return new Actor(principal, value, sourceIp, spiffeId);
  }

  /** A copy with the given source address. */
  public Actor withSourceIp(String value) {
    return new Actor(principal, clientId, value, spiffeId);
  }

  /** A copy with the given SPIFFE id. */
  public Actor withSpiffeId(String value) {
    return new Actor(principal, clientId, sourceIp, value);
  }
}
