package io.bulwark.identity.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.TLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.auth.verifier.JWTAudienceCheck;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.bulwark.identity.store.ClientStore;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates OAuth clients: {@code client_secret_basic} and {@code client_secret_post} against
 * the stored SHA-256 of the secret (constant-time), and {@code private_key_jwt} (RFC 7523) with
 * Nimbus's {@link ClientAuthenticationVerifier} against the client's registered keys. An
 * assertion's {@code jti} is accepted once: spent ids are remembered until the assertion expires,
 * in a cache bounded to {@value #MAX_SPENT_ASSERTIONS} entries, and assertions may live at most
 * {@link #MAX_ASSERTION_LIFETIME}. {@code tls_client_auth} (RFC 8705 §2.1) accepts a TLS client
 * certificate that chained to the client CA (checked by the HTTP server) and whose subject matches
 * the registration. Thread-safe.
 */
public final class ClientAuthenticator {
  /** Most spent assertion ids remembered at once. */
  public static final int MAX_SPENT_ASSERTIONS = 100_000;

  /** Longest lifetime ({@code exp} minus now) of a client assertion accepted. */
  public static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

  private final ClientStore clients;
  private final Clock clock;
  private final ClientAuthenticationVerifier<RegisteredClient> jwtVerifier;
  private final Cache<String, Instant> spentAssertions;

  /**
   * @param audiences what a client assertion's {@code aud} may name: the issuer and the endpoint
   *     URLs
   */
  public ClientAuthenticator(ClientStore clients, Set<Audience> audiences, Clock clock) {
    this.clients = clients;
    this.clock = clock;
    this.jwtVerifier =
        new ClientAuthenticationVerifier<>(new KeySelector(), audiences, JWTAudienceCheck.LEGACY);
    this.spentAssertions =
        Caffeine.newBuilder()
            .maximumSize(MAX_SPENT_ASSERTIONS)
            .expireAfter(
                Expiry.<String, Instant>creating(
                    (jti, exp) -> Duration.between(Instant.now(clock), exp).plusSeconds(60)))
            .build();
  }

  /**
   * The client that {@code authentication} proves, which is registered, enabled and uses that
   * method.
   *
   * @throws ClientAuthenticationException with a reason for the audit log (never for the client)
   */
  public RegisteredClient authenticate(ClientAuthentication authentication)
      throws ClientAuthenticationException {
    RegisteredClient client = lookup(authentication.getClientID());
    if (authentication instanceof ClientSecretBasic basic) {
      return checkSecret(client, basic.getClientSecret());
    }
    if (authentication instanceof ClientSecretPost post) {
      return checkSecret(client, post.getClientSecret());
    }
    if (authentication instanceof PrivateKeyJWT jwt) {
      return checkAssertion(client, jwt);
    }
    if (authentication instanceof TLSClientAuthentication tls) {
      return checkCertificate(client, tls.getClientX509Certificate());
    }
    throw new ClientAuthenticationException(
        client.clientId(), "unsupported method " + authentication.getMethod());
  }

  /**
   * The public client named by {@code clientId} (one registered without credentials).
   *
   * @throws ClientAuthenticationException if it is unknown, disabled or confidential
   */
  public RegisteredClient identifyPublic(ClientID clientId) throws ClientAuthenticationException {
    RegisteredClient client = lookup(clientId);
    if (client.authMethod() != AuthMethod.NONE) {
      throw new ClientAuthenticationException(
          client.clientId(), "confidential client sent no credentials");
    }
    return client;
  }

  private RegisteredClient lookup(ClientID clientId) throws ClientAuthenticationException {
    String id = clientId == null ? null : clientId.getValue();
    if (id == null || id.isEmpty() || id.length() > 128) {
      throw new ClientAuthenticationException(null, "no or malformed client_id");
    }
    Optional<RegisteredClient> client = clients.find(id);
    if (client.isEmpty()) {
      throw new ClientAuthenticationException(id, "unknown client");
    }
    if (client.get().disabled()) {
      throw new ClientAuthenticationException(id, "client disabled");
    }
    return client.get();
  }

  private static RegisteredClient checkSecret(RegisteredClient client, Secret secret)
      throws ClientAuthenticationException {
    if (client.authMethod() != AuthMethod.CLIENT_SECRET) {
      throw new ClientAuthenticationException(client.clientId(), "client does not use a secret");
    }
    if (!ClientSecrets.matches(secret.getValue(), client.secretHash())) {
      throw new ClientAuthenticationException(client.clientId(), "wrong secret");
    }
    return client;
  }

  private static RegisteredClient checkCertificate(
      RegisteredClient client, X509Certificate certificate) throws ClientAuthenticationException {
    if (client.authMethod() == AuthMethod.NONE) {
      return client; // a public client that happens to hold a certificate (for bound tokens)
    }
    if (client.authMethod() != AuthMethod.TLS_CLIENT_AUTH) {
      throw new ClientAuthenticationException(
          client.clientId(), "client does not use tls_client_auth");
    }
    if (certificate == null || !CertificateSubjects.matches(client.tls(), certificate)) {
      throw new ClientAuthenticationException(
          client.clientId(), "client certificate subject does not match");
    }
    return client;
  }

  private RegisteredClient checkAssertion(RegisteredClient client, PrivateKeyJWT jwt)
      throws ClientAuthenticationException {
    if (client.authMethod() != AuthMethod.PRIVATE_KEY_JWT) {
      throw new ClientAuthenticationException(
          client.clientId(), "client does not use private_key_jwt");
    }
    Context<RegisteredClient> context = new Context<>();
    context.set(client);
    try {
      jwtVerifier.verify(jwt, null, context);
      var claims = jwt.getJWTAuthenticationClaimsSet();
      Instant exp = claims.getExpirationTime().toInstant();
      if (exp.isAfter(clock.instant().plus(MAX_ASSERTION_LIFETIME))) {
        throw new ClientAuthenticationException(client.clientId(), "assertion lives too long");
      }
      if (claims.getJWTID() == null) {
        throw new ClientAuthenticationException(client.clientId(), "assertion has no jti");
      }
      String key = client.clientId() + " " + claims.getJWTID().getValue();
      if (spentAssertions.asMap().putIfAbsent(key, exp) != null) {
        throw new ClientAuthenticationException(client.clientId(), "assertion replayed");
      }
      return client;
    } catch (InvalidClientException e) {
      throw new ClientAuthenticationException(
          client.clientId(), "assertion rejected: " + e.getMessage());
    } catch (JOSEException e) {
      throw new ClientAuthenticationException(client.clientId(), "assertion not verifiable");
    }
  }

  /** Selects the registered public signing keys of the client being verified. */
  private static final class KeySelector implements ClientCredentialsSelector<RegisteredClient> {
    @Override
    public List<Secret> selectClientSecrets(
        ClientID clientId, ClientAuthenticationMethod method, Context<RegisteredClient> context) {
      return List.of();
    }

    @Override
    public List<? extends PublicKey> selectPublicKeys(
        ClientID clientId,
        ClientAuthenticationMethod method,
        JWSHeader header,
        boolean forceRefresh,
        Context<RegisteredClient> context)
        throws InvalidClientException {
      RegisteredClient client = context.get();
      if (client == null
          || !client.clientId().equals(clientId.getValue())
          || client.jwks() == null) {
        throw InvalidClientException.BAD_ID;
      }
      JWKSet set;
      try {
        set = JWKSet.parse(client.jwks());
      } catch (ParseException e) {
        throw new InvalidClientException("registered JWK set is malformed");
      }
      JWKMatcher matcher =
          new JWKMatcher.Builder()
              .keyID(header.getKeyID())
              .keyUses(KeyUse.SIGNATURE, null)
              .algorithms(header.getAlgorithm(), null)
              .publicOnly(true)
              .build();
      List<PublicKey> keys = new ArrayList<>();
      for (JWK jwk : new JWKSelector(matcher).select(set)) {
        if (jwk instanceof AsymmetricJWK asymmetric) {
          try {
            keys.add(asymmetric.toPublicKey());
          } catch (JOSEException e) {
            // Skip a key that cannot be used.
          }
        }
      }
      return keys;
    }
  }
}
