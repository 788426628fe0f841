package io.bulwark.gateway.hygiene;

/**
 * A request the gateway refuses before routing because it is malformed, ambiguous or too large.
 * Carries the HTTP status to answer and a short reason that is safe to show the client.
 */
public final class RejectedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;

  /**
   * @param status 4xx status to answer
   * @param slug problem type slug, such as {@code bad-request-target}
   * @param reason human-readable reason, without any request data that could be a secret
   */
  public RejectedRequestException(int status, String slug, String reason) {
    super(reason, null, false, false);
    this.status = status;
    this.slug = slug;
  }

  /** The status to answer. */
  public int status() {
    return status;
  }

  /** The problem type slug. */
  public String slug() {
    return slug;
  }
}
