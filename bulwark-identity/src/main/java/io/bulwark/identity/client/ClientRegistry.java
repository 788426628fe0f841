package io.bulwark.identity.client;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.identity.store.ClientStore;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.identity.store.TlsClientSettings;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registers clients after checking what they ask for. A secret client's secret is generated here
 * and returned once; only its hash is stored. Thread-safe.
 */
public final class ClientRegistry {
  /** Grant types a client may be registered for. */
  public static final Set<String> GRANT_TYPES =
      Set.of(
          "authorization_code",
          "client_credentials",
          "refresh_token",
          "urn:ietf:params:oauth:grant-type:token-exchange");

  /** Shortest preset secret accepted: 22 base64url characters carry 128 bits. */
  public static final int MIN_PRESET_SECRET_LENGTH = 22;

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*"
              + "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");

  private final ClientStore store;
  private final Clock clock;

  public ClientRegistry(ClientStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * What to register.
   *
   * @param clientId the id, 1-128 of letters, digits, '.', '_', '-'
   * @param method how it authenticates
   * @param jwks its public JWK set for private_key_jwt, else null
   * @param redirectUris exact redirect URIs (https, or http on a loopback address)
   * @param grantTypes grant types from {@link #GRANT_TYPES}
   * @param scopes scopes it may request
   * @param audiences audiences its tokens may carry
   * @param resource the audience of the API the client serves, or null
   * @param firstParty whether consent is skipped
   * @param description free text
   * @param tls the RFC 8705 settings: the certificate subject of a {@code tls_client_auth} client,
   *     and whether tokens are bound to the client's certificate
   */
  public record Registration(
      String clientId,
      AuthMethod method,
      String jwks,
      List<String> redirectUris,
      Set<String> grantTypes,
      Set<String> scopes,
      List<String> audiences,
      String resource,
      boolean firstParty,
      String description,
      TlsClientSettings tls) {
    /** Normalizes a null {@code tls} to {@link TlsClientSettings#NONE}. */
    public Registration {
      tls = tls == null ? TlsClientSettings.NONE : tls;
    }

    /** A registration without RFC 8705 settings. */
    public Registration(
        String clientId,
        AuthMethod method,
        String jwks,
        List<String> redirectUris,
        Set<String> grantTypes,
        Set<String> scopes,
        List<String> audiences,
        String resource,
        boolean firstParty,
        String description) {
      this(
          clientId,
          method,
          jwks,
          redirectUris,
          grantTypes,
          scopes,
          audiences,
          resource,
          firstParty,
          description,
          TlsClientSettings.NONE);
    }
  }

  /**
   * The registered client and, for a secret client, its secret (shown this once).
   *
   * @param client the stored client
   * @param secret the plain secret, empty unless the method is {@link AuthMethod#CLIENT_SECRET}
   */
  public record Registered(RegisteredClient client, Optional<String> secret) {
    @Override
    public String toString() {
      return "Registered[" + client + "]";
    }
  }

  /**
   * Validates and stores {@code registration}.
   *
   * @throws IllegalArgumentException naming what is wrong
   * @throws io.bulwark.identity.store.StoreException (conflict) if the id is taken
   */
  public Registered register(Registration r) {
    return register(r, ClientSecrets.generate());
  }

  /**
   * Registers a secret client with a secret chosen elsewhere (for seeding demo data whose secrets
   * already exist, such as {@code demo-credentials.json}). The secret must have at least {@value
   * #MIN_PRESET_SECRET_LENGTH} characters; only its hash is stored.
   *
   * @throws IllegalArgumentException if the client is not a secret client or the secret is short
   */
  public Registered registerWithSecret(Registration r, String secret) {
    if (r.method() != AuthMethod.CLIENT_SECRET) {
      throw new IllegalArgumentException("only client_secret clients have a secret");
    }
    if (secret == null || secret.length() < MIN_PRESET_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "a client secret needs at least " + MIN_PRESET_SECRET_LENGTH + " characters");
    }
    return register(r, secret);
  }

  private Registered register(Registration r, String generatedOrPreset) {
    if (r.clientId() == null || !CLIENT_ID.matcher(r.clientId()).matches()) {
      throw new IllegalArgumentException("client id must be 1-128 letters, digits, '.', '_', '-'");
    }
    for (String grant : r.grantTypes()) {
      if (!GRANT_TYPES.contains(grant)) {
        throw new IllegalArgumentException("unknown grant type " + grant);
      }
    }
    if (r.method() == AuthMethod.NONE
        && (r.grantTypes().contains("client_credentials")
            || r.grantTypes().contains("urn:ietf:params:oauth:grant-type:token-exchange"))) {
      throw new IllegalArgumentException(
          "a public client cannot use client_credentials or token exchange");
    }
    r.redirectUris().forEach(ClientRegistry::checkRedirectUri);
    if (r.grantTypes().contains("authorization_code") && r.redirectUris().isEmpty()) {
      throw new IllegalArgumentException("authorization_code needs at least one redirect URI");
    }
    for (String scope : r.scopes()) {
      if (!SCOPE.matcher(scope).matches()) {
        throw new IllegalArgumentException("invalid scope token");
      }
    }
    if (r.audiences().isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one audience");
    }
    if (r.method() == AuthMethod.PRIVATE_KEY_JWT) {
      checkJwks(r.jwks());
    }
    checkTls(r.method(), r.tls());
    Optional<String> secret =
        r.method() == AuthMethod.CLIENT_SECRET ? Optional.of(generatedOrPreset) : Optional.empty();
    RegisteredClient client =
        new RegisteredClient(
            r.clientId(),
            secret.map(ClientSecrets::hash).orElse(null),
            r.method(),
            r.method() == AuthMethod.PRIVATE_KEY_JWT ? r.jwks() : null,
            r.redirectUris(),
            r.grantTypes(),
            r.scopes(),
            r.audiences(),
            r.resource(),
            r.firstParty(),
            r.description(),
            false,
            clock.instant(),
            r.tls());
    store.create(client);
    return new Registered(client, secret);
  }

  /** The registered client with this id. */
  public Optional<RegisteredClient> find(String clientId) {
    return store.find(clientId);
  }

  /** Gives a secret client a new secret (shown once); the old one stops working at once. */
  public Optional<String> rotateSecret(String clientId) {
    String secret = ClientSecrets.generate();
    return store.setSecretHash(clientId, ClientSecrets.hash(secret))
        ? Optional.of(secret)
        : Optional.empty();
  }

  static void checkRedirectUri(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("redirect URI is not a URI");
    }
    if (!uri.isAbsolute() || uri.getFragment() != null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "redirect URI must be absolute, with a host and no fragment");
    }
    boolean loopback = Set.of("127.0.0.1", "[::1]", "localhost").contains(uri.getHost());
    if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
      throw new IllegalArgumentException("redirect URI must be https (http only on loopback)");
    }
  }

  private static void checkTls(AuthMethod method, TlsClientSettings tls) {
    if (method != AuthMethod.TLS_CLIENT_AUTH) {
      if (tls.subjectFieldCount() > 0) {
        throw new IllegalArgumentException(
            "tls_client_auth_subject_dn, tls_client_auth_san_dns and tls_client_auth_san_uri"
                + " need authMethod tls_client_auth");
      }
      return;
    }
    if (tls.subjectFieldCount() != 1) {
      throw new IllegalArgumentException(
          "tls_client_auth needs exactly one of tls_client_auth_subject_dn,"
              + " tls_client_auth_san_dns, tls_client_auth_san_uri");
    }
    if (tls.subjectDn() != null) {
      CertificateSubjects.parseDn(tls.subjectDn());
    }
    if (tls.sanDns() != null && !DNS_NAME.matcher(tls.sanDns()).matches()) {
      throw new IllegalArgumentException("tls_client_auth_san_dns is not a DNS name");
    }
    if (tls.sanUri() != null) {
      try {
        URI uri = new URI(tls.sanUri());
        if (!uri.isAbsolute() || tls.sanUri().length() > 2048) {
          throw new IllegalArgumentException("tls_client_auth_san_uri must be an absolute URI");
        }
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("tls_client_auth_san_uri is not a URI");
      }
    }
  }

  private static void checkJwks(String jwks) {
    if (jwks == null) {
      throw new IllegalArgumentException("private_key_jwt needs a JWK set");
    }
    try {
      JWKSet set = JWKSet.parse(jwks);
      if (set.getKeys().isEmpty() || set.getKeys().stream().anyMatch(k -> k.isPrivate())) {
        throw new IllegalArgumentException("the JWK set must hold public keys only");
      }
    } catch (ParseException e) {
      throw new IllegalArgumentException("the JWK set is not valid");
    }
  }
}
