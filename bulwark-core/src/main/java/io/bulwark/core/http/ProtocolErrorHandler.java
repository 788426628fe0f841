package io.bulwark.core.http;

import io.bulwark.core.problem.Problem;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches Javalin (oversized headers, malformed
 * request lines or URIs) with RFC 9457 problem+json instead of Jetty's HTML page. The detail is the
 * standard reason phrase only: Jetty's own message may quote the offending input.
 */
final class ProtocolErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    int status = code >= 400 && code <= 599 ? code : 400;
    String title = HttpStatus.getMessage(status);
    Problem problem = Problem.of(status, slug(title), title, detail(status));
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.write(true, ByteBuffer.wrap(Problems.serialize(problem)), callback);
  }

  private static String detail(int status) {
    return switch (status) {
      case 400 -> "The request could not be parsed";
      case 414 -> "The request URI is longer than this server accepts";
      case 431 -> "The request headers are larger than this server accepts";
      default -> "The request was rejected before it reached a handler";
    };
  }

  private static String slug(String title) {
    return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
