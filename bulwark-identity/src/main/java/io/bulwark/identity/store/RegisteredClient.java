package io.bulwark.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An OAuth client as registered: how it authenticates, where it may be redirected, which grants,
 * scopes and audiences it may use, and whether it is first-party (skips consent).
 *
 * @param clientId the {@code client_id}
 * @param secretHash SHA-256 hex of the secret for {@link AuthMethod#CLIENT_SECRET}, else null
 * @param authMethod how the client authenticates at the token endpoint
 * @param jwks the client's public JWK set (JSON) for {@link AuthMethod#PRIVATE_KEY_JWT}, else null
 * @param redirectUris exact redirect URIs allowed (code flow)
 * @param grantTypes grant types allowed ({@code authorization_code}, {@code client_credentials},
 *     {@code refresh_token}, {@code urn:ietf:params:oauth:grant-type:token-exchange})
 * @param scopes scopes the client may ask for
 * @param audiences audiences its tokens may carry; the first is the default
 * @param resource the audience of the API this client itself serves (e.g. {@code orders} for the
 *     orders service), which lets it exchange user tokens sent to it (RFC 8693); null if none
 * @param firstParty whether users are not asked for consent
 * @param description free text for operators
 * @param disabled whether the client is refused
 * @param createdAt when it was registered
 * @param tls its RFC 8705 settings (certificate subject, certificate-bound tokens)
 */
public record RegisteredClient(
    String clientId,
    String secretHash,
    AuthMethod authMethod,
    String jwks,
    List<String> redirectUris,
    Set<String> grantTypes,
    Set<String> scopes,
    List<String> audiences,
    String resource,
    boolean firstParty,
    String description,
    boolean disabled,
    Instant createdAt,
    TlsClientSettings tls) {

  /** How a client proves who it is at the token, introspection and revocation endpoints. */
  public enum AuthMethod {
    /** {@code client_secret_basic} or {@code client_secret_post}. */
    CLIENT_SECRET,
    /** {@code private_key_jwt} (RFC 7523) with keys from {@link #jwks()}. */
    PRIVATE_KEY_JWT,
    /** A public client (code flow with PKCE only). */
    NONE,
    /**
     * {@code tls_client_auth} (RFC 8705 §2.1): a TLS client certificate from the configured CA
     * whose subject matches {@link #tls()}.
     */
    TLS_CLIENT_AUTH
  }

  /** Copies collections and checks that the method's credentials are present. */
  public RegisteredClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(authMethod, "authMethod");
    redirectUris = List.copyOf(redirectUris);
    grantTypes = Set.copyOf(grantTypes);
    scopes = Set.copyOf(scopes);
    audiences = List.copyOf(audiences);
    Objects.requireNonNull(createdAt, "createdAt");
    if (authMethod == AuthMethod.CLIENT_SECRET && secretHash == null) {
      throw new IllegalArgumentException("a client_secret client needs a secret hash");
    }
    if (authMethod == AuthMethod.PRIVATE_KEY_JWT && jwks == null) {
      throw new IllegalArgumentException("a private_key_jwt client needs a JWK set");
    }
    tls = tls == null ? TlsClientSettings.NONE : tls;
    if (authMethod == AuthMethod.TLS_CLIENT_AUTH && tls.subjectFieldCount() != 1) {
      throw new IllegalArgumentException("a tls_client_auth client needs one certificate subject");
    }
  }

  /** Describes the client without its secret hash or keys. */
  @Override
  public String toString() {
    return "RegisteredClient[" + clientId + ", " + authMethod + ", grants=" + grantTypes + "]";
  }
}
