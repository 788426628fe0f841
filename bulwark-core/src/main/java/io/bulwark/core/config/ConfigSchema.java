package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON Schema (draft 2020-12) of {@code bulwark.yaml}, loaded from the class-path resource
 * {@value #RESOURCE} — the single source of the schema; {@code docs/bulwark.schema.json} is a copy.
 *
 * <p>Besides validating, it drives the environment mapping: every leaf key gets a variable name
 * from its path ({@code tracing.otlpEndpoint} becomes {@code BULWARK_TRACING_OTLP_ENDPOINT}), so a
 * key added to the schema is overridable without further code.
 */
public final class ConfigSchema {
  /** Class-path location of the schema. */
  public static final String RESOURCE = "/io/bulwark/core/config/bulwark.schema.json";

  /** Prefix of every environment variable that sets a key. */
  public static final String ENV_PREFIX = "BULWARK_";

  private static final ConfigSchema INSTANCE = load();

  private final String json;
  private final JsonNode root;
  private final JsonSchema validator;
  private final Map<String, ConfigProperty> byPath;
  private final Map<String, ConfigProperty> byEnvName;
  private final Map<String, List<String>> sectionKeys;

  private ConfigSchema(String json) {
    this.json = json;
    try {
      this.root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("bulwark.schema.json is not valid JSON", e);
    }
    this.validator =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(
                root, SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());
    Map<String, ConfigProperty> properties = new LinkedHashMap<>();
    Map<String, List<String>> sections = new LinkedHashMap<>();
    collect(root, "", properties, sections);
    this.byPath = Collections.unmodifiableMap(properties);
    this.sectionKeys = Collections.unmodifiableMap(sections);
    Map<String, ConfigProperty> env = new LinkedHashMap<>();
    for (ConfigProperty property : properties.values()) {
      ConfigProperty clash = env.putIfAbsent(property.envName(), property);
      if (clash != null) {
        throw new IllegalStateException(
            property.path()
                + " and "
                + clash.path()
                + " map to the same variable "
                + property.envName());
      }
    }
    this.byEnvName = Collections.unmodifiableMap(env);
  }

  /** The schema shipped with this build. */
  public static ConfigSchema get() {
    return INSTANCE;
  }

  /** The schema document exactly as shipped, for {@code bulwark config schema} and editors. */
  public String json() {
    return json;
  }

  /** Every settable key, in schema order. */
  public List<ConfigProperty> properties() {
    return List.copyOf(byPath.values());
  }

  /** The settable key at a dotted path such as {@code admin.port}. */
  public Optional<ConfigProperty> property(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  /** The settable key an environment variable such as {@code BULWARK_ADMIN_PORT} overrides. */
  public Optional<ConfigProperty> propertyForEnv(String variable) {
    return Optional.ofNullable(byEnvName.get(variable));
  }

  /** The keys allowed directly under a section ({@code ""} for the top level), in schema order. */
  public List<String> keysOf(String sectionPath) {
    return sectionKeys.getOrDefault(sectionPath, List.of());
  }

  /**
   * The environment variable for a dotted path: {@value #ENV_PREFIX}, then each segment with its
   * camel-case words split by {@code _}, upper-cased, segments joined by {@code _}.
   */
  public static String envName(String path) {
    StringBuilder out = new StringBuilder(ENV_PREFIX);
    for (String segment : path.split("\\.")) {
      if (out.length() > ENV_PREFIX.length()) {
        out.append('_');
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (Character.isUpperCase(c) && i > 0) {
          out.append('_');
        }
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  JsonSchema validator() {
    return validator;
  }

  private void collect(
      JsonNode schema,
      String path,
      Map<String, ConfigProperty> properties,
      Map<String, List<String>> sections) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : schema.path("properties").properties()) {
      String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
      keys.add(entry.getKey());
      JsonNode node = entry.getValue();
      JsonNode resolved = resolve(node);
      if (node.has("properties") || resolved.has("properties")) {
        collect(node.has("properties") ? node : resolved, child, properties, sections);
      } else {
        properties.put(child, property(child, node, resolved));
      }
    }
    sections.put(path, List.copyOf(keys));
  }

  private ConfigProperty property(String path, JsonNode node, JsonNode resolved) {
    List<String> types = new ArrayList<>();
    JsonNode type = node.has("type") ? node.get("type") : resolved.path("type");
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else if (type.isTextual()) {
      types.add(type.asText());
    } else {
      throw new IllegalStateException("schema property " + path + " has no type");
    }
    List<String> allowed = new ArrayList<>();
    first(node, resolved, "enum").forEach(v -> allowed.add(v.asText()));
    List<String> examples = new ArrayList<>();
    first(node, resolved, "examples").forEach(v -> examples.add(v.asText()));
    return new ConfigProperty(
        path,
        envName(path),
        types,
        allowed,
        decimal(first(node, resolved, "minimum")),
        decimal(first(node, resolved, "maximum")),
        node.has("default") ? node.get("default") : NullNode.getInstance(),
        first(node, resolved, "description").asText(""),
        examples);
  }

  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (ref.isEmpty()) {
      return node;
    }
    if (!ref.startsWith("#/")) {
      throw new IllegalStateException("only local $ref is supported: " + ref);
    }
    JsonNode target = root.at(ref.substring(1));
    if (target.isMissingNode()) {
      throw new IllegalStateException("unresolved $ref " + ref);
    }
    return target;
  }

  private static JsonNode first(JsonNode node, JsonNode resolved, String keyword) {
    return node.has(keyword) ? node.get(keyword) : resolved.path(keyword);
  }

  private static Optional<BigDecimal> decimal(JsonNode node) {
    return node.isNumber() ? Optional.of(node.decimalValue()) : Optional.empty();
  }

  private static ConfigSchema load() {
    try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + RESOURCE);
      }
      return new ConfigSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
