package io.bulwark.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.bulwark.core.problem.Problem;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@link Problem} in its RFC 9457 wire form: the standard members first, extension
 * members flattened beside them, null members omitted.
 */
final class ProblemJson {
  private static final Set<String> STANDARD =
      Set.of("type", "title", "status", "detail", "instance");

  private ProblemJson() {}

  static final class Serializer extends StdSerializer<Problem> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(Problem.class);
    }

    @Override
    public void serialize(Problem p, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      gen.writeStringField("type", p.type().toString());
      gen.writeStringField("title", p.title());
      gen.writeNumberField("status", p.status());
      if (p.detail() != null) {
        gen.writeStringField("detail", p.detail());
      }
      if (p.instance() != null) {
        gen.writeStringField("instance", p.instance().toString());
      }
      for (Map.Entry<String, Object> e : p.extensions().entrySet()) {
        if (e.getValue() != null && !STANDARD.contains(e.getKey())) {
          gen.writeFieldName(e.getKey());
          provider.defaultSerializeValue(e.getValue(), gen);
        }
      }
      gen.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<Problem> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(Problem.class);
    }

    @Override
    public Problem deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      JsonNode node = ctx.readTree(parser);
      if (!(node instanceof ObjectNode obj)) {
        return (Problem) ctx.handleUnexpectedToken(Problem.class, parser);
      }
      URI type = URI.create(obj.path("type").asText("about:blank"));
      String title = obj.path("title").asText("");
      int status = obj.path("status").asInt(500);
      String detail = obj.hasNonNull("detail") ? obj.get("detail").asText() : null;
      URI instance = obj.hasNonNull("instance") ? URI.create(obj.get("instance").asText()) : null;
      Map<String, Object> extensions = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        if (!STANDARD.contains(e.getKey()) && !e.getValue().isNull()) {
          extensions.put(e.getKey(), ctx.readTreeAsValue(e.getValue(), Object.class));
        }
      }
      try {
        return new Problem(type, title, status, detail, instance, extensions);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(parser, "invalid problem: " + e.getMessage(), e);
      }
    }
  }
}
