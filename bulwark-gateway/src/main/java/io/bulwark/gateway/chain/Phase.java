package io.bulwark.gateway.chain;

/**
 * The fixed order of the security chain after hygiene and routing. Stages of an earlier phase
 * always run before those of a later one, whatever order they were registered in.
 */
public enum Phase {
  /** Who is calling: bearer tokens, API keys, client certificates. */
  AUTHENTICATION,
  /** Whether the presented credential was revoked. */
  REVOCATION,
  /** Whether the principal may perform the route's action on its resource (policy engine). */
  AUTHORIZATION,
  /** Whether the caller is within its rate limits. */
  RATE_LIMIT,
  /** Whether the request body and content type are acceptable. */
  VALIDATION
}
