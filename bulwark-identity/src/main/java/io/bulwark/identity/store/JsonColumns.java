package io.bulwark.identity.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.bulwark.core.json.Json;
import java.util.List;
import java.util.Map;

/** Lists and maps kept as JSON text in one column. */
final class JsonColumns {
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private JsonColumns() {}

  static String write(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable", e);
    }
  }

  static List<String> list(String json) {
    try {
      return List.copyOf(Json.mapper().readValue(json, LIST));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored list is not valid JSON", e);
    }
  }

  static Map<String, String> map(String json) {
    try {
      return Map.copyOf(Json.mapper().readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored map is not valid JSON", e);
    }
  }
}
