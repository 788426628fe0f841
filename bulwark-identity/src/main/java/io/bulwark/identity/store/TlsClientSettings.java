package io.bulwark.identity.store;

/**
 * A client's RFC 8705 settings: which certificate subject proves it under {@code tls_client_auth}
 * (exactly one of the three is set for such a client) and whether its tokens are bound to the
 * certificate it presents ({@code tls_client_certificate_bound_access_tokens}).
 *
 * @param subjectDn {@code tls_client_auth_subject_dn}: the expected subject distinguished name (RFC
 *     4514), compared as a DN, or null
 * @param sanDns {@code tls_client_auth_san_dns}: an expected DNS subject alternative name, or null
 * @param sanUri {@code tls_client_auth_san_uri}: an expected URI subject alternative name (such as
 *     a SPIFFE id), or null
 * @param boundAccessTokens whether access tokens carry {@code cnf.x5t#S256} of the certificate
 */
public record TlsClientSettings(
    String subjectDn, String sanDns, String sanUri, boolean boundAccessTokens) {
  /** No certificate subject, tokens not bound. */
  public static final TlsClientSettings NONE = new TlsClientSettings(null, null, null, false);

  /** How many of the subject fields are set. */
  public int subjectFieldCount() {
    return (subjectDn == null ? 0 : 1) + (sanDns == null ? 0 : 1) + (sanUri == null ? 0 : 1);
  }
}
