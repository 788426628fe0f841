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
import io.bulwark.gateway.auth.AuthResult;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.auth.JwtAuthenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's JWT authentication of one RS256 access token, as the proxy calls it per request:
 * with the verified-token cache (a repeat token: SHA-256 of the token, cache lookup, expiry check)
 * and without it (parse, key lookup, RSA signature, claims). Keys come from a loopback JWKS server
 * fetched once in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JwtAuthenticateBenchmark {
  @Param({"true", "false"})
  public boolean cached;

  private HttpServer jwks;
  private JwtAuthenticator authenticator;
  private String token;

  @Setup
  public void setUp() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    jwks.createContext(
        "/jwks",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    jwks.start();
    String issuer = "http://127.0.0.1:" + jwks.getAddress().getPort();
    IssuerSettings settings =
        IssuerSettings.builder(issuer)
            .audience("orders")
            .jwksUri(URI.create(issuer + "/jwks"))
            .build();
    authenticator =
        new JwtAuthenticator(
            List.of(settings), HttpClient.newHttpClient(), Clock.systemUTC(), cached ? 10_000 : 0);
    authenticator.prefetchKeys().toCompletableFuture().join();
    token = sign(key, issuer);
    if (!authenticate().authenticated()) {
      throw new IllegalStateException("benchmark token does not verify");
    }
  }

  @TearDown
  public void tearDown() {
    jwks.stop(0);
  }

  @Benchmark
  public AuthResult authenticate() {
    return authenticator.authenticate(token, null).toCompletableFuture().join();
  }

  private static String sign(RSAKey key, String issuer) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("alice")
            .audience("orders")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)))
            .jwtID("bench")
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
}
