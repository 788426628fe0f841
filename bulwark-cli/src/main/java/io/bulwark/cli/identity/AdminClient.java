package io.bulwark.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.bulwark.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Calls the identity server's admin API ({@code /admin/v1}) with a bearer token of scope {@code
 * identity:admin}. Every failure becomes an {@link AdminException} whose message is one line fit to
 * print: the server's problem detail, or what could not be reached and why.
 */
final class AdminClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final String PREFIX = "/admin/v1";

  /** What a path segment (user name, user id, client id) may contain. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_@\\-][A-Za-z0-9._@\\-]*");

  /** The admin API refused or could not be reached; the message is safe to print. */
  static final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AdminException(String message) {
      super(message, null, false, false);
    }
  }

  private final URI base;
  private final String token;
  private final HttpClient http;

  /**
   * @param base the identity server's base URL, e.g. {@code https://localhost:9443}
   * @param token an access token with scope {@code identity:admin}; never printed
   * @param tls trusts the server's certificate
   */
  AdminClient(URI base, String token, SSLContext tls) {
    this.base = base;
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A path segment naming a user or client, refused unless it is a plain name. */
  static String segment(String value) {
    if (value == null || !SEGMENT.matcher(value).matches() || value.length() > 128) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a user or client name: letters, digits, '.', '_', '@', '-'");
    }
    return value;
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  JsonNode patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  private JsonNode send(String method, String path, Object body) {
    URI uri = base.resolve(PREFIX + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json, application/problem+json");
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(
                method,
                HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return answer(method, uri, response);
    } catch (SSLException e) {
      throw new AdminException(
          "TLS with the identity server at "
              + base
              + " failed: its certificate is not trusted (give its CA with --cacert)");
    } catch (IOException e) {
      throw new AdminException(
          "cannot reach the identity server at "
              + base
              + ": `bulwark up` must be running (or give the server with --url)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminException("interrupted");
    }
  }

  private static JsonNode answer(String method, URI uri, HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode json = NullNode.getInstance();
    if (!response.body().isEmpty()) {
      try {
        json = Json.mapper().readTree(response.body());
      } catch (IOException e) {
        throw new AdminException(
            method + " " + uri.getPath() + " answered " + status + " with a body that is not JSON");
      }
    }
    if (status >= 200 && status < 300) {
      return json;
    }
    String detail = json.path("detail").asText("");
    if (detail.isEmpty()) {
      detail = json.path("title").asText("");
    }
    if (detail.isEmpty()) {
      detail = "no details";
    }
    String prefix =
        switch (status) {
          case 401 -> "the identity server refused the admin token: ";
          case 403 -> "not allowed: ";
          default -> "";
        };
    throw new AdminException(
        prefix + detail + " (HTTP " + status + ", " + method + " " + uri.getPath() + ")");
  }
}
