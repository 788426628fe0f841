package io.bulwark.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("bulwark.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private List<ConfigError> errorsOf(String yaml) throws IOException {
    return loader.validate(write(yaml));
  }

  private List<String> formatted(String yaml) throws IOException {
    return errorsOf(yaml).stream().map(ConfigError::format).toList();
  }

  private String name() {
    return dir.resolve("bulwark.yaml").toString();
  }

  @Test
  void usesDocumentedDefaultsWithoutFileEnvironmentOrOverrides() {
    BulwarkConfig config = loader.load(Optional.empty(), Map.of(), Map.of());

    assertThat(config).isEqualTo(BulwarkConfig.defaults());
    assertThat(config.dataDir()).isEqualTo(Path.of("./.bulwark"));
    assertThat(config.log()).isEqualTo(new LogConfig(LogFormat.TEXT, "info"));
    assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9900));
    assertThat(config.tracing().otlpEndpoint()).isEmpty();
    assertThat(config.tracing().sampleRatio()).isEqualTo(1.0);
    assertThat(config.audit().fsync()).isEqualTo(FsyncPolicy.ALWAYS);
    assertThat(config.auditDir()).isEqualTo(Path.of("./.bulwark/audit"));
    assertThat(config.tls().hasOperatorCertificate()).isFalse();
    assertThat(config.bakery()).isEqualTo(new BakeryConfig(true, "127.0.0.1", 8081, 8082, 8083));
  }

  @Test
  void emptyFileAndCommentOnlyFileGiveDefaults() throws IOException {
    assertThat(loader.load(Optional.of(write("")), Map.of(), Map.of()))
        .isEqualTo(BulwarkConfig.defaults());
    assertThat(loader.load(Optional.of(write("# nothing set\n")), Map.of(), Map.of()))
        .isEqualTo(BulwarkConfig.defaults());
  }

  @Test
  void readsEveryKeyOfAFullFile() throws IOException {
    Path file =
        write(
            """
            dataDir: /var/lib/bulwark
            log:
              format: json
              level: debug
            admin:
              host: 0.0.0.0
              port: 9901
            tracing:
              serviceName: edge
              otlpEndpoint: http://127.0.0.1:4318/v1/traces
              sampleRatio: 0.25
            audit:
              dir: /var/log/bulwark/audit
              fsync: os
            tls:
              certFile: certs/server.pem
              keyFile: certs/server.key
            bakery:
              enabled: false
              host: localhost
              catalogPort: 0
              ordersPort: 0
              paymentsPort: 18083
            policy:
              dir: /etc/bulwark/policies
              host: localhost
              port: 0
            identity:
              host: 0.0.0.0
              port: 8443
              issuer: https://id.example.com
              signingAlgorithm: EdDSA
              accessTokenTtl: PT10M
              idTokenTtl: PT2M
              authorizationCodeTtl: PT30S
              refreshTokenIdleTtl: PT12H
              refreshTokenMaxTtl: P7D
            """);

    BulwarkConfig config = loader.load(Optional.of(file), Map.of(), Map.of());

    assertThat(config)
        .isEqualTo(
            new BulwarkConfig(
                Path.of("/var/lib/bulwark"),
                new LogConfig(LogFormat.JSON, "debug"),
                new AdminConfig("0.0.0.0", 9901),
                new TracingConfig(
                    "edge", Optional.of(URI.create("http://127.0.0.1:4318/v1/traces")), 0.25),
                new AuditConfig(Path.of("/var/log/bulwark/audit"), FsyncPolicy.OS),
                new TlsConfig(
                    Optional.of(Path.of("certs/server.pem")),
                    Optional.of(Path.of("certs/server.key"))),
                new BakeryConfig(false, "localhost", 0, 0, 18083),
                new PolicyConfig(Optional.of(Path.of("/etc/bulwark/policies")), "localhost", 0),
                GatewayConfig.defaults(),
                new IdentityConfig(
                    "0.0.0.0",
                    8443,
                    Optional.of(URI.create("https://id.example.com")),
                    "EdDSA",
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(30),
                    Duration.ofHours(12),
                    Duration.ofDays(7))));
    assertThat(config.auditDir()).isEqualTo(Path.of("/var/log/bulwark/audit"));
    assertThat(loader.validate(file)).isEmpty();
  }

  @Test
  void partialFileKeepsDefaultsForKeysItDoesNotSet() throws IOException {
    BulwarkConfig config =
        loader.load(Optional.of(write("admin:\n  port: 9950\n")), Map.of(), Map.of());

    assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9950));
    assertThat(config.bakery()).isEqualTo(BakeryConfig.defaults());
  }

  @Test
  void explicitNullKeepsOptionalKeysUnset() throws IOException {
    BulwarkConfig config =
        loader.load(
            Optional.of(write("tracing:\n  otlpEndpoint:\ntls:\n  certFile: null\n")),
            Map.of(),
            Map.of());

    assertThat(config.tracing().otlpEndpoint()).isEmpty();
    assertThat(config.tls()).isEqualTo(TlsConfig.defaults());
  }

  @Test
  void rejectsAnIdentityLifetimeThatIsNotAnIsoDuration() throws IOException {
    assertThat(formatted("identity:\n  accessTokenTtl: 5m\n"))
        .singleElement()
        .satisfies(error -> assertThat(error).contains("identity.accessTokenTtl"));
  }

  @Test
  void reportsUnknownRootKeyAtTheKey() throws IOException {
    assertThat(formatted("admin:\n  port: 1\ndataDri: x\n"))
        .containsExactly(
            name()
                + ":3:1: dataDri: unknown key (did you mean 'dataDir'?); allowed at the top level:"
                + " dataDir, log, admin, tracing, audit, tls, bakery, policy, gateway, identity");
  }

  @Test
  void reportsUnknownNestedKeyAtTheKey() throws IOException {
    List<ConfigError> errors = errorsOf("admin:\n  host: 127.0.0.1\n  prot: 9901\n");

    assertThat(errors).hasSize(1);
    ConfigError error = errors.get(0);
    assertThat(error.line()).isEqualTo(3);
    assertThat(error.column()).isEqualTo(3);
    assertThat(error.path()).isEqualTo("admin.prot");
    assertThat(error.message())
        .isEqualTo("unknown key (did you mean 'port'?); allowed here: host, port");
  }

  @Test
  void reportsWrongTypeAtTheValue() throws IOException {
    assertThat(formatted("admin:\n  port: nine\n"))
        .containsExactly(name() + ":2:9: admin.port: must be an integer, not a string");
    assertThat(formatted("bakery:\n  enabled: yes please\n"))
        .containsExactly(name() + ":2:12: bakery.enabled: must be true or false, not a string");
    assertThat(formatted("log: verbose\n"))
        .containsExactly(name() + ":1:6: log: must be a mapping, not a string");
  }

  @Test
  void reportsOutOfRangeAtTheValue() throws IOException {
    assertThat(formatted("admin:\n  port: 65536\n"))
        .containsExactly(name() + ":2:9: admin.port: must be between 0 and 65535");
    assertThat(formatted("tracing:\n    sampleRatio: 1.5\n"))
        .containsExactly(name() + ":2:18: tracing.sampleRatio: must be between 0 and 1");
  }

  @Test
  void reportsBadEnumValueWithTheAllowedValues() throws IOException {
    assertThat(formatted("log:\n  format: xml\n  level: loud\n"))
        .containsExactly(
            name() + ":2:11: log.format: must be one of: text, json",
            name() + ":3:10: log.level: must be one of: trace, debug, info, warn, error");
  }

  @Test
  void reportsBadFormsAndEmptyStrings() throws IOException {
    assertThat(formatted("tracing:\n  otlpEndpoint: ftp://x\n  serviceName: ''\n"))
        .containsExactly(
            name()
                + ":2:17: tracing.otlpEndpoint: has the wrong form (for example"
                + " http://127.0.0.1:4318/v1/traces)",
            name() + ":3:16: tracing.serviceName: must not be empty");
  }

  @Test
  void reportsYamlSyntaxErrorWithLineAndColumn() throws IOException {
    List<ConfigError> errors = errorsOf("admin:\n  host: a: b\n");

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).line()).isEqualTo(2);
    assertThat(errors.get(0).column()).isEqualTo(10);
    assertThat(errors.get(0).path()).isEmpty();
    assertThat(errors.get(0).message())
        .isEqualTo("YAML syntax error: mapping values are not allowed here");
  }

  @Test
  void reportsUnterminatedFlowCollection() throws IOException {
    List<ConfigError> errors = errorsOf("admin: {port: 1\nlog: {}\n");

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).message()).startsWith("YAML syntax error: ");
    assertThat(errors.get(0).line()).isEqualTo(2);
  }

  @Test
  void reportsDuplicateKeyAtTheSecondOccurrence() throws IOException {
    assertThat(formatted("admin:\n  port: 1\n  port: 2\n"))
        .containsExactly(
            name() + ":3:3: admin.port: duplicate key (first defined at line 2, column 3)");
    assertThat(formatted("log: {}\nadmin: {}\nlog: {}\n"))
        .containsExactly(name() + ":3:1: log: duplicate key (first defined at line 1, column 1)");
  }

  @Test
  void reportsEveryErrorOfAFileInFileOrder() throws IOException {
    List<String> errors =
        formatted(
            """
            dataDir: 7
            log:
              format: xml
              colour: true
            admin:
              port: -1
              port: 2
            bakery:
              ordersPort: 70000
            extra: 1
            """);

    assertThat(errors)
        .containsExactly(
            name() + ":1:10: dataDir: must be a string, not an integer",
            name() + ":3:11: log.format: must be one of: text, json",
            name() + ":4:3: log.colour: unknown key; allowed here: format, level",
            name() + ":6:9: admin.port: must be between 0 and 65535",
            name() + ":7:3: admin.port: duplicate key (first defined at line 6, column 3)",
            name() + ":9:15: bakery.ordersPort: must be between 0 and 65535",
            name()
                + ":10:1: extra: unknown key; allowed at the top level: dataDir, log, admin,"
                + " tracing, audit, tls, bakery, policy, gateway, identity");
  }

  @Test
  void rejectsAliasesAndSeveralDocuments() throws IOException {
    assertThat(formatted("admin:\n  host: &h 127.0.0.1\nbakery:\n  host: *h\n"))
        .containsExactly(name() + ":4:9: bakery.host: aliases (*name) are not supported");
    assertThat(formatted("admin: {}\n---\nlog: {}\n"))
        .containsExactly(name() + ":3:1: a second YAML document starts here; only one is allowed");
  }

  @Test
  void rejectsDocumentThatIsNotAMapping() throws IOException {
    assertThat(formatted("- a\n- b\n"))
        .containsExactly(name() + ":1:1: must be a mapping, not a list");
  }

  @Test
  void reportsCrossKeyRuleAtTheFileLocation() throws IOException {
    assertThat(formatted("tls:\n  certFile: server.pem\n"))
        .containsExactly(name() + ":2:13: tls.keyFile: must be set when tls.certFile is set");
    assertThat(formatted("bakery:\n  catalogPort: 9000\n  ordersPort: 9000\n"))
        .containsExactly(name() + ":3:15: bakery.ordersPort: must differ from bakery.catalogPort");
  }

  @Test
  void reportsMissingUnreadableAndOversizedFiles() throws IOException {
    Path missing = dir.resolve("absent.yaml");
    assertThat(loader.validate(missing))
        .containsExactly(new ConfigError(missing.toString(), 0, 0, "", "file not found"));
    assertThat(loader.validate(dir))
        .extracting(ConfigError::message)
        .containsExactly("is a directory, not a configuration file");

    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "#".repeat((int) ConfigLoader.MAX_FILE_BYTES + 1));
    assertThat(loader.validate(big))
        .extracting(ConfigError::message)
        .containsExactly("is larger than 1 MiB");

    Path binary = dir.resolve("binary.yaml");
    Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
    assertThat(loader.validate(binary))
        .extracting(ConfigError::message)
        .containsExactly("is not valid UTF-8");
  }

  @Test
  void loadThrowsConfigExceptionCarryingAllErrors() throws IOException {
    Path file = write("admin:\n  port: 70000\nlog:\n  level: loud\n");

    assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.errors()).hasSize(2);
              assertThat(e.getMessage())
                  .startsWith("invalid configuration (2 errors):")
                  .contains(file + ":2:9: admin.port: must be between 0 and 65535");
            });
  }

  @Test
  void environmentOverridesFileWithTypeConversion() throws IOException {
    Path file = write("admin:\n  port: 9901\nbakery:\n  enabled: true\n");
    Map<String, String> env =
        Map.of(
            "BULWARK_ADMIN_PORT", "9902",
            "BULWARK_BAKERY_ENABLED", "FALSE",
            "BULWARK_TRACING_SAMPLE_RATIO", "0.5",
            "BULWARK_TRACING_OTLP_ENDPOINT", "https://collector.example:4318/v1/traces",
            "BULWARK_DATA_DIR", "/tmp/bw",
            "BULWARK_LOG_FORMAT", "json",
            "PATH", "/usr/bin");

    BulwarkConfig config = loader.load(Optional.of(file), env, Map.of());

    assertThat(config.admin().port()).isEqualTo(9902);
    assertThat(config.bakery().enabled()).isFalse();
    assertThat(config.tracing().sampleRatio()).isEqualTo(0.5);
    assertThat(config.tracing().otlpEndpoint())
        .contains(URI.create("https://collector.example:4318/v1/traces"));
    assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/bw"));
    assertThat(config.log().format()).isEqualTo(LogFormat.JSON);
  }

  @Test
  void emptyEnvironmentValueClearsANullableKey() throws IOException {
    Path file = write("tracing:\n  otlpEndpoint: http://127.0.0.1:4318/v1/traces\n");

    BulwarkConfig config =
        loader.load(Optional.of(file), Map.of("BULWARK_TRACING_OTLP_ENDPOINT", ""), Map.of());

    assertThat(config.tracing().otlpEndpoint()).isEmpty();
  }

  @Test
  void reportsBadEnvironmentValuesNamingTheVariable() {
    Map<String, String> env =
        Map.of(
            "BULWARK_ADMIN_PORT", "ninety",
            "BULWARK_BAKERY_CATALOG_PORT", "99999",
            "BULWARK_BAKERY_ENABLED", "yes",
            "BULWARK_LOG_LEVEL", "loud");

    assertThatThrownBy(() -> loader.load(Optional.empty(), env, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigError::format)
                    .containsExactlyInAnyOrder(
                        "environment: admin.port: must be an integer (from BULWARK_ADMIN_PORT)",
                        "environment: bakery.enabled: must be true or false"
                            + " (from BULWARK_BAKERY_ENABLED)",
                        "environment: bakery.catalogPort: must be between 0 and 65535"
                            + " (from BULWARK_BAKERY_CATALOG_PORT)",
                        "environment: log.level: must be one of: trace, debug, info, warn, error"
                            + " (from BULWARK_LOG_LEVEL)"));
  }

  @Test
  void rejectsUnknownBulwarkVariableButIgnoresReservedOnes() {
    Map<String, String> env =
        Map.of(
            "BULWARK_ADMIN_PROT", "1",
            "BULWARK_JAVA_OPTS", "-Xmx1g",
            "BULWARK_JAVA_HOME", "/opt/jdk",
            "BULWARK_CONFIG", "bulwark.yaml",
            "BULWARK_TEST_SEED", "42",
            "NOT_BULWARK_ADMIN_PORT", "x");

    assertThatThrownBy(() -> loader.load(Optional.empty(), env, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new ConfigError(
                            "environment",
                            0,
                            0,
                            "BULWARK_ADMIN_PROT",
                            "unknown Bulwark variable (did you mean BULWARK_ADMIN_PORT?); unset"
                                + " it, or see docs/configuration.md for the variables that"
                                + " exist")));
    assertThat(
            loader.load(
                Optional.empty(),
                Map.of("BULWARK_JAVA_OPTS", "-Xmx1g", "BULWARK_TEST_SEED", "1"),
                Map.of()))
        .isEqualTo(BulwarkConfig.defaults());
  }

  @Test
  void overridesWinOverEnvironmentAndFile() throws IOException {
    Path file = write("admin:\n  port: 9901\ndataDir: from-file\n");

    BulwarkConfig config =
        loader.load(
            Optional.of(file),
            Map.of("BULWARK_ADMIN_PORT", "9902", "BULWARK_DATA_DIR", "from-env"),
            Map.of("admin.port", "9903"));

    assertThat(config.admin().port()).isEqualTo(9903);
    assertThat(config.dataDir()).isEqualTo(Path.of("from-env"));
  }

  @Test
  void reportsBadAndUnknownOverrides() {
    assertThatThrownBy(() ->
            loader.load(
                Optional.empty(),
                Map.of(),
                Map.of("admin.port", "-5", "admin.prot", "1", "admin", "x")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigError::format)
                    .containsExactly(
                        "override: admin: is a section; set one of its keys: admin.host,"
                            + " admin.port",
                        "override: admin.prot: unknown key (did you mean admin.port?)",
                        "override: admin.port: must be between 0 and 65535"));
  }

  @Test
  void crossKeyRuleSpansSources() throws IOException {
    Path file = write("tls:\n  certFile: server.pem\n");

    BulwarkConfig config =
        loader.load(Optional.of(file), Map.of("BULWARK_TLS_KEY_FILE", "server.key"), Map.of());
    assertThat(config.tls().keyFile()).contains(Path.of("server.key"));

    assertThatThrownBy(
            () -> loader.load(Optional.empty(), Map.of(), Map.of("tls.keyFile", "server.key")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigError::format)
                    .containsExactly(
                        "override: tls.certFile: must be set when tls.keyFile is set"));
  }

  @Test
  void reportsErrorsOfFileEnvironmentAndOverridesTogether() throws IOException {
    Path file = write("admin:\n  port: x\n");

    assertThatThrownBy(() ->
            loader.load(
                Optional.of(file), Map.of("BULWARK_NOPE", "1"), Map.of("bakery.ordersPort", "x")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigError::source)
                    .containsExactly(file.toString(), "environment", "override"));
  }

  @Test
  void validateWithEnvironmentChecksVariablesToo() throws IOException {
    Path file = write("admin:\n  port: 9901\n");

    assertThat(loader.validate(file, Map.of("BULWARK_ADMIN_PORT", "x")))
        .extracting(ConfigError::path)
        .containsExactly("admin.port");
    assertThat(loader.validate(file)).isEmpty();
  }

  @Test
  void bindsGatewayRoutesClustersAndRejectsRouteToUnknownCluster() throws IOException {
    BulwarkConfig config =
        loader.load(
            Optional.of(
                write(
                    """
                    gateway:
                      listeners:
                        - {name: public, host: 0.0.0.0, port: 8080, tls: false}
                      routes:
                        - {id: orders, path: "/orders/{id}", match: template, methods: [GET],
                           cluster: shop, resource: {kind: order, idParam: id}}
                      clusters:
                        - {name: shop, endpoints: ["127.0.0.1:8082"], balancing: least_request}
                      timeouts: {requestMs: 1500}
                    """)),
            Map.of("BULWARK_GATEWAY_TRUSTED_PROXIES", "[\"10.0.0.0/8\"]"),
            Map.of());
    GatewayConfig gateway = config.gateway();
    assertThat(gateway.listeners())
        .containsExactly(new GatewayConfig.Listener("public", "0.0.0.0", 8080, false));
    assertThat(gateway.routes().get(0).resource().orElseThrow().idParam()).contains("id");
    assertThat(gateway.clusters().get(0).balancing()).isEqualTo("least_request");
    assertThat(gateway.trustedProxies()).containsExactly("10.0.0.0/8");
    assertThat(gateway.timeouts().request()).isEqualTo(java.time.Duration.ofMillis(1500));
    assertThat(gateway.timeouts().connect()).isEqualTo(java.time.Duration.ofMillis(5000));

    assertThat(formatted("gateway:\n  routes:\n    - {id: a, path: /a, cluster: nowhere}\n"))
        .singleElement()
        .asString()
        .contains("gateway.routes[0].cluster");
  }

  @Test
  void bindsClusterCircuitBreakerRetryAndBulkheadWithDefaultsForWhatIsLeftOut() throws IOException {
    BulwarkConfig config =
        loader.load(
            Optional.of(
                write(
                    """
                    gateway:
                      clusters:
                        - name: pay
                          endpoints: ["127.0.0.1:8083"]
                          circuitBreaker: {minimumNumberOfCalls: 4, slidingWindowSize: 8,
                                           waitInOpenStateMs: 2500, slowCallDurationMs: 900}
                          retry: {maxAttempts: 1, backoffMs: 20}
                          bulkhead: {maxConcurrentRequests: 7}
                        - {name: shop, endpoints: ["127.0.0.1:8082"]}
                    """)),
            Map.of(),
            Map.of());
    GatewayConfig.Cluster pay = config.gateway().clusters().get(0);
    assertThat(pay.circuitBreaker())
        .isEqualTo(
            new GatewayConfig.CircuitBreaker(
                50,
                java.time.Duration.ofMillis(900),
                100,
                4,
                8,
                java.time.Duration.ofMillis(2500),
                3));
    assertThat(pay.retry())
        .isEqualTo(new GatewayConfig.Retry(1, 20, java.time.Duration.ofMillis(20)));
    assertThat(pay.bulkhead().maxConcurrentRequests()).contains(7);
    GatewayConfig.Cluster shop = config.gateway().clusters().get(1);
    assertThat(shop.circuitBreaker()).isEqualTo(GatewayConfig.CircuitBreaker.defaults());
    assertThat(shop.retry()).isEqualTo(GatewayConfig.Retry.defaults());
    assertThat(shop.bulkhead()).isEqualTo(GatewayConfig.Bulkhead.defaults());
  }

  @Test
  void rejectsClusterResilienceValuesOutOfRangeNamingTheKey() throws IOException {
    String cluster = "gateway:\n  clusters:\n    - {name: c, endpoints: [\"127.0.0.1:1\"], %s}\n";
    assertThat(formatted(cluster.formatted("circuitBreaker: {failureRateThreshold: 0}")))
        .singleElement()
        .asString()
        .contains("gateway.clusters[0].circuitBreaker.failureRateThreshold");
    assertThat(formatted(cluster.formatted("retry: {maxAttempts: 6}")))
        .singleElement()
        .asString()
        .contains("gateway.clusters[0].retry.maxAttempts");
    assertThat(formatted(cluster.formatted("bulkhead: {maxConcurrentRequests: 0}")))
        .singleElement()
        .asString()
        .contains("gateway.clusters[0].bulkhead.maxConcurrentRequests");
    assertThat(formatted(cluster.formatted("retry: {attempts: 2}")))
        .singleElement()
        .asString()
        .contains("gateway.clusters[0].retry");
    assertThat(
            formatted(
                cluster.formatted(
                    "circuitBreaker: {minimumNumberOfCalls: 30, slidingWindowSize: 20}")))
        .singleElement()
        .asString()
        .contains("gateway.clusters[0].circuitBreaker.minimumNumberOfCalls");
  }
}
