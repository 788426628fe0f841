package io.bulwark.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.gateway.auth.AuthFailure.Reason;
import io.bulwark.testkit.FakeClock;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JwtAuthenticatorTest {
  private final FakeClock clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private JwksServer issuer;
  private TokenMinter minter;

  @BeforeEach
  void startIssuer() {
    issuer = JwksServer.oidc();
    minter = new TokenMinter(issuer.issuer(), TokenMinter.newKey("k1"));
    issuer.publish(minter.key());
  }

  @AfterEach
  void stopIssuer() {
    issuer.close();
  }

  private JwtAuthenticator authenticator(IssuerSettings... settings) {
    return new JwtAuthenticator(List.of(settings), http, clock, 1000);
  }

  private JwtAuthenticator authenticator() {
    return authenticator(IssuerSettings.builder(issuer.issuer()).audience("bakery").build());
  }

  private static AuthResult run(JwtAuthenticator auth, String token) {
    return run(auth, token, null);
  }

  private static AuthResult run(JwtAuthenticator auth, String token, X509Certificate cert) {
    return auth.authenticate(token, cert)
        .toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  private static void assertRejected(AuthResult result, Reason reason) {
    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    assertThat(((AuthResult.Rejected) result).failure().reason()).isEqualTo(reason);
  }

  private static AuthenticatedPrincipal principal(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    return ((AuthResult.Authenticated) result).principal();
  }

  @Test
  void acceptsValidTokenFoundThroughOidcDiscoveryAndBuildsThePrincipal() {
    AuthenticatedPrincipal p = principal(run(authenticator(), minter.mint(clock.instant())));

    assertThat(p.method()).isEqualTo(AuthMethod.JWT);
    assertThat(p.issuer()).isEqualTo(issuer.issuer());
    assertThat(p.subject()).isEqualTo("alice");
    assertThat(p.clientId()).isEqualTo("shop-web");
    assertThat(p.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(p.roles()).containsExactly("customer");
    assertThat(p.sessionId()).isEqualTo("session-1");
    assertThat(p.tokenId()).isNotBlank();
    assertThat(p.issuedAt()).isEqualTo(clock.instant());
    assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(p.claims()).containsEntry("sub", "alice");
  }

  @Test
  void findsKeysThroughRfc8414DiscoveryWhenOidcIsAbsent() {
    try (JwksServer oauth = JwksServer.rfc8414()) {
      TokenMinter other = new TokenMinter(oauth.issuer(), TokenMinter.newKey("o1"));
      oauth.publish(other.key());
      var auth = authenticator(IssuerSettings.builder(oauth.issuer()).audience("bakery").build());

      assertThat(run(auth, other.mint(clock.instant())).authenticated()).isTrue();
    }
  }

  @Test
  void usesAnExplicitJwksUriWithoutDiscovery() {
    var auth =
        authenticator(
            IssuerSettings.builder(issuer.issuer())
                .audience("bakery")
                .jwksUri(java.net.URI.create(issuer.issuer() + "/jwks"))
                .build());

    assertThat(run(auth, minter.mint(clock.instant())).authenticated()).isTrue();
  }

  @Test
  void rejectsTokenSignedWithNoneAlgorithm() {
    String unsigned = new PlainJWT(minter.claims(clock.instant()).build()).serialize();

    assertRejected(run(authenticator(), unsigned), Reason.NOT_SIGNED);
  }

  @Test
  void rejectsNoneAlgorithmWithASignatureAppended() {
    String unsigned = new PlainJWT(minter.claims(clock.instant()).build()).serialize();

    assertRejected(run(authenticator(), unsigned + "c2lnbmF0dXJl"), Reason.MALFORMED);
  }

  @Test
  void rejectsHs256SignedWithTheRsaPublicKeyBytes() throws Exception {
    byte[] publicKeyBytes = minter.key().toRSAPublicKey().getEncoded();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID("k1")
                .build(),
            minter.claims(clock.instant()).build());
    forged.sign(new MACSigner(publicKeyBytes));

    assertRejected(run(authenticator(), forged.serialize()), Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void ignoresKeysTheTokenBringsItself() {
    TokenMinter attacker = new TokenMinter(issuer.issuer(), TokenMinter.newKey("evil"));
    String withJwk =
        attacker.mint(
            minter.claims(clock.instant()).build(),
            h -> h.jwk(attacker.key().toPublicJWK()).keyID("k1"));
    String withJku =
        attacker.mint(
            minter.claims(clock.instant()).build(),
            h -> h.jwkURL(java.net.URI.create("http://127.0.0.1:1/evil")).keyID("k1"));

    assertRejected(run(authenticator(), withJwk), Reason.SIGNATURE_INVALID);
    assertRejected(run(authenticator(), withJku), Reason.SIGNATURE_INVALID);
  }

  @Test
  void rejectsAlgorithmsOutsideThePinnedSet() {
    String ps256 =
        minter.mint(
            minter.claims(clock.instant()).build(),
            h ->
                new JWSHeader.Builder(JWSAlgorithm.PS256)
                    .type(new JOSEObjectType("at+jwt"))
                    .keyID("k1"));

    assertRejected(run(authenticator(), ps256), Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void settingsRefuseNoneAndHmacAlgorithms() {
    var builder = IssuerSettings.builder(issuer.issuer()).audience("bakery");
    for (JWSAlgorithm alg :
        List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512, new JWSAlgorithm("none"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> builder.algorithms(java.util.Set.of(alg)).build())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void settingsBoundTheClockSkewAndRequireTlsForRemoteIssuers() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            IssuerSettings.builder(issuer.issuer())
                .audience("bakery")
                .clockSkew(Duration.ofMinutes(6))
                .build())
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> IssuerSettings.builder("http://id.example.com").audience("bakery").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsANonUrlIssuerWhoseKeysComeFromAnExplicitJwksUri() {
    TokenMinter local = new TokenMinter("urn:bulwark:local", TokenMinter.newKey("k1"));
    JwksServer keys = JwksServer.oidc();
    try (keys) {
      keys.publish(local.key());
      var auth =
          authenticator(
              IssuerSettings.builder("urn:bulwark:local")
                  .audience("bakery")
                  .jwksUri(java.net.URI.create(keys.issuer() + "/jwks"))
                  .build());

      assertThat(principal(run(auth, local.mint(clock.instant()))).issuer())
          .isEqualTo("urn:bulwark:local");
      assertRejected(run(auth, minter.mint(clock.instant())), Reason.UNKNOWN_ISSUER);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> IssuerSettings.builder("urn:bulwark:local").audience("bakery").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsUnknownKidAndRefreshesTheKeySetAtABoundedRate() {
    var auth = authenticator();
    assertThat(run(auth, minter.mint(clock.instant())).authenticated()).isTrue();
    int fetches = issuer.jwksFetches();
    TokenMinter stranger = new TokenMinter(issuer.issuer(), TokenMinter.newKey("unknown"));

    clock.advance(Duration.ofSeconds(11));
    assertRejected(run(auth, stranger.mint(clock.instant())), Reason.UNKNOWN_KEY);
    assertThat(issuer.jwksFetches()).isEqualTo(fetches + 1);
    for (int i = 0; i < 20; i++) {
      assertRejected(run(auth, stranger.mint(clock.instant())), Reason.UNKNOWN_KEY);
    }
    assertThat(issuer.jwksFetches()).isEqualTo(fetches + 1);

    clock.advance(Duration.ofSeconds(11));
    assertRejected(run(auth, stranger.mint(clock.instant())), Reason.UNKNOWN_KEY);
    assertThat(issuer.jwksFetches()).isEqualTo(fetches + 2);
  }

  @Test
  void picksUpARotatedKeyOnItsFirstUnknownKid() {
    var auth = authenticator();
    assertThat(run(auth, minter.mint(clock.instant())).authenticated()).isTrue();
    TokenMinter rotated = new TokenMinter(issuer.issuer(), TokenMinter.newKey("k2"));
    issuer.publish(rotated.key());
    clock.advance(Duration.ofSeconds(11));

    assertThat(run(auth, rotated.mint(clock.instant())).authenticated()).isTrue();
  }

  @Test
  void keepsVerifyingWithCachedKeysWhileTheIssuerIsDown() {
    var auth = authenticator();
    assertThat(run(auth, minter.mint(clock.instant())).authenticated()).isTrue();
    issuer.close();
    clock.advance(Duration.ofMinutes(30));

    assertThat(run(auth, minter.mint(clock.instant())).authenticated()).isTrue();
    assertThat(run(auth, minter.mint(clock.instant())).authenticated()).isTrue();
    TokenMinter stranger = new TokenMinter(issuer.issuer(), TokenMinter.newKey("unknown"));
    assertRejected(run(auth, stranger.mint(clock.instant())), Reason.UNKNOWN_KEY);
  }

  @Test
  void answersKeysUnavailableWhenTheIssuerWasNeverReachable() {
    var auth = authenticator();
    issuer.close();

    AuthResult result = run(auth, minter.mint(clock.instant()));

    assertRejected(result, Reason.KEYS_UNAVAILABLE);
    assertThat(((AuthResult.Rejected) result).failure().status()).isEqualTo(503);
  }

  @Test
  void rejectsExpiredToken() {
    Instant past = clock.instant().minus(Duration.ofMinutes(20));

    assertRejected(run(authenticator(), minter.mint(past)), Reason.EXPIRED);
  }

  @Test
  void acceptsTokenExpiredWithinTheClockSkewOnly() {
    Instant issued = clock.instant().minus(Duration.ofMinutes(10)).minusSeconds(10);
    assertThat(run(authenticator(), minter.mint(issued)).authenticated()).isTrue();

    Instant older = clock.instant().minus(Duration.ofMinutes(10)).minusSeconds(31);
    assertRejected(run(authenticator(), minter.mint(older)), Reason.EXPIRED);
  }

  @Test
  void rejectsTokenNotYetValid() {
    var claims =
        minter.claims(clock.instant()).notBeforeTime(Date.from(clock.instant().plusSeconds(120)));

    assertRejected(run(authenticator(), minter.mint(claims.build())), Reason.NOT_YET_VALID);
  }

  @Test
  void rejectsTokenIssuedInTheFuture() {
    Instant future = clock.instant().plusSeconds(300);
    var claims = minter.claims(future).notBeforeTime(null);

    assertRejected(run(authenticator(), minter.mint(claims.build())), Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void rejectsTokenForAnotherAudience() {
    var claims = minter.claims(clock.instant()).audience("payments");

    assertRejected(run(authenticator(), minter.mint(claims.build())), Reason.WRONG_AUDIENCE);
  }

  @Test
  void acceptsAnyOfSeveralConfiguredAudiences() {
    var auth =
        authenticator(
            IssuerSettings.builder(issuer.issuer())
                .audiences(java.util.Set.of("bakery", "payments"))
                .build());
    var claims = minter.claims(clock.instant()).audience(List.of("payments", "other"));

    assertThat(run(auth, minter.mint(claims.build())).authenticated()).isTrue();
  }

  @Test
  void rejectsTokenFromAnUntrustedIssuer() {
    var claims = minter.claims(clock.instant()).issuer("https://evil.example");

    assertRejected(run(authenticator(), minter.mint(claims.build())), Reason.UNKNOWN_ISSUER);
  }

  @Test
  void rejectsTokenWithoutSubjectOrExpiry() {
    assertRejected(
        run(authenticator(), minter.mint(minter.claims(clock.instant()).subject(null).build())),
        Reason.MISSING_CLAIM);
    assertRejected(
        run(
            authenticator(),
            minter.mint(minter.claims(clock.instant()).expirationTime(null).build())),
        Reason.MISSING_CLAIM);
  }

  @Test
  void rejectsTamperedPayload() {
    String token = minter.mint(clock.instant());
    String[] parts = token.split("\\.");
    String payload =
        new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
            .replace("\"alice\"", "\"admin\"");
    String tampered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];

    assertRejected(run(authenticator(), tampered), Reason.SIGNATURE_INVALID);
  }

  @Test
  void rejectsTamperedSignature() {
    String token = minter.mint(clock.instant());
    String[] parts = token.split("\\.");
    byte[] signature = Base64URL.from(parts[2]).decode();
    signature[10] ^= 0x01;
    String tampered = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);

    assertRejected(run(authenticator(), tampered), Reason.SIGNATURE_INVALID);
  }

  @Test
  void rejectsOversizedTokenBeforeParsing() {
    var claims = minter.claims(clock.instant()).claim("padding", "x".repeat(9000));

    assertRejected(run(authenticator(), minter.mint(claims.build())), Reason.TOO_LARGE);
    assertRejected(run(authenticator(), "a".repeat(100_000)), Reason.TOO_LARGE);
  }

  @Test
  void rejectsGarbage() {
    assertRejected(run(authenticator(), "not-a-jwt"), Reason.MALFORMED);
    assertRejected(run(authenticator(), null), Reason.MISSING_CREDENTIALS);
  }

  @Test
  void rejectsWrongOrMissingType() {
    JWTClaimsSet claims = minter.claims(clock.instant()).build();
    String jwtTyped = minter.mint(claims, h -> h.type(JOSEObjectType.JWT));
    String untyped = minter.mint(claims, h -> h.type(null));

    assertRejected(run(authenticator(), jwtTyped), Reason.WRONG_TYPE);
    assertRejected(run(authenticator(), untyped), Reason.WRONG_TYPE);
    assertThat(
            run(
                    authenticator(),
                    minter.mint(claims, h -> h.type(new JOSEObjectType("application/at+jwt"))))
                .authenticated())
        .isTrue();
  }

  @Test
  void rejectsTokenClaimingOneIssuerButSignedWithAnotherIssuersKey() {
    try (JwksServer other = JwksServer.oidc()) {
      TokenMinter otherMinter = new TokenMinter(other.issuer(), TokenMinter.newKey("b1"));
      other.publish(otherMinter.key());
      var auth =
          authenticator(
              IssuerSettings.builder(issuer.issuer()).audience("bakery").build(),
              IssuerSettings.builder(other.issuer()).audience("bakery").build());
      assertThat(run(auth, otherMinter.mint(clock.instant())).authenticated()).isTrue();
      JWTClaimsSet claimsA = minter.claims(clock.instant()).build();

      String withOwnKid = otherMinter.mint(claimsA);
      String withVictimKid = otherMinter.mint(claimsA, h -> h.keyID("k1"));

      assertRejected(run(auth, withOwnKid), Reason.UNKNOWN_KEY);
      assertRejected(run(auth, withVictimKid), Reason.SIGNATURE_INVALID);
    }
  }

  @Test
  void remembersAVerifiedTokenUntilItExpires() {
    var auth = authenticator();
    String token = minter.mint(clock.instant());
    assertThat(run(auth, token).authenticated()).isTrue();
    assertThat(auth.cachedTokens()).isEqualTo(1);
    // The key is gone from the issuer and the cache refreshed: only the verified-token cache can
    // accept the token now.
    issuer.withdrawAll();
    clock.advance(Duration.ofSeconds(11));
    TokenMinter stranger = new TokenMinter(issuer.issuer(), TokenMinter.newKey("x"));
    assertRejected(run(auth, stranger.mint(clock.instant())), Reason.UNKNOWN_KEY);
    assertRejected(run(auth, minter.mint(clock.instant())), Reason.UNKNOWN_KEY);

    assertThat(run(auth, token).authenticated()).isTrue();

    clock.advance(Duration.ofMinutes(11));
    assertRejected(run(auth, token), Reason.EXPIRED);
  }

  @Test
  void verifiesEveryTimeWithTheCacheTurnedOff() {
    var auth =
        new JwtAuthenticator(
            List.of(IssuerSettings.builder(issuer.issuer()).audience("bakery").build()),
            http,
            clock,
            0);
    String token = minter.mint(clock.instant());

    assertThat(run(auth, token).authenticated()).isTrue();
    assertThat(run(auth, token).authenticated()).isTrue();
    assertThat(auth.cachedTokens()).isZero();
  }

  @Test
  void enforcesCertificateBindingOfBoundTokens() {
    TestCerts ca = new TestCerts("binding-ca");
    X509Certificate mine = ca.leaf("dns:client.example");
    X509Certificate other = ca.leaf("dns:other.example");
    var claims =
        minter
            .claims(clock.instant())
            .claim("cnf", Map.of("x5t#S256", CertificateThumbprint.of(mine)))
            .build();
    String bound = minter.mint(claims);
    var auth = authenticator();

    assertRejected(run(auth, bound, null), Reason.CERTIFICATE_REQUIRED);
    assertRejected(run(auth, bound, other), Reason.CERTIFICATE_MISMATCH);
    AuthenticatedPrincipal p = principal(run(auth, bound, mine));
    assertThat(p.method()).isEqualTo(AuthMethod.CERTIFICATE_BOUND_JWT);
    assertThat(p.certificateThumbprint()).isEqualTo(CertificateThumbprint.of(mine));
    // Also on the cached path.
    assertRejected(run(auth, bound, other), Reason.CERTIFICATE_MISMATCH);
  }

  @Test
  void requiresBoundTokensWhenConfigured() {
    var auth =
        authenticator(
            IssuerSettings.builder(issuer.issuer())
                .audience("bakery")
                .requireCertificateBinding(true)
                .build());

    assertRejected(
        run(auth, minter.mint(clock.instant()), new TestCerts("x").leaf("dns:a.example")),
        Reason.CERTIFICATE_REQUIRED);
  }

  @Test
  void failureChallengesFollowRfc6750() {
    assertThat(AuthFailure.of(Reason.EXPIRED).wwwAuthenticate("bulwark"))
        .isEqualTo(
            "Bearer realm=\"bulwark\", error=\"invalid_token\","
                + " error_description=\"The access token expired\"");
    assertThat(AuthFailure.of(Reason.MISSING_CREDENTIALS).wwwAuthenticate("bulwark"))
        .isEqualTo("Bearer realm=\"bulwark\"");
    for (Reason reason : Reason.values()) {
      assertThat(reason.description()).matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    }
  }
}
