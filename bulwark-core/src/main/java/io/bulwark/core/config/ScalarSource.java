package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a layer from string settings addressed by key path (environment variables and command-line
 * overrides): converts each string by the key's schema type, then validates the result against the
 * schema.
 */
final class ScalarSource {
  private ScalarSource() {}

  /**
   * One string value for one key.
   *
   * @param property the key it sets
   * @param text the raw value
   * @param origin where it came from
   */
  record Setting(ConfigProperty property, String text, Origin origin) {}

  static Layer build(List<Setting> settings, SchemaCheck check, List<ConfigError> errors) {
    ObjectNode tree = ObjectNodes.empty();
    Map<String, Origin> origins = new HashMap<>();
    for (Setting setting : settings) {
      String path = setting.property().path();
      try {
        JsonNode value = setting.property().parse(setting.text());
        ObjectNodes.put(tree, path, value);
        origins.put(path, setting.origin());
      } catch (IllegalArgumentException e) {
        errors.add(setting.origin().error(path, e.getMessage()));
      }
    }
    Layer layer = new Layer(tree, origins);
    for (SchemaCheck.Violation violation : check.check(tree)) {
      Origin origin =
          layer.originOf(violation.path()).orElse(new Origin("configuration", 0, 0, ""));
      errors.add(origin.error(violation.path(), violation.message()));
    }
    return layer;
  }
}
