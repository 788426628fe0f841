package io.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.testkit.FakeClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCaTest {

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T00:00:00Z"));

  @Test
  void createsAnEcP256CaThatCanOnlySignCertificates() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clock);
    X509Certificate cert = ca.certificate();

    assertThat(cert.getSubjectX500Principal().getName()).matches("CN=Bulwark Local CA [0-9a-f]{8}");
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    assertThat(cert.getBasicConstraints()).isZero();
    boolean[] usage = cert.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(Duration.between(clock.instant(), cert.getNotAfter().toInstant()).toDays())
        .isEqualTo(3650);
    cert.verify(cert.getPublicKey());
    assertThat(ca.caCertificatePath()).isEqualTo(dir.resolve("ca.pem"));
    assertThat(mode(dir.resolve("ca-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("ca.pem"))).isEqualTo("rw-r--r--");
  }

  @Test
  void issuesALeafThatValidatesAgainstTheCa() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clock);
    ServerCertificate server =
        ca.issueServerCertificate(
            List.of("localhost", "api.bulwark.test"),
            List.of("127.0.0.1", "::1"),
            Duration.ofDays(90));
    X509Certificate leaf = server.leaf();

    leaf.verify(ca.certificate().getPublicKey());
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(clock.instant()));
    CertPathValidator.getInstance("PKIX").validate(path, parameters);

    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"),
            List.of(2, "api.bulwark.test"),
            List.of(7, "127.0.0.1"),
            List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(leaf.getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getKeyUsage()[0]).isTrue();
    assertThat(leaf.getKeyUsage()[5]).isFalse();
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getSerialNumber().bitLength()).isBetween(100, 128);
    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(Duration.between(clock.instant(), leaf.getNotAfter().toInstant()).toDays())
        .isEqualTo(90);
    assertThat(server.chain()).containsExactly(leaf, ca.certificate());

    byte[] aki =
        AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(
                        leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                    .getOctets())
            .getKeyIdentifierObject()
            .getOctets();
    byte[] caSki =
        SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(
                        ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                    .getOctets())
            .getKeyIdentifier();
    assertThat(aki).isEqualTo(caSki);
    assertThat(server.toString()).doesNotContain("BEGIN").contains("CN=localhost");
  }

  @Test
  void serialsAreRandom() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clock);
    var first = ca.issueServerCertificate(List.of("a.test"), List.of(), Duration.ofDays(1)).leaf();
    var second = ca.issueServerCertificate(List.of("a.test"), List.of(), Duration.ofDays(1)).leaf();
    assertThat(first.getSerialNumber()).isNotEqualTo(second.getSerialNumber());
  }

  @Test
  void aLeafNeverOutlivesTheCa() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clock);
    clock.advance(Duration.ofDays(3600));
    X509Certificate leaf =
        ca.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(397)).leaf();
    assertThat(leaf.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void reloadingReturnsTheSameCaAndServerCertificate() throws Exception {
    LocalCa first = LocalCa.loadOrCreate(dir, clock);
    ServerCertificate firstServer = first.loadOrIssueLocalhost(dir);

    LocalCa second = LocalCa.loadOrCreate(dir, clock);
    ServerCertificate secondServer = second.loadOrIssueLocalhost(dir);

    assertThat(second.certificate()).isEqualTo(first.certificate());
    assertThat(secondServer.chain()).isEqualTo(firstServer.chain());
    assertThat(secondServer.privateKey().getEncoded())
        .isEqualTo(firstServer.privateKey().getEncoded());
    assertThat(secondServer.certificateFile()).isEqualTo(dir.resolve("server.pem"));
    assertThat(mode(dir.resolve("server-key.pem"))).isEqualTo("rw-------");
    assertThat(PemFiles.readCertificates(dir.resolve("server.pem")))
        .containsExactly(firstServer.leaf(), first.certificate());
    assertThat(firstServer.leaf().getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(
            Duration.between(clock.instant(), firstServer.leaf().getNotAfter().toInstant())
                .toDays())
        .isEqualTo(397);
  }

  @Test
  void reissuesTheServerCertificateOnlyWhenCloseToExpiry() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clock);
    X509Certificate original = ca.loadOrIssueLocalhost(dir).leaf();

    clock.advance(Duration.ofDays(366));
    assertThat(LocalCa.loadOrCreate(dir, clock).loadOrIssueLocalhost(dir).leaf())
        .isEqualTo(original);

    clock.advance(Duration.ofDays(2));
    X509Certificate renewed = LocalCa.loadOrCreate(dir, clock).loadOrIssueLocalhost(dir).leaf();
    assertThat(renewed).isNotEqualTo(original);
    assertThat(renewed.getNotBefore().toInstant()).isAfter(original.getNotBefore().toInstant());
    assertThat(PemFiles.readCertificates(dir.resolve("server.pem")).get(0)).isEqualTo(renewed);
  }

  @Test
  void reissuesACertificateSignedByAnotherCa() throws Exception {
    Path serverDir = dir.resolve("server");
    LocalCa oldCa = LocalCa.loadOrCreate(dir.resolve("old"), clock);
    X509Certificate old = oldCa.loadOrIssueLocalhost(serverDir).leaf();

    LocalCa newCa = LocalCa.loadOrCreate(dir.resolve("new"), clock);
    X509Certificate reissued = newCa.loadOrIssueLocalhost(serverDir).leaf();

    assertThat(reissued).isNotEqualTo(old);
    assertThat(newCa.issuedByThisCa(reissued)).isTrue();
    assertThat(newCa.issuedByThisCa(old)).isFalse();
  }

  @Test
  void reissuesWhenTheServerKeyDoesNotMatch() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clock);
    X509Certificate original = ca.loadOrIssueLocalhost(dir).leaf();
    ServerCertificate other =
        ca.issueServerCertificate(List.of("x.test"), List.of(), Duration.ofDays(1));
    PemFiles.writePrivateKey(dir.resolve("server-key.pem"), other.privateKey());

    ServerCertificate repaired = ca.loadOrIssueLocalhost(dir);
    assertThat(repaired.leaf()).isNotEqualTo(original);
    assertThat(LocalCa.keyMatches(repaired.privateKey(), repaired.leaf().getPublicKey())).isTrue();
  }

  @Test
  void aCorruptCaFileIsReportedByName() throws Exception {
    LocalCa.loadOrCreate(dir, clock);
    Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\ngarbage\n");
    assertThatThrownBy(() -> LocalCa.loadOrCreate(dir, clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("ca.pem");
  }

  @Test
  void aCorruptServerCertificateIsReportedByName() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clock);
    ca.loadOrIssueLocalhost(dir);
    Files.writeString(dir.resolve("server.pem"), "not pem at all");
    assertThatThrownBy(() -> ca.loadOrIssueLocalhost(dir))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("server.pem");
  }

  @Test
  void aCaCertificateWithoutItsKeyIsAnError() throws Exception {
    LocalCa.loadOrCreate(dir, clock);
    Files.delete(dir.resolve("ca-key.pem"));
    assertThatThrownBy(() -> LocalCa.loadOrCreate(dir, clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("ca-key.pem")
        .hasMessageContaining("missing");
  }

  @Test
  void aKeyLeftWithoutItsCertificateIsReplaced() throws Exception {
    X509Certificate first = LocalCa.loadOrCreate(dir, clock).certificate();
    Files.delete(dir.resolve("ca.pem"));
    LocalCa second = LocalCa.loadOrCreate(dir, clock);
    assertThat(second.certificate()).isNotEqualTo(first);
    assertThat(LocalCa.loadOrCreate(dir, clock).certificate()).isEqualTo(second.certificate());
  }

  @Test
  void anExpiredCaIsAnError() throws Exception {
    LocalCa.loadOrCreate(dir, clock);
    clock.advance(Duration.ofDays(3651));
    assertThatThrownBy(() -> LocalCa.loadOrCreate(dir, clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("not valid at");
  }

  @Test
  void aCaKeyOthersCanReadIsRefused() throws Exception {
    LocalCa.loadOrCreate(dir, clock);
    Files.setPosixFilePermissions(
        dir.resolve("ca-key.pem"), PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(() -> LocalCa.loadOrCreate(dir, clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("ca-key.pem");
  }

  @Test
  void rejectsInvalidNames() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clock);
    assertThatThrownBy(() -> ca.issueServerCertificate(List.of(), List.of(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ca.issueServerCertificate(List.of("bad name"), List.of(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ca.issueServerCertificate(List.of(), List.of("300.1.1.1"), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClientTrustingTheCaCompletesATlsHandshakeWithLocalhost() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir, clockNow());
    ServerCertificate server = ca.loadOrIssueLocalhost(dir);
    SSLContext serverContext = ca.sslContextForServer(server);

    try (SSLServerSocket listener =
        (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<String> served =
          CompletableFuture.supplyAsync(() -> {
            try (Socket accepted = listener.accept()) {
              accepted.setSoTimeout(10_000);
              BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8));
              String line = in.readLine();
              OutputStream out = accepted.getOutputStream();
              out.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
              return line;
            } catch (IOException e) {
              return "server failed: " + e;
            }
          });

      try (SSLSocket client = connect(ca.sslContextTrustingCa(), listener.getLocalPort())) {
        PrintWriter out =
            new PrintWriter(
                new java.io.OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8),
                true);
        out.println("hello");
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).isEqualTo("echo hello");
        assertThat(client.getSession().getPeerCertificates()[0]).isEqualTo(server.leaf());
      }
      assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
    }
  }

  @Test
  void aClientTrustingAnotherCaRejectsTheServer() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("one"), clockNow());
    LocalCa stranger = LocalCa.loadOrCreate(dir.resolve("two"), clockNow());
    SSLContext serverContext = ca.sslContextForServer(ca.loadOrIssueLocalhost(dir.resolve("one")));

    try (SSLServerSocket listener =
        (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(() -> {
            try (Socket accepted = listener.accept()) {
              accepted.setSoTimeout(10_000);
              accepted.getInputStream().read();
            } catch (IOException expected) {
              // The client aborts the handshake.
            }
          });
      assertThatThrownBy(
              () -> {
                try (SSLSocket client =
                    connect(stranger.sslContextTrustingCa(), listener.getLocalPort())) {
                  client.startHandshake();
                }
              })
          .isInstanceOf(SSLHandshakeException.class);
      served.get(10, TimeUnit.SECONDS);
    }
  }

  /** TLS validation uses the real time, so handshake tests use a CA made at the real time. */
  private static FakeClock clockNow() {
    return new FakeClock(Instant.now());
  }

  private static SSLSocket connect(SSLContext context, int port) throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    plain.setSoTimeout(10_000);
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
