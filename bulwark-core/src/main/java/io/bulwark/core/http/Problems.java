package io.bulwark.core.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.bulwark.core.json.Json;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure of a request to an RFC 9457 {@code application/problem+json} response. Only
 * 4xx details written by Bulwark code reach the client; an unexpected exception becomes a generic
 * 500 with an error id that is logged beside the stack trace.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>
 */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  private static final String NOT_JSON = "Content-Type is not application/json";
  private static final int MAX_DETAIL = 300;

  private Problems() {}

  static void install(RoutesConfig routes) {
    routes.exception(ProblemException.class, (e, ctx) -> write(ctx, e.problem()));
    routes.exception(HttpResponseException.class, Problems::javalinResponse);
    routes.exception(JacksonException.class, (e, ctx) -> write(ctx, malformedJson(e)));
    routes.exception(ValidationException.class, (e, ctx) -> write(ctx, invalid(e)));
    routes.exception(Exception.class, (e, ctx) -> write(ctx, unexpected(ctx, e)));
  }

  /** Writes {@code problem} as the response, with {@code instance} set to the request path. */
  static void write(Context ctx, Problem problem) {
    Problem withInstance =
        problem.instance() == null ? problem.withInstance(safeUri(ctx.path())) : problem;
    ctx.status(withInstance.status());
    ctx.contentType(Problem.MEDIA_TYPE);
    ctx.result(serialize(withInstance));
  }

  static byte[] serialize(Problem problem) {
    try {
      return Json.mapper().writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("problem not serializable", e);
    }
  }

  /** Last resort for {@link Error}s thrown by handlers: a bare 500 problem. */
  static void writeError(HttpServletResponse res, Error error) {
    String id = UUID.randomUUID().toString();
    LOG.error("unhandled error, error_id={}", id, error);
    try {
      res.setStatus(500);
      res.setContentType(Problem.MEDIA_TYPE);
      res.getOutputStream().write(serialize(internal(id)));
    } catch (IOException | IllegalStateException ignored) {
      // The response is already committed or the client is gone; nothing more can be sent.
    }
  }

  private static void javalinResponse(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    if (e instanceof BadRequestResponse && NOT_JSON.equals(e.getMessage())) {
      write(
          ctx,
          Problem.of(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              "The request body must be application/json"));
      return;
    }
    if (e instanceof MethodNotAllowedResponse && !e.getDetails().isEmpty()) {
      String allowed = String.join(", ", e.getDetails().values());
      if (!allowed.isBlank()) {
        ctx.header("Allow", allowed.replace("[", "").replace("]", ""));
      }
    }
    if (status >= 500) {
      write(ctx, unexpected(ctx, e));
      return;
    }
    if (status < 400) {
      ctx.status(status);
      return;
    }
    HttpStatus known = HttpStatus.forStatus(status);
    String title = known == HttpStatus.UNKNOWN ? "Error" : known.getMessage();
    write(ctx, Problem.of(status, slug(title), title, detailFor(status, e.getMessage())));
  }

  private static String detailFor(int status, String message) {
    return switch (status) {
      case 404 -> "No resource at this path";
      case 405 -> "The resource does not support this method";
      case 413 -> "The request body is larger than this server accepts";
      default -> truncate(message);
    };
  }

  private static Problem malformedJson(JacksonException e) {
    String detail;
    if (e instanceof UnrecognizedPropertyException u) {
      detail = "Unknown property '" + truncate(u.getPropertyName()) + "'";
    } else {
      JsonLocation at = e.getLocation();
      detail =
          at == null
              ? "The request body is not valid JSON for this endpoint"
              : "The request body is not valid JSON for this endpoint (line "
                  + at.getLineNr()
                  + ", column "
                  + at.getColumnNr()
                  + ")";
    }
    return Problem.of(400, "malformed-json", "Malformed JSON", detail);
  }

  private static Problem invalid(ValidationException e) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    e.getErrors()
        .forEach((field, list) ->
            errors.put(field, list.stream().map(ValidationError::getMessage).toList()));
    return Problem.of(400, "validation-failed", "Validation failed", "The request is invalid")
        .with("errors", errors);
  }

  private static Problem unexpected(Context ctx, Exception e) {
    String id = UUID.randomUUID().toString();
    LOG.error("unhandled exception on {} {}, error_id={}", ctx.method(), ctx.path(), id, e);
    return internal(id);
  }

  private static Problem internal(String errorId) {
    return Problem.of(
            500,
            "internal-error",
            "Internal server error",
            "An unexpected error occurred; quote error id " + errorId + " when reporting it")
        .with("error_id", errorId);
  }

  private static String slug(String title) {
    return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  private static String truncate(String text) {
    if (text == null) {
      return null;
    }
    return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
  }

  private static URI safeUri(String path) {
    try {
      return new URI(null, null, path, null);
    } catch (java.net.URISyntaxException e) {
      return URI.create("/");
    }
  }
}
