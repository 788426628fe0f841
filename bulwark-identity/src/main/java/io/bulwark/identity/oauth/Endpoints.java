package io.bulwark.identity.oauth;

import java.net.URI;

/**
 * The paths and URLs of the identity server's endpoints, all under the issuer URL.
 *
 * @param issuer the issuer URL (no trailing slash)
 */
public record Endpoints(URI issuer) {
  public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
  public static final String OAUTH_METADATA = "/.well-known/oauth-authorization-server";
  public static final String JWKS = "/jwks";
  public static final String AUTHORIZE = "/oauth2/authorize";
  public static final String TOKEN = "/oauth2/token";
  public static final String INTROSPECT = "/oauth2/introspect";
  public static final String REVOKE = "/oauth2/revoke";
  public static final String USERINFO = "/userinfo";
  public static final String REVOCATIONS = "/revocations";
  public static final String LOGOUT = "/oauth2/logout";
  public static final String LOGIN = "/login";
  public static final String LOGIN_OTP = "/login/otp";
  public static final String CONSENT = "/consent";

  /** Strips one trailing slash from the issuer. */
  public Endpoints {
    String s = issuer.toString();
    if (s.endsWith("/")) {
      issuer = URI.create(s.substring(0, s.length() - 1));
    }
  }

  /** The absolute URL of {@code path}. */
  public URI url(String path) {
    return URI.create(issuer + path);
  }
}
