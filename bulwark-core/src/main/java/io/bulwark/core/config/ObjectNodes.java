package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small helpers for building configuration trees by dotted path. */
final class ObjectNodes {
  private ObjectNodes() {}

  static ObjectNode empty() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Sets {@code value} at a dotted path, creating the sections on the way. */
  static void put(ObjectNode root, String path, JsonNode value) {
    String[] segments = path.split("\\.");
    ObjectNode section = root;
    for (int i = 0; i < segments.length - 1; i++) {
      JsonNode child = section.get(segments[i]);
      if (!(child instanceof ObjectNode)) {
        child = section.putObject(segments[i]);
      }
      section = (ObjectNode) child;
    }
    section.set(segments[segments.length - 1], value);
  }
}
