package io.bulwark.examples.bakery.orders;

import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.examples.bakery.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls another bakery service with a bounded timeout and a bounded response size; any transport
 * failure becomes a 502 problem naming the service but not the cause.
 */
final class Downstream {
  /** Time allowed for one downstream request, response included. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final URI baseUri;
  private final String service;

  Downstream(HttpClient http, URI baseUri, String service) {
    this.http = http;
    String base = baseUri.toString();
    this.baseUri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.service = service;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUri + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
  }

  /** Sends and reads at most {@link Json#MAX_RESPONSE_BYTES} of the body. */
  Response send(HttpRequest request) {
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(Json.MAX_RESPONSE_BYTES + 1);
        if (body.length > Json.MAX_RESPONSE_BYTES) {
          throw failed("answered with an oversized body");
        }
        return new Response(response.statusCode(), body);
      }
    } catch (IOException e) {
      throw failed("is unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed("call was interrupted");
    }
  }

  <T> T parse(byte[] body, Class<T> type) {
    try {
      return Json.readResponse(body, type);
    } catch (IOException e) {
      throw failed("answered with malformed JSON");
    }
  }

  ProblemException failed(String what) {
    return new ProblemException(
        Problem.of(502, "bad-gateway", "Bad gateway", "the " + service + " service " + what));
  }

  record Response(int status, byte[] body) {}
}
