package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bulwark.core.http.ClientCertificates;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bridges Javalin and the Nimbus OAuth SDK: turns a request into a Nimbus {@link HTTPRequest} after
 * the checks every OAuth endpoint makes (form body, no repeated or oversized parameter), and writes
 * Nimbus responses and RFC 6749 §5.2 errors. OAuth endpoints never answer with problem+json.
 */
public final class OAuthHttp {
  /** Longest value accepted for any one parameter (a JWT assertion or token fits). */
  public static final int MAX_PARAMETER_LENGTH = 8 * 1024;

  /** Most parameters accepted in one request. */
  public static final int MAX_PARAMETERS = 32;

  /** Realm of the {@code WWW-Authenticate} challenge sent with {@code invalid_client}. */
  public static final String REALM = "bulwark";

  private OAuthHttp() {}

  /**
   * The POSTed form of {@code ctx} as a Nimbus request addressed to {@code endpoint}.
   *
   * @throws OAuthException {@code invalid_request} for a non-form body or a repeated, oversized or
   *     excess parameter
   */
  public static HTTPRequest formPost(Context ctx, URI endpoint) {
    String type = ctx.contentType();
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw OAuthException.of(
          OAuth2Error.INVALID_REQUEST,
          "the request body must be application/x-www-form-urlencoded");
    }
    String body = ctx.body();
    checkParameters(URLUtils.parseParameters(body));
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
    request.setHeader("Content-Type", "application/x-www-form-urlencoded");
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      request.setHeader("Authorization", authorization);
    }
    ClientCertificates.verified(ctx).ifPresent(request::setClientX509Certificate);
    request.setBody(body);
    return request;
  }

  /** Rejects repeated (RFC 6749 §3.2), oversized or excess parameters. */
  public static void checkParameters(Map<String, List<String>> parameters) {
    if (parameters.size() > MAX_PARAMETERS) {
      throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "too many parameters");
    }
    parameters.forEach((name, values) -> {
      if (values.size() > 1) {
        throw OAuthException.of(
            OAuth2Error.INVALID_REQUEST, "parameter " + safeName(name) + " is repeated");
      }
      for (String value : values) {
        if (value != null && value.length() > MAX_PARAMETER_LENGTH) {
          throw OAuthException.of(
              OAuth2Error.INVALID_REQUEST, "parameter " + safeName(name) + " is too long");
        }
      }
    });
  }

  private static String safeName(String name) {
    return name.matches("[A-Za-z0-9_\\-]{1,40}") ? name : "(unnamed)";
  }

  /** Whether the request authenticated its client with HTTP Basic. */
  public static boolean usedBasic(Context ctx) {
    String authorization = ctx.header("Authorization");
    return authorization != null
        && authorization.regionMatches(true, 0, "Basic ", 0, "Basic ".length());
  }

  /**
   * Writes an OAuth error (RFC 6749 §5.2). {@code invalid_client} is 401 with a {@code
   * WWW-Authenticate: Basic} challenge, as RFC 6749 requires when Basic was used and RFC 9110
   * requires of every 401.
   */
  public static void writeError(Context ctx, ErrorObject error) {
    HTTPResponse response = new TokenErrorResponse(error).toHTTPResponse();
    if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
      HTTPResponse unauthorized = new HTTPResponse(401);
      unauthorized.setHeader("Content-Type", "application/json;charset=UTF-8");
      unauthorized.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
      unauthorized.setBody(response.getBody());
      response = unauthorized;
    }
    write(ctx, response);
  }

  /** Writes a Nimbus response: status, headers and body, never cached. */
  public static void write(Context ctx, HTTPResponse response) {
    ctx.status(response.getStatusCode());
    for (Map.Entry<String, List<String>> header : response.getHeaderMap().entrySet()) {
      for (String value : header.getValue()) {
        ctx.header(header.getKey(), value);
      }
    }
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
    String body = response.getBody();
    ctx.result(body == null ? "" : body);
  }

  /** An error object whose description is cut to a safe length and character set. */
  static ErrorObject describe(ErrorObject error, String description) {
    String clean =
        description == null
            ? null
            : description.replaceAll("[^\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]", "?");
    if (clean != null && clean.length() > 200) {
      clean = clean.substring(0, 200);
    }
    return error.setDescription(clean);
  }
}
