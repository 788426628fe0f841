package io.bulwark.sdk.token;

import static io.bulwark.sdk.token.TestTokens.AUDIENCE;
import static io.bulwark.sdk.token.TestTokens.ISSUER;
import static io.bulwark.sdk.token.TestTokens.NOW;
import static io.bulwark.sdk.token.TestTokens.rs256;
import static io.bulwark.sdk.token.TestTokens.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpServer;
import io.bulwark.sdk.token.InvalidTokenException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {

  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static TokenVerifier.Builder localVerifier() {
    return TokenVerifier.builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .jwkSet(new JWKSet(List.of(TestTokens.RSA, TestTokens.EC, TestTokens.ED.publicJwk())))
        .clock(CLOCK);
  }

  private final TokenVerifier verifier = localVerifier().build();

  private void assertRejected(TokenVerifier v, String token, Reason reason) {
    assertThatThrownBy(() -> v.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(e -> {
          assertThat(((InvalidTokenException) e).reason()).isEqualTo(reason);
          assertThat(e.getMessage()).isEqualTo(reason.description());
          if (token != null && token.length() > 8) {
            for (String part : token.split("\\.")) {
              if (part.length() > 4) {
                assertThat(e.getMessage()).doesNotContain(part);
              }
            }
          }
        });
  }

  private void assertRejected(String token, Reason reason) {
    assertRejected(verifier, token, reason);
  }

  @Test
  void acceptsValidRs256TokenAndExposesItsClaims() throws Exception {
    VerifiedToken token = verifier.verify(rs256(validClaims().build()));

    assertThat(token.subject()).isEqualTo("alice");
    assertThat(token.clientId()).isEqualTo("bakery-web");
    assertThat(token.issuer()).isEqualTo(ISSUER);
    assertThat(token.scopes()).containsExactly("orders:read", "orders:write");
    assertThat(token.roles()).containsExactly("customer");
    assertThat(token.audience()).containsExactly(AUDIENCE, "payments");
    assertThat(token.issuedAt()).isEqualTo(NOW.minusSeconds(10));
    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(token.jwtId()).isEqualTo("jti-1");
    assertThat(token.hasRole("customer")).isTrue();
    assertThat(token.hasRole("admin")).isFalse();
    assertThat(token.hasScope("orders:write")).isTrue();
    assertThat(token.hasScope("orders")).isFalse();
    assertThat(token.claims())
        .containsEntry("sub", "alice")
        .containsEntry("exp", NOW.plusSeconds(300).getEpochSecond());
  }

  @Test
  void claimsOfAVerifiedTokenAreImmutable() throws Exception {
    VerifiedToken token = verifier.verify(rs256(b -> b.claim("address", Map.of("city", "Lyon"))));

    assertThatThrownBy(() -> token.claims().put("sub", "mallory"))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> address = (Map<String, Object>) token.claims().get("address");
    assertThatThrownBy(() -> address.put("city", "Paris"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> token.roles().add("admin"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void tokenWithoutOptionalClaimsHasEmptyRolesAndScopes() throws Exception {
    VerifiedToken token =
        verifier.verify(
            rs256(
                new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .audience(AUDIENCE)
                    .subject("svc")
                    .expirationTime(Date.from(NOW.plusSeconds(60)))
                    .build()));

    assertThat(token.roles()).isEmpty();
    assertThat(token.scopes()).isEmpty();
    assertThat(token.clientId()).isNull();
    assertThat(token.issuedAt()).isNull();
  }

  @Test
  void acceptsValidEs256Token() throws Exception {
    String token =
        TestTokens.sign(
            TestTokens.EC, JWSAlgorithm.ES256, new JOSEObjectType("at+jwt"), validClaims().build());

    assertThat(verifier.verify(token).subject()).isEqualTo("alice");
  }

  @Test
  void acceptsValidEd25519Token() throws Exception {
    assertThat(verifier.verify(TestTokens.ED.token(validClaims().build())).subject())
        .isEqualTo("alice");
  }

  @Test
  void rejectsEd25519TokenWithBrokenSignature() {
    String token = TestTokens.ED.token(validClaims().build());
    String other = TestTokens.ED.token(validClaims().subject("bob").build());
    String spliced =
        token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));

    assertRejected(spliced, Reason.SIGNATURE_INVALID);
  }

  @Test
  void rejectsUnsignedTokenWithNoneAlgorithm() {
    String token = new PlainJWT(validClaims().build()).serialize();

    assertRejected(token, Reason.NOT_SIGNED);
  }

  @Test
  void rejectsHs256TokenSignedWithThePublicKeyBytes() throws Exception {
    byte[] publicKeyBytes = TestTokens.RSA.toRSAPublicKey().getEncoded();
    String token =
        TestTokens.sign(
            new MACSigner(publicKeyBytes),
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(TestTokens.RSA.getKeyID()),
            validClaims().build());

    assertRejected(token, Reason.ALGORITHM_NOT_ACCEPTED);
  }

  @Test
  void rejectsAllowedKeyTypeWithAlgorithmOutsideTheAllowedSet() {
    TokenVerifier rsaOnly = localVerifier().allowedAlgorithms(Set.of(JWSAlgorithm.RS256)).build();
    String token =
        TestTokens.sign(
            TestTokens.EC, JWSAlgorithm.ES256, new JOSEObjectType("at+jwt"), validClaims().build());

    assertRejected(rsaOnly, token, Reason.ALGORITHM_NOT_ACCEPTED);
  }

  @Test
  void builderRefusesSymmetricAlgorithms() {
    assertThatThrownBy(() -> localVerifier().allowedAlgorithms(Set.of(JWSAlgorithm.HS256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> localVerifier().allowedAlgorithms(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsWrongIssuer() {
    assertRejected(rs256(b -> b.issuer("https://evil.test")), Reason.WRONG_ISSUER);
    assertRejected(rs256(b -> b.issuer(ISSUER + "/")), Reason.WRONG_ISSUER);
  }

  @Test
  void rejectsWrongAudience() {
    assertRejected(rs256(b -> b.audience("payments")), Reason.WRONG_AUDIENCE);
    assertRejected(rs256(b -> b.audience((String) null)), Reason.WRONG_AUDIENCE);
  }

  @Test
  void rejectsExpiredToken() {
    assertRejected(rs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(31)))), Reason.EXPIRED);
  }

  @Test
  void acceptsTokenExpiredWithinClockSkew() throws Exception {
    assertThat(verifier.verify(rs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(29))))))
        .isNotNull();
  }

  @Test
  void rejectsTokenExpiredOnceSkewIsZero() {
    TokenVerifier strict = localVerifier().maxClockSkew(Duration.ZERO).build();

    assertRejected(strict, rs256(b -> b.expirationTime(Date.from(NOW))), Reason.EXPIRED);
  }

  @Test
  void rejectsTokenWithoutExpiry() {
    assertRejected(rs256(b -> b.expirationTime(null)), Reason.MISSING_EXPIRY);
  }

  @Test
  void rejectsNotYetValidToken() {
    assertRejected(
        rs256(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(60)))), Reason.NOT_YET_VALID);
  }

  @Test
  void rejectsTokenIssuedInTheFuture() {
    assertRejected(
        rs256(b -> b.issueTime(Date.from(NOW.plusSeconds(60)))), Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void rejectsTokenWithoutSubject() {
    assertRejected(rs256(b -> b.subject(null)), Reason.MISSING_SUBJECT);
    assertRejected(rs256(b -> b.subject(" ")), Reason.MISSING_SUBJECT);
  }

  @Test
  void rejectsWronglyTypedRolesClaim() {
    assertRejected(rs256(b -> b.claim("roles", "admin")), Reason.INVALID_CLAIMS);
  }

  @Test
  void rejectsTokenWithoutTyp() {
    String token = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, null, validClaims().build());

    assertRejected(token, Reason.TYPE_NOT_ACCEPTED);
  }

  @Test
  void rejectsOtherTyp() {
    String token =
        TestTokens.sign(
            TestTokens.RSA,
            JWSAlgorithm.RS256,
            new JOSEObjectType("dpop+jwt"),
            validClaims().build());

    assertRejected(token, Reason.TYPE_NOT_ACCEPTED);
  }

  @Test
  void acceptsJwtTypOnlyWhenConfigured() throws Exception {
    String token =
        TestTokens.sign(
            TestTokens.RSA, JWSAlgorithm.RS256, JOSEObjectType.JWT, validClaims().build());

    assertRejected(token, Reason.TYPE_NOT_ACCEPTED);
    assertThat(localVerifier().acceptJwtType(true).build().verify(token).subject())
        .isEqualTo("alice");
  }

  @Test
  void acceptsMediaTypeFormOfAtJwt() throws Exception {
    String token =
        TestTokens.sign(
            TestTokens.RSA,
            JWSAlgorithm.RS256,
            new JOSEObjectType("application/AT+JWT"),
            validClaims().build());

    assertThat(verifier.verify(token).subject()).isEqualTo("alice");
  }

  @Test
  void rejectsUnknownKid() {
    RSAKey stranger = TestTokens.rsa("stranger");
    String token =
        TestTokens.sign(
            stranger, JWSAlgorithm.RS256, new JOSEObjectType("at+jwt"), validClaims().build());

    assertRejected(token, Reason.UNKNOWN_KEY);
  }

  @Test
  void rejectsTokenSignedByAnotherKeyUnderAKnownKid() {
    RSAKey impostor = TestTokens.rsa(TestTokens.RSA.getKeyID());
    String token =
        TestTokens.sign(
            impostor, JWSAlgorithm.RS256, new JOSEObjectType("at+jwt"), validClaims().build());

    assertRejected(token, Reason.SIGNATURE_INVALID);
  }

  @Test
  void rejectsTamperedPayload() {
    String token = rs256(validClaims().build());
    String[] parts = token.split("\\.");
    String forged =
        validClaims().subject("mallory").claim("roles", List.of("admin")).build().toString();
    String tampered =
        parts[0] + "." + Base64URL.encode(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

    assertRejected(tampered, Reason.SIGNATURE_INVALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "a.b.c",
        "....",
        "eyJhbGciOiJSUzI1NiJ9",
        "eyJhbGciOiJSUzI1NiJ9.!!!.abc",
        "e30.e30.e30"
      })
  void rejectsGarbage(String input) {
    assertThatThrownBy(() -> verifier.verify(input)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void rejectsNullAndOverlongInputBeforeParsing() {
    assertRejected(null, Reason.MALFORMED);
    assertRejected("a".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1), Reason.MALFORMED);
  }

  @Test
  void rejectsPayloadThatIsNotJson() {
    String token = rs256(validClaims().build());
    String[] parts = token.split("\\.");
    String broken =
        parts[0]
            + "."
            + Base64URL.encode("not json".getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertThatThrownBy(() -> verifier.verify(broken)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void builderRequiresIssuerAudienceAndKeys() {
    assertThatThrownBy(() -> TokenVerifier.builder().issuer(ISSUER).audience(AUDIENCE).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TokenVerifier.builder().issuer(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> localVerifier().maxClockSkew(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesPlainHttpJwksOutsideLoopback() {
    assertThatThrownBy(
            () -> TokenVerifier.builder().jwkSetUri(URI.create("http://id.example.com/jwks")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The issuer's JWK set fetched over real HTTP. */
  @Nested
  class RemoteJwks {
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    private URI start() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/jwks",
          exchange -> {
            fetches.incrementAndGet();
            byte[] body =
                published.get().toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    @AfterEach
    void stop() {
      if (server != null) {
        server.stop(0);
      }
    }

    private TokenVerifier remoteVerifier(URI jwks) {
      return TokenVerifier.builder()
          .issuer(ISSUER)
          .audience(AUDIENCE)
          .jwkSetUri(jwks)
          .clock(CLOCK)
          .build();
    }

    @Test
    void verifiesWithKeysFetchedOverHttpAndCachesThem() throws Exception {
      published.set(new JWKSet(TestTokens.RSA));
      TokenVerifier remote = remoteVerifier(start());

      assertThat(remote.verify(rs256(validClaims().build())).subject()).isEqualTo("alice");
      assertThat(remote.verify(rs256(validClaims().subject("bob").build())).subject())
          .isEqualTo("bob");
      assertThat(fetches).hasValue(1);
    }

    @Test
    void picksUpARotatedKeyByItsNewKid() throws Exception {
      published.set(new JWKSet(TestTokens.RSA));
      TokenVerifier remote = remoteVerifier(start());
      assertThat(remote.verify(rs256(validClaims().build())).subject()).isEqualTo("alice");

      RSAKey rotated = TestTokens.rsa("rsa-2");
      published.set(new JWKSet(List.of(rotated, TestTokens.RSA)));
      String signedWithNewKey =
          TestTokens.sign(
              rotated, JWSAlgorithm.RS256, new JOSEObjectType("at+jwt"), validClaims().build());

      assertThat(remote.verify(signedWithNewKey).subject()).isEqualTo("alice");
      assertThat(fetches).hasValue(2);
    }

    @Test
    void reportsUnavailableKeysWhenTheIssuerIsDown() throws Exception {
      published.set(new JWKSet(TestTokens.RSA));
      URI jwks = start();
      server.stop(0);
      server = null;

      assertRejected(remoteVerifier(jwks), rs256(validClaims().build()), Reason.KEYS_UNAVAILABLE);
    }
  }

  @Test
  void fixedClockIsUsedForExpiry() throws Exception {
    Clock later = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    String token = rs256(validClaims().build());

    assertThat(verifier.verify(token)).isNotNull();
    assertRejected(localVerifier().clock(later).build(), token, Reason.EXPIRED);
  }
}
