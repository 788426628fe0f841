package io.bulwark.examples.bakery.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Strict JSON for request bodies, and JSON for responses. Requests must be {@code
 * application/json}, at most {@link #MAX_BODY_BYTES}, shallow, without unknown or duplicate fields,
 * trailing data or type coercion; anything else is a 400, 413 or 415 problem whose detail names the
 * field but never echoes the input. Responses go out with this mapper (ISO-8601 times, no nulls),
 * independent of the server's configured JSON mapper.
 */
public final class Json {
  /** Largest request body accepted, in bytes. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  /** Most bytes of an oversized body read and dropped before answering 413. */
  private static final long MAX_DRAIN_BYTES = 1024 * 1024;

  /** Largest downstream response body read, in bytes. */
  public static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private static final ObjectMapper STRICT = mapper(true);
  private static final ObjectMapper TOLERANT = mapper(false);

  private Json() {}

  /**
   * Reads and drops the rest of an oversized body, up to {@link #MAX_DRAIN_BYTES}, so a client
   * still sending gets the 413 instead of a connection reset.
   */
  private static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[8192];
    long drained = 0;
    int n;
    while (drained < MAX_DRAIN_BYTES && (n = in.read(sink)) >= 0) {
      drained += n;
    }
  }

  /** Parses the request body into {@code type}, or throws a 400, 413 or 415 problem. */
  public static <T> T read(Context ctx, Class<T> type) {
    String contentType = ctx.contentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).matches("application/json\\s*(;.*)?")) {
      throw new ProblemException(
          Problem.of(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              "request body must be application/json"));
    }
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        drain(in);
        throw tooLarge();
      }
    } catch (IOException e) {
      throw ProblemException.badRequest("request body could not be read");
    }
    if (body.length == 0) {
      throw ProblemException.badRequest("request body is empty");
    }
    try {
      T value = STRICT.readValue(body, type);
      if (value == null) {
        throw ProblemException.badRequest("request body must be a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ProblemException.badRequest("unknown field " + quote(e.getPropertyName()));
    } catch (JsonMappingException e) {
      String path = path(e);
      throw ProblemException.badRequest(
          path.isEmpty() ? "request body has the wrong shape" : "invalid value for " + path);
    } catch (IOException e) {
      throw ProblemException.badRequest("request body is not valid JSON");
    }
  }

  /** Answers {@code status} with {@code body} as {@code application/json}. */
  public static void write(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(bytes(body));
  }

  /** Serializes {@code value} with the response mapper. */
  public static byte[] bytes(Object value) {
    try {
      return STRICT.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a downstream service's response, ignoring fields this version doesn't know (services
   * evolve independently); malformed input throws {@link IOException}.
   */
  public static <T> T readResponse(byte[] body, Class<T> type) throws IOException {
    T value = TOLERANT.readValue(body, type);
    if (value == null) {
      throw new IOException("empty JSON");
    }
    return value;
  }

  private static ProblemException tooLarge() {
    return new ProblemException(
        Problem.of(
            413,
            "content-too-large",
            "Content too large",
            "request body exceeds " + MAX_BODY_BYTES + " bytes"));
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String quote(String name) {
    String safe = name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "?");
    return "'" + (safe.length() > 40 ? safe.substring(0, 40) + "..." : safe) + "'";
  }

  private static ObjectMapper mapper(boolean strict) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxStringLength(4096)
                    .maxNumberLength(32)
                    .maxDocumentLength(MAX_RESPONSE_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
  }
}
