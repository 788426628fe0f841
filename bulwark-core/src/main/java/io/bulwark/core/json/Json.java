package io.bulwark.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.bulwark.core.problem.Problem;

/**
 * The shared, strict {@link ObjectMapper} used for every JSON document Bulwark reads or writes.
 * Strict parsing rejects unknown properties, duplicate keys and trailing tokens; read constraints
 * bound nesting, string and document sizes so hostile input cannot exhaust memory or stack. No
 * default typing is ever enabled, so JSON cannot choose which classes get instantiated.
 */
public final class Json {
  /** Deepest nesting of objects and arrays accepted in any parsed document. */
  public static final int MAX_NESTING_DEPTH = 64;

  /** Longest string value accepted, in characters (1 MiB). */
  public static final int MAX_STRING_LENGTH = 1 << 20;

  /** Longest whole document accepted, in characters (16 MiB). */
  public static final long MAX_DOCUMENT_LENGTH = 16L << 20;

  private static final ObjectMapper MAPPER = build();

  private Json() {}

  /**
   * The shared mapper. It is thread-safe; never reconfigure it (use {@code mapper().copy()} for a
   * variant).
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper build() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    SimpleModule problems =
        new SimpleModule("bulwark-problem")
            .addSerializer(Problem.class, new ProblemJson.Serializer())
            .addDeserializer(Problem.class, new ProblemJson.Deserializer());
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .addModule(problems)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }
}
