package io.bulwark.bench.sdk;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.sdk.token.VerifiedToken;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full verification of one RFC 9068 access token (parse, signature, claims) by the SDK's {@link
 * TokenVerifier}, per signing algorithm: the cost every service and, later, the gateway pays per
 * request without a verified-token cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenVerifierBenchmark {
  private static final String ISSUER = "https://id.bench.local";

  @Param({"RS256", "ES256"})
  public String algorithm;

  private TokenVerifier verifier;
  private String token;

  @Setup
  public void setUp() throws Exception {
    JWK key;
    JWSHeader header;
    if (algorithm.equals("RS256")) {
      RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
      key = rsa;
      header = header(JWSAlgorithm.RS256, "rsa");
      token = sign(header, claims(), new RSASSASigner(rsa));
    } else {
      ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
      key = ec;
      header = header(JWSAlgorithm.ES256, "ec");
      token = sign(header, claims(), new ECDSASigner(ec));
    }
    verifier =
        TokenVerifier.builder()
            .issuer(ISSUER)
            .audience("orders")
            .jwkSet(new JWKSet(key.toPublicJWK()))
            .build();
  }

  @Benchmark
  public VerifiedToken verify() throws Exception {
    return verifier.verify(token);
  }

  private static JWSHeader header(JWSAlgorithm alg, String kid) {
    return new JWSHeader.Builder(alg).type(new JOSEObjectType("at+jwt")).keyID(kid).build();
  }

  private static JWTClaimsSet claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("alice")
        .audience("orders")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)))
        .jwtID("bench")
        .claim("client_id", "bench")
        .claim("scope", "openid bakery")
        .claim("roles", List.of("customer"))
        .build();
  }

  private static String sign(
      JWSHeader header, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }
}
