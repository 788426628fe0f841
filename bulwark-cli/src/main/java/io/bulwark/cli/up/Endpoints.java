package io.bulwark.cli.up;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bulwark.core.fs.AtomicFiles;
import io.bulwark.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The URLs of every running role, written to {@code endpoints.json} in the data dir for scripts and
 * tests. Keys for roles that do not run (yet) are absent, never null; file paths are absolute.
 * Documented in docs/data-dir.md. {@code policy} is the decision API's base URL and {@code
 * policyDir} the watched policy directory. {@code audit} is the audit listener's base URL ({@code
 * POST /v1/audit/events}, {@code GET /v1/alerts}) and {@code auditRules} the number of detection
 * rules running. {@code issuer} is the identity server's issuer identifier (the {@code iss} of its
 * tokens, base of its discovery document) and {@code identity} its local base URL. {@code gateway}
 * is the gateway's base URL.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Endpoints(
    URI admin,
    URI health,
    URI metrics,
    Map<String, URI> bakery,
    URI policy,
    String policyDir,
    String caCertificate,
    String issuer,
    URI identity,
    String auditLog,
    String auditPublicKey,
    URI audit,
    int auditRules,
    URI gateway) {

  public Endpoints {
    bakery = bakery == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(bakery));
  }

  /** Reads a file written by {@link #writeTo}. */
  public static Endpoints readFrom(Path file) {
    try {
      return Json.mapper().readValue(file.toFile(), Endpoints.class);
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      throw new IllegalStateException(file + " does not exist: is `bulwark up` running?");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes the file atomically, so a reader never sees half of it. */
  public void writeTo(Path file) {
    try {
      AtomicFiles.write(
          file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
