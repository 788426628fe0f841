package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import io.bulwark.core.http.ClientCertificates;
import io.bulwark.identity.client.CertificateSubjects;
import io.bulwark.identity.store.RefreshFamily;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Certificate-bound access tokens (RFC 8705 §3): which client certificate a token request binds its
 * tokens to, and the {@code cnf} claim that says so. A {@code tls_client_auth} client's tokens are
 * always bound to the certificate it authenticated with; any other client registered with {@code
 * tls_client_certificate_bound_access_tokens} must present a certificate (it need not chain to the
 * client CA: the TLS handshake proved the client holds its key).
 */
final class CertificateBinding {
  /** The JWT confirmation claim (RFC 7800). */
  static final String CNF = "cnf";

  /** Its member holding the certificate thumbprint (RFC 8705 §3.1). */
  static final String X5T_S256 = "x5t#S256";

  private CertificateBinding() {}

  /**
   * The {@code x5t#S256} the tokens of this request are bound to, or null if unbound.
   *
   * @throws OAuthException {@code invalid_request} if the client's tokens must be bound but it
   *     presented no certificate
   */
  static String thumbprint(RegisteredClient client, Context ctx) {
    Optional<X509Certificate> certificate =
        client.authMethod() == AuthMethod.TLS_CLIENT_AUTH
            ? ClientCertificates.verified(ctx)
            : client.tls().boundAccessTokens()
                ? ClientCertificates.presented(ctx)
                : Optional.empty();
    boolean required =
        client.authMethod() == AuthMethod.TLS_CLIENT_AUTH || client.tls().boundAccessTokens();
    if (required && certificate.isEmpty()) {
      throw OAuthException.of(
          OAuth2Error.INVALID_REQUEST,
          "this client's tokens are bound to its certificate: present it in the TLS handshake");
    }
    return certificate.map(CertificateSubjects::thumbprint).orElse(null);
  }

  /**
   * Refuses ({@code invalid_grant}) to go on with a session bound to a certificate (RFC 8705 §3)
   * when this request's is another one. The request's thumbprint is worked out only for a bound
   * session.
   */
  static void requireSameCertificate(RefreshFamily family, Supplier<String> thumbprint) {
    String bound = family.certificateThumbprint();
    if (bound != null && !bound.equals(thumbprint.get())) {
      throw AuthorizationCodeGrantHandler.invalidGrant(
          "the session is bound to another client certificate");
    }
  }

  /** {@code claims} plus {@code cnf: {"x5t#S256": thumbprint}} when the thumbprint is not null. */
  static Map<String, Object> withConfirmation(Map<String, Object> claims, String thumbprint) {
    if (thumbprint == null) {
      return claims;
    }
    Map<String, Object> bound = new LinkedHashMap<>(claims);
    bound.put(CNF, Map.of(X5T_S256, thumbprint));
    return bound;
  }
}
