package io.bulwark.bench.gateway;

import io.bulwark.gateway.auth.AuthResult;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.auth.JwtAuthenticator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
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

  private BenchIssuer issuer;
  private JwtAuthenticator authenticator;
  private String token;

  @Setup
  public void setUp() throws Exception {
    issuer = BenchIssuer.start();
    IssuerSettings settings =
        IssuerSettings.builder(issuer.issuer())
            .audience("orders")
            .jwksUri(issuer.jwksUri())
            .build();
    authenticator =
        new JwtAuthenticator(
            List.of(settings), HttpClient.newHttpClient(), Clock.systemUTC(), cached ? 10_000 : 0);
    authenticator.prefetchKeys().toCompletableFuture().join();
    token = issuer.token("orders", "bench", Duration.ofHours(1));
    if (!authenticate().authenticated()) {
      throw new IllegalStateException("benchmark token does not verify");
    }
  }

  @TearDown
  public void tearDown() {
    issuer.close();
  }

  @Benchmark
  public AuthResult authenticate() {
    return authenticator.authenticate(token, null).toCompletableFuture().join();
  }
}
