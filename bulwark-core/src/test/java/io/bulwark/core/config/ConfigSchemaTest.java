package io.bulwark.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
  private static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent();
  private static final String RESOURCE_FILE =
      "bulwark-core/src/main/resources/io/bulwark/core/config/bulwark.schema.json";

  private final ConfigSchema schema = ConfigSchema.get();

  @Test
  void docsCopyOfTheSchemaIsIdenticalToTheResource() throws IOException {
    String docs = Files.readString(REPO_ROOT.resolve("docs/bulwark.schema.json"));

    assertThat(docs)
        .as(
            "docs/bulwark.schema.json must be an exact copy of the schema resource; run from the"
                + " repository root: cp %s docs/bulwark.schema.json",
            RESOURCE_FILE)
        .isEqualTo(schema.json());
  }

  @Test
  void derivesEnvironmentNamesFromKeyPaths() {
    assertThat(ConfigSchema.envName("dataDir")).isEqualTo("BULWARK_DATA_DIR");
    assertThat(ConfigSchema.envName("admin.port")).isEqualTo("BULWARK_ADMIN_PORT");
    assertThat(ConfigSchema.envName("tracing.otlpEndpoint"))
        .isEqualTo("BULWARK_TRACING_OTLP_ENDPOINT");
    assertThat(ConfigSchema.envName("bakery.catalogPort")).isEqualTo("BULWARK_BAKERY_CATALOG_PORT");
    assertThat(schema.propertyForEnv("BULWARK_TLS_KEY_FILE"))
        .map(ConfigProperty::path)
        .contains("tls.keyFile");
  }

  @Test
  void listsEveryLeafKeyInSchemaOrder() {
    assertThat(schema.properties())
        .extracting(ConfigProperty::path)
        .containsExactly(
            "dataDir",
            "log.format",
            "log.level",
            "admin.host",
            "admin.port",
            "tracing.serviceName",
            "tracing.otlpEndpoint",
            "tracing.sampleRatio",
            "audit.dir",
            "audit.fsync",
            "audit.mode",
            "audit.host",
            "audit.port",
            "audit.postgres.url",
            "audit.postgres.user",
            "audit.postgres.password",
            "audit.webhookUrl",
            "audit.syslog.host",
            "audit.syslog.port",
            "audit.syslog.tls",
            "audit.detection.enabled",
            "audit.detection.rulesDir",
            "audit.detection.businessZone",
            "audit.detection.businessHours",
            "audit.detection.businessDays",
            "audit.detection.certIdentityPattern",
            "audit.alerts.webhookUrl",
            "audit.alerts.maxPerRulePerMinute",
            "audit.alerts.retain",
            "tls.certFile",
            "tls.keyFile",
            "bakery.enabled",
            "bakery.host",
            "bakery.catalogPort",
            "bakery.ordersPort",
            "bakery.paymentsPort",
            "policy.dir",
            "policy.host",
            "policy.port",
            "gateway.listeners",
            "gateway.routes",
            "gateway.clusters",
            "gateway.trustedProxies",
            "gateway.timeouts.connectMs",
            "gateway.timeouts.requestMs",
            "gateway.timeouts.idleMs",
            "gateway.timeouts.requestHeadersMs",
            "gateway.limits.maxRequestLineBytes",
            "gateway.limits.maxHeaderBytes",
            "gateway.limits.maxHeaders",
            "gateway.limits.maxBodyBytes",
            "gateway.auth.realm",
            "gateway.auth.issuers",
            "gateway.auth.apiKeys",
            "gateway.auth.apiKeyFile",
            "gateway.auth.mtls.trustDomains",
            "gateway.auth.mtls.caFile",
            "gateway.revocation.issuer",
            "gateway.revocation.clientId",
            "gateway.revocation.clientSecret",
            "gateway.redis.url",
            "gateway.redis.onFailure",
            "identity.host",
            "identity.port",
            "identity.issuer",
            "identity.signingAlgorithm",
            "identity.accessTokenTtl",
            "identity.idTokenTtl",
            "identity.authorizationCodeTtl",
            "identity.refreshTokenIdleTtl",
            "identity.refreshTokenMaxTtl");
    assertThat(schema.property("admin.port").orElseThrow().types()).containsExactly("integer");
    assertThat(schema.property("tls.certFile").orElseThrow().nullable()).isTrue();
  }

  @Test
  void everyKeyHasADescriptionAndADefaultForEditors() {
    for (ConfigProperty property : schema.properties()) {
      assertThat(property.description()).as(property.path()).isNotBlank();
    }
    List<String> withoutDefault = new ArrayList<>();
    walk(schema.properties(), withoutDefault);
    assertThat(withoutDefault).isEmpty();
  }

  @Test
  void schemaDefaultsAreTheJavaDefaults() {
    ObjectNode tree = ObjectNodes.empty();
    for (ConfigProperty property : schema.properties()) {
      ObjectNodes.put(tree, property.path(), property.defaultValue());
    }

    assertThat(ConfigBinder.bind(tree)).isEqualTo(BulwarkConfig.defaults());
    assertThat(ConfigBinder.bind(ObjectNodes.empty())).isEqualTo(BulwarkConfig.defaults());
  }

  @Test
  void everyObjectRejectsUnknownKeys() throws IOException {
    JsonNode root = new ObjectMapper().readTree(schema.json());
    List<String> open = new ArrayList<>();
    collectOpenObjects(root, "", open);

    assertThat(root.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(root.path("$id").asText()).isNotBlank();
    assertThat(open).as("objects without additionalProperties: false").isEmpty();
  }

  @Test
  void configurationDocMentionsEveryKeyAndVariable() throws IOException {
    String doc =
        Files.readString(REPO_ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8);

    for (ConfigProperty property : schema.properties()) {
      assertThat(doc)
          .as("docs/configuration.md documents %s", property.path())
          .contains("`" + property.path() + "`")
          .contains(property.envName());
    }
    for (String ignored : ConfigLoader.IGNORED_VARIABLES) {
      assertThat(doc).contains(ignored);
    }
    assertThat(doc).contains(ConfigLoader.IGNORED_PREFIX);
  }

  @Test
  void exampleInTheDocsIsValid() throws IOException {
    String doc =
        Files.readString(REPO_ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("```yaml\n# yaml-language-server:");
    assertThat(start).as("docs/configuration.md has an example file").isNotNegative();
    String example = doc.substring(start + "```yaml\n".length(), doc.indexOf("```", start + 7));
    Path file = Files.createTempFile("bulwark-example", ".yaml");
    try {
      Files.writeString(file, example);
      assertThat(new ConfigLoader().validate(file)).isEmpty();
      assertThat(new ConfigLoader().load(Optional.of(file), Map.of(), Map.of()))
          .isEqualTo(BulwarkConfig.defaults());
    } finally {
      Files.delete(file);
    }
  }

  private static void walk(List<ConfigProperty> properties, List<String> withoutDefault) {
    for (ConfigProperty property : properties) {
      if (property.defaultValue().isNull() && !property.nullable()) {
        withoutDefault.add(property.path());
      }
    }
  }

  private static void collectOpenObjects(JsonNode node, String at, List<String> open) {
    if (node.isObject()) {
      if (node.has("properties")
          && !(node.has("additionalProperties")
              && node.get("additionalProperties").isBoolean()
              && !node.get("additionalProperties").booleanValue())) {
        open.add(at.isEmpty() ? "(root)" : at);
      }
      node.properties().forEach(e -> collectOpenObjects(e.getValue(), at + "/" + e.getKey(), open));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectOpenObjects(node.get(i), at + "/" + i, open);
      }
    }
  }
}
