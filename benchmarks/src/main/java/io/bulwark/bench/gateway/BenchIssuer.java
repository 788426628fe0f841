package io.bulwark.bench.gateway;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * A loopback RS256 issuer for the gateway benchmarks: serves its JWK set at {@code /jwks} and signs
 * RFC 9068 access tokens for {@code alice} (role {@code customer}).
 */
final class BenchIssuer implements AutoCloseable {
  private final RSAKey key;
  private final HttpServer server;
  private final String issuer;

  private BenchIssuer(RSAKey key, HttpServer server) {
    this.key = key;
    this.server = server;
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A new key and its JWK set server on a free loopback port. */
  static BenchIssuer start() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(
        "/jwks",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new BenchIssuer(key, server);
  }

  /** The {@code iss} of its tokens. */
  String issuer() {
    return issuer;
  }

  /** Its RSA public key as a PEM SubjectPublicKeyInfo, for a proxy that takes a key file. */
  String publicKeyPem() throws Exception {
    String base64 =
        Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(key.toRSAPublicKey().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
  }

  /** Where its JWK set is served. */
  URI jwksUri() {
    return URI.create(issuer + "/jwks");
  }

  /** A signed access token for {@code audience}, valid for {@code ttl} from now. */
  String token(String audience, String jwtId, Duration ttl) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("alice")
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(jwtId)
            .claim("client_id", "bench")
            .claim("scope", "openid bakery")
            .claim("roles", List.of("customer"))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID("bench")
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
