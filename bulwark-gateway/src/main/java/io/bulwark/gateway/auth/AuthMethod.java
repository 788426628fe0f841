package io.bulwark.gateway.auth;

/** How a caller proved who it is. */
public enum AuthMethod {
  /** A JWT bearer access token from a configured issuer. */
  JWT,
  /** A JWT bound to the presented client certificate (RFC 8705 {@code cnf.x5t#S256}). */
  CERTIFICATE_BOUND_JWT,
  /** A Bulwark API key ({@code bwk_<id>_<secret>}). */
  API_KEY,
  /** A verified TLS client certificate carrying a SPIFFE ID. */
  MTLS
}
