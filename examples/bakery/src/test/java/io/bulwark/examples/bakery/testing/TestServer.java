package io.bulwark.examples.bakery.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A bakery service on plain Javalin over loopback (port 0), with a ProblemException handler
 * standing in for core's HTTP layer, plus a small client for driving it.
 */
public final class TestServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Javalin app;
  private final URI baseUri;

  private TestServer(Javalin app) {
    this.app = app;
    this.baseUri = URI.create("http://127.0.0.1:" + app.port());
  }

  public static TestServer start(Consumer<RoutesConfig> routes) {
    Javalin app =
        Javalin.create(cfg -> {
          cfg.startup.showJavalinBanner = false;
          routes.accept(cfg.routes);
          cfg.routes.exception(
              ProblemException.class,
              (e, ctx) -> {
                Problem p = e.problem();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", p.type().toString());
                body.put("title", p.title());
                body.put("status", p.status());
                if (p.detail() != null) {
                  body.put("detail", p.detail());
                }
                try {
                  ctx.status(p.status())
                      .contentType(Problem.MEDIA_TYPE)
                      .result(JSON.writeValueAsBytes(body));
                } catch (IOException io) {
                  throw new UncheckedIOException(io);
                }
              });
        });
    app.start(InetAddress.getLoopbackAddress().getHostAddress(), 0);
    return new TestServer(app);
  }

  public URI baseUri() {
    return baseUri;
  }

  public Reply get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Reply post(String path, String token, String json) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply put(String path, String token, String json) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(baseUri.resolve(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  @Override
  public void close() {
    app.stop();
  }

  /** A response with its body parsed on demand. */
  public record Reply(HttpResponse<String> response) {
    public int status() {
      return response.statusCode();
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    public JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return response.statusCode() + " " + response.body();
    }
  }
}
