package io.bulwark.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigRecordsTest {

  @Test
  void rejectsOutOfRangePortsNamingTheKey() {
    assertThatThrownBy(() -> new AdminConfig("127.0.0.1", 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admin.port: must be between 0 and 65535");
    assertThatThrownBy(() -> new BakeryConfig(true, "127.0.0.1", 1, 2, -1))
        .hasMessage("bakery.paymentsPort: must be between 0 and 65535");
  }

  @Test
  void rejectsBlankOrSpacedHosts() {
    assertThatThrownBy(() -> new AdminConfig(" ", 1)).hasMessage("admin.host: must not be empty");
    assertThatThrownBy(() -> new AdminConfig("a b", 1))
        .hasMessage("admin.host: must be a host name or IP address");
    assertThatThrownBy(() -> new AdminConfig(null, 1)).hasMessage("admin.host: must be set");
  }

  @Test
  void rejectsEqualFixedBakeryPortsButAllowsSeveralFreePorts() {
    assertThatThrownBy(() -> new BakeryConfig(true, "localhost", 9000, 9001, 9000))
        .hasMessage("bakery.paymentsPort: must differ from bakery.catalogPort");
    assertThat(new BakeryConfig(true, "localhost", 0, 0, 0).ordersPort()).isZero();
  }

  @Test
  void requiresCertificateAndKeyTogether() {
    assertThatThrownBy(() -> new TlsConfig(Optional.of(Path.of("c.pem")), Optional.empty()))
        .hasMessage("tls.keyFile: must be set when tls.certFile is set");
    assertThatThrownBy(() -> new TlsConfig(Optional.empty(), Optional.of(Path.of("k.pem"))))
        .hasMessage("tls.certFile: must be set when tls.keyFile is set");
    assertThat(
            new TlsConfig(Optional.of(Path.of("c.pem")), Optional.of(Path.of("k.pem")))
                .hasOperatorCertificate())
        .isTrue();
  }

  @Test
  void rejectsNonHttpEndpointsAndRatiosOutsideZeroToOne() {
    assertThatThrownBy(
            () -> new TracingConfig("x", Optional.of(URI.create("ftp://collector/x")), 1.0))
        .hasMessage("tracing.otlpEndpoint: must be an absolute http or https URL with a host");
    assertThatThrownBy(() -> new TracingConfig("x", Optional.empty(), Double.NaN))
        .hasMessage("tracing.sampleRatio: must be between 0 and 1");
    assertThatThrownBy(() -> new TracingConfig("x", Optional.empty(), -0.1))
        .hasMessage("tracing.sampleRatio: must be between 0 and 1");
  }

  @Test
  void identityIssuerDefaultsToLocalhostOnTheBoundPortAndMustBeHttps() {
    IdentityConfig defaults = IdentityConfig.defaults();
    assertThat(defaults.port()).isEqualTo(9443);
    assertThat(defaults.resolveIssuer(9443)).isEqualTo(URI.create("https://localhost:9443"));
    assertThatThrownBy(() -> identityWithIssuer("http://id.example.com"))
        .hasMessage("identity.issuer: must be an https URL without query or fragment");
    assertThat(identityWithIssuer("https://id.example.com/tenant").resolveIssuer(1))
        .isEqualTo(URI.create("https://id.example.com/tenant"));
  }

  @Test
  void rejectsIdentityLifetimesOutOfRangeNamingTheKey() {
    IdentityConfig d = IdentityConfig.defaults();
    assertThatThrownBy(() ->
            new IdentityConfig(
                d.host(),
                d.port(),
                d.issuer(),
                "HS256",
                d.accessTokenTtl(),
                d.idTokenTtl(),
                d.authorizationCodeTtl(),
                d.refreshTokenIdleTtl(),
                d.refreshTokenMaxTtl()))
        .hasMessage("identity.signingAlgorithm: must be one of: RS256, ES256, EdDSA");
    assertThatThrownBy(() ->
            new IdentityConfig(
                d.host(),
                d.port(),
                d.issuer(),
                d.signingAlgorithm(),
                Duration.ofDays(2),
                d.idTokenTtl(),
                d.authorizationCodeTtl(),
                d.refreshTokenIdleTtl(),
                d.refreshTokenMaxTtl()))
        .hasMessage("identity.accessTokenTtl: must be positive and at most PT24H");
    assertThatThrownBy(() ->
            new IdentityConfig(
                d.host(),
                d.port(),
                d.issuer(),
                d.signingAlgorithm(),
                d.accessTokenTtl(),
                d.idTokenTtl(),
                d.authorizationCodeTtl(),
                Duration.ofDays(30),
                Duration.ofDays(14)))
        .hasMessage(
            "identity.refreshTokenIdleTtl: must not be longer than identity.refreshTokenMaxTtl");
  }

  private static IdentityConfig identityWithIssuer(String issuer) {
    IdentityConfig d = IdentityConfig.defaults();
    return new IdentityConfig(
        d.host(),
        d.port(),
        Optional.of(URI.create(issuer)),
        d.signingAlgorithm(),
        d.accessTokenTtl(),
        d.idTokenTtl(),
        d.authorizationCodeTtl(),
        d.refreshTokenIdleTtl(),
        d.refreshTokenMaxTtl());
  }

  @Test
  void rejectsUnknownLogLevel() {
    assertThatThrownBy(() -> new LogConfig(LogFormat.TEXT, "INFO"))
        .hasMessage("log.level: must be one of: trace, debug, info, warn, error");
  }

  @Test
  void resolvesRelativeAuditDirAgainstDataDirAndKeepsAbsoluteOne() {
    Path dataDir = Path.of("/srv/bulwark");

    assertThat(AuditConfig.defaults().resolveDir(dataDir)).isEqualTo(Path.of("/srv/bulwark/audit"));
    assertThat(new AuditConfig(Path.of("/var/log/audit"), FsyncPolicy.OS).resolveDir(dataDir))
        .isEqualTo(Path.of("/var/log/audit"));
  }

  @Test
  void formatsErrorsLikeACompiler() {
    assertThat(new ConfigError("bulwark.yaml", 4, 9, "admin.port", "must be between 0 and 65535"))
        .hasToString("bulwark.yaml:4:9: admin.port: must be between 0 and 65535");
    assertThat(new ConfigError("environment", 0, 0, "BULWARK_X", "unknown Bulwark variable"))
        .hasToString("environment: BULWARK_X: unknown Bulwark variable");
    assertThat(new ConfigError("bulwark.yaml", 0, 0, "", "file not found"))
        .hasToString("bulwark.yaml: file not found");
  }
}
