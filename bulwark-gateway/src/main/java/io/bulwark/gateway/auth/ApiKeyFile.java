package io.bulwark.gateway.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.core.fs.AtomicFiles;
import io.bulwark.core.json.Json;
import io.bulwark.gateway.ratelimit.RateLimitPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API key file ({@code gateway.auth.apiKeyFile}): one JSON object per line, blank lines and
 * lines starting with {@code #} ignored. It holds hashes only, never a key:
 *
 * <pre>
 * {"id":"abcdefghijklmnop","sha256":"&lt;43 chars&gt;","owner":"ci-robot","scopes":["orders:read"],
 *  "rateLimit":{"requests":100,"periodMs":60000},"expiresAt":"2027-01-01T00:00:00Z"}
 * </pre>
 *
 * {@code id}, {@code sha256} and {@code owner} are required; {@code scopes}, {@code rateLimit} (the
 * key's own bucket, across all routes) and {@code expiresAt} are optional; other fields are errors.
 * A file is read whole and either every line is valid or it is rejected with every error ({@code
 * file:line: message}). At most {@value #MAX_BYTES} bytes.
 */
public final class ApiKeyFile {
  /** Largest file accepted. */
  public static final long MAX_BYTES = 8L << 20;

  /** Prefix of the rate-limit policy names of keys with their own limit. */
  public static final String POLICY_PREFIX = "apikey.";

  private static final Set<String> FIELDS =
      Set.of("id", "sha256", "owner", "scopes", "rateLimit", "expiresAt", "created");

  /**
   * One key: its record and its own rate limit, if any.
   *
   * @param record the hashed key
   * @param rateLimit the key's own bucket, or {@code null} for the routes' limits only
   */
  public record Entry(ApiKeyRecord record, RateLimitPolicy rateLimit) {}

  /** The file has errors; {@link #errors()} lists each with its line. */
  public static final class InvalidApiKeyFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> errors;

    InvalidApiKeyFileException(List<String> errors) {
      super(String.join("; ", errors));
      this.errors = List.copyOf(errors);
    }

    /** Every error, as {@code file:line: message}. */
    public List<String> errors() {
      return errors;
    }
  }

  private ApiKeyFile() {}

  /**
   * Reads every entry.
   *
   * @throws InvalidApiKeyFileException listing every error (a missing file is one)
   */
  public static List<Entry> read(Path file) throws InvalidApiKeyFileException {
    List<String> lines;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidApiKeyFileException(
            List.of(file + ": larger than " + MAX_BYTES + " bytes"));
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidApiKeyFileException(List.of(file + ": does not exist"));
    } catch (IOException e) {
      throw new InvalidApiKeyFileException(List.of(file + ": cannot be read: " + e.getMessage()));
    }
    List<Entry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      try {
        Entry entry = parse(line);
        if (!ids.add(entry.record().id())) {
          errors.add(where + "repeats the key id " + entry.record().id());
        } else {
          entries.add(entry);
        }
      } catch (IllegalArgumentException e) {
        errors.add(where + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidApiKeyFileException(errors);
    }
    return entries;
  }

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException naming what is wrong (never echoing values)
   */
  static Entry parse(String line) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    node.fieldNames()
        .forEachRemaining(name -> {
          if (!FIELDS.contains(name)) {
            throw new IllegalArgumentException("unknown field " + name);
          }
        });
    String id = text(node, "id", true);
    Set<String> scopes = new LinkedHashSet<>();
    JsonNode scopeNode = node.path("scopes");
    if (!scopeNode.isMissingNode() && !scopeNode.isArray()) {
      throw new IllegalArgumentException("scopes must be a list of strings");
    }
    scopeNode.forEach(s -> {
      if (!s.isTextual() || s.textValue().isBlank()) {
        throw new IllegalArgumentException("scopes must be a list of strings");
      }
      scopes.add(s.textValue());
    });
    Instant expiresAt = null;
    String expiry = text(node, "expiresAt", false);
    if (expiry != null) {
      try {
        expiresAt = Instant.parse(expiry);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("expiresAt is not an ISO-8601 instant");
      }
    }
    RateLimitPolicy limit = null;
    JsonNode rate = node.path("rateLimit");
    if (!rate.isMissingNode()) {
      if (!rate.path("requests").canConvertToLong() || !rate.path("periodMs").canConvertToLong()) {
        throw new IllegalArgumentException("rateLimit needs whole numbers requests and periodMs");
      }
      limit =
          RateLimitPolicy.perPeriod(
              POLICY_PREFIX + id,
              rate.get("requests").longValue(),
              Duration.ofMillis(rate.get("periodMs").longValue()));
    }
    ApiKeyRecord record =
        new ApiKeyRecord(
            id,
            text(node, "sha256", true),
            text(node, "owner", true),
            scopes,
            limit == null ? null : limit.name(),
            expiresAt);
    return new Entry(record, limit);
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException(field + " is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.textValue();
  }

  /** The line for {@code entry} (no newline). */
  public static String line(Entry entry, Instant created) {
    ApiKeyRecord r = entry.record();
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("id", r.id());
    node.put("sha256", r.sha256());
    node.put("owner", r.owner());
    node.putArray("scopes").addAll(r.scopes().stream().sorted().map(node::textNode).toList());
    if (entry.rateLimit() != null) {
      ObjectNode rate = node.putObject("rateLimit");
      rate.put("requests", entry.rateLimit().capacity());
      rate.put("periodMs", entry.rateLimit().refillPeriod().toMillis());
    }
    if (r.expiresAt() != null) {
      node.put("expiresAt", r.expiresAt().toString());
    }
    node.put("created", created.toString());
    return node.toString();
  }

  /**
   * Adds {@code entry} at the end of {@code file} (created owner-only if missing), replacing the
   * file atomically so a watching gateway never reads half a line. The existing file must be valid.
   */
  public static void append(Path file, Entry entry, Instant created)
      throws IOException, InvalidApiKeyFileException {
    byte[] existing = new byte[0];
    if (Files.exists(file)) {
      for (Entry e : read(file)) {
        if (e.record().id().equals(entry.record().id())) {
          throw new InvalidApiKeyFileException(List.of(file + ": already holds this key id"));
        }
      }
      existing = Files.readAllBytes(file);
    }
    StringBuilder content = new StringBuilder(new String(existing, StandardCharsets.UTF_8));
    if (!content.isEmpty() && content.charAt(content.length() - 1) != '\n') {
      content.append('\n');
    }
    content.append(line(entry, created)).append('\n');
    AtomicFiles.write(file, content.toString().getBytes(StandardCharsets.UTF_8), true);
  }
}
