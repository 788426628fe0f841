package io.bulwark.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.gateway.auth.AuthFailure.Reason;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real TLS 1.3 handshakes with client certificates: the server side hands the verified peer chain
 * to the authenticators, as the proxy does, and the client sends a bearer token over the
 * connection.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MutualTlsAuthenticationTest {
  private static final char[] PASSWORD = "test".toCharArray();
  private final TestCerts ca = new TestCerts("mesh-ca");
  private final TestCerts.Issued server = ca.issue("dns:localhost");

  private SSLContext context(TestCerts.Issued own) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("own", own.key(), PASSWORD, new Certificate[] {own.certificate(), ca.ca()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.ca());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  /** Runs one connection: the server applies {@code check} to (peer chain, line read). */
  private <T> T exchange(
      TestCerts.Issued client, String line, BiFunction<List<X509Certificate>, String, T> check)
      throws Exception {
    try (SSLServerSocket listener =
        (SSLServerSocket)
            context(server)
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      CompletableFuture<T> result =
          CompletableFuture.supplyAsync(() -> {
            try (SSLSocket socket = (SSLSocket) listener.accept()) {
              socket.startHandshake();
              List<X509Certificate> chain = new ArrayList<>();
              for (Certificate cert : socket.getSession().getPeerCertificates()) {
                chain.add((X509Certificate) cert);
              }
              var in =
                  new BufferedReader(
                      new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
              T value = check.apply(chain, in.readLine());
              new PrintWriter(socket.getOutputStream(), true).println("done");
              return value;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      try (SSLSocket socket =
          (SSLSocket)
              context(client)
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        socket.startHandshake();
        var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        out.println(line);
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
      }
      return result.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWorkloadCertificateAuthenticatesAsItsSpiffeId() throws Exception {
    var mtls =
        new MtlsAuthenticator(
            new MtlsSettings(Set.of("bulwark.local"), List.of(ca.ca())), Clock.systemUTC());
    TestCerts.Issued orders = ca.issue("uri:spiffe://bulwark.local/ns/shop/sa/orders");

    AuthResult result = exchange(orders, "hello", (chain, line) -> mtls.authenticate(chain));

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(((AuthResult.Authenticated) result).principal().subject())
        .isEqualTo("spiffe://bulwark.local/ns/shop/sa/orders");
  }

  @Test
  void aCertificateBoundTokenIsAcceptedOnlyOverTheConnectionOfItsCertificate() throws Exception {
    try (JwksServer issuer = JwksServer.oidc()) {
      TokenMinter minter = new TokenMinter(issuer.issuer(), TokenMinter.newKey("k1"));
      issuer.publish(minter.key());
      JwtAuthenticator jwt =
          JwtAuthenticator.create(
              List.of(IssuerSettings.builder(issuer.issuer()).audience("bakery").build()));
      TestCerts.Issued holder = ca.issue("uri:spiffe://bulwark.local/holder");
      TestCerts.Issued thief = ca.issue("uri:spiffe://bulwark.local/thief");
      String bound =
          minter.mint(
              minter
                  .claims(Instant.now())
                  .claim("cnf", Map.of("x5t#S256", CertificateThumbprint.of(holder.certificate())))
                  .build());
      BiFunction<List<X509Certificate>, String, AuthResult> check =
          (chain, token) -> jwt.authenticate(token, chain.get(0)).toCompletableFuture().join();

      AuthResult asHolder = exchange(holder, bound, check);
      AuthResult asThief = exchange(thief, bound, check);

      assertThat(asHolder.authenticated()).isTrue();
      assertThat(((AuthResult.Rejected) asThief).failure().reason())
          .isEqualTo(Reason.CERTIFICATE_MISMATCH);
    }
  }
}
