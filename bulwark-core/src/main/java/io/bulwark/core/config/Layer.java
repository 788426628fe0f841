package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One source of configuration values (file, environment or overrides) as a partial tree, with the
 * origin of every value it sets.
 */
record Layer(ObjectNode tree, Map<String, Origin> origins) {

  Layer {
    tree = tree.deepCopy();
    origins = Map.copyOf(origins);
  }

  /** Layers merged in order, later values replacing earlier ones key by key. */
  static Layer merge(Iterable<Layer> layers) {
    ObjectNode merged = ObjectNodes.empty();
    Map<String, Origin> origins = new HashMap<>();
    for (Layer layer : layers) {
      mergeInto(merged, layer.tree);
      origins.putAll(layer.origins);
    }
    return new Layer(merged, origins);
  }

  /** The origin of exactly {@code path}, if this layer set it. */
  Optional<Origin> exactOrigin(String path) {
    return Optional.ofNullable(origins.get(path));
  }

  /** The origin of {@code path}, or of the nearest enclosing node that has one. */
  Optional<Origin> originOf(String path) {
    String current = path;
    while (true) {
      Origin origin = origins.get(current);
      if (origin != null) {
        return Optional.of(origin);
      }
      Optional<String> parent = YamlTree.parentOf(current);
      if (parent.isEmpty()) {
        return Optional.empty();
      }
      current = parent.get();
    }
  }

  private static void mergeInto(ObjectNode target, ObjectNode overlay) {
    for (Map.Entry<String, JsonNode> entry : overlay.properties()) {
      JsonNode existing = target.get(entry.getKey());
      if (existing instanceof ObjectNode existingObject
          && entry.getValue() instanceof ObjectNode overlayObject) {
        mergeInto(existingObject, overlayObject);
      } else {
        target.set(entry.getKey(), entry.getValue().deepCopy());
      }
    }
  }
}
