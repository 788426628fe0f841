package io.bulwark.identity.admin;

import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.client.ClientRegistry;
import io.bulwark.identity.oauth.ClientAddress;
import io.bulwark.identity.oauth.TokenStatus;
import io.bulwark.identity.revocation.Revoker;
import io.bulwark.identity.store.ClientStore;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.identity.store.StoreException;
import io.bulwark.identity.store.TlsClientSettings;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.token.SigningKeyRing;
import io.bulwark.identity.user.TotpService;
import io.bulwark.identity.user.UserDirectory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The identity admin API under {@value #PREFIX}: users, clients, signing keys and sessions. Every
 * call needs a bearer access token of this server carrying scope {@value #SCOPE}; every change is
 * audited as {@code admin.changed}. Errors are RFC 9457 problems. Secrets (client secrets, TOTP
 * enrolments) appear once, in the answer that creates them.
 */
public final class AdminApi {
  /** Path prefix of every admin endpoint. */
  public static final String PREFIX = "/admin/v1";

  /** The scope a caller needs. */
  public static final String SCOPE = "identity:admin";

  private final Supplier<Services> services;

  /** What the admin API works on; available once the server has started. */
  public record Services(
      TokenStatus status,
      UserDirectory users,
      TotpService totp,
      ClientRegistry registry,
      ClientStore clients,
      SigningKeyRing keys,
      Revoker revoker,
      IdentityAudit audit) {}

  /** An API over the services {@code services} returns (null until they exist: answered 503). */
  public AdminApi(Supplier<Services> services) {
    this.services = services;
  }

  private Services s() {
    Services current = services.get();
    if (current == null) {
      throw new ProblemException(
          Problem.of(503, "service-unavailable", "Service unavailable", "starting up"));
    }
    return current;
  }

  /** A new user. */
  public record NewUser(
      String username,
      String password,
      List<String> roles,
      List<String> groups,
      Map<String, String> attributes) {}

  /**
   * Changes to a user's roles, groups and attributes: each given field replaces the stored one, a
   * missing (null) field is kept.
   */
  public record UserChanges(
      List<String> roles, List<String> groups, Map<String, String> attributes) {}

  /** A new password. */
  public record NewPassword(String password) {}

  /** A new client. */
  public record NewClient(
      String clientId,
      String authMethod,
      String jwks,
      List<String> redirectUris,
      Set<String> grantTypes,
      Set<String> scopes,
      List<String> audiences,
      String resource,
      Boolean firstParty,
      String description,
      String tlsClientAuthSubjectDn,
      String tlsClientAuthSanDns,
      String tlsClientAuthSanUri,
      Boolean tlsClientCertificateBoundAccessTokens) {}

  /** Declares the routes on a server's route table. */
  public void routes(RoutesConfig routes) {
    routes.post(PREFIX + "/users", guarded(this::createUser));
    routes.get(
        PREFIX + "/users",
        guarded(ctx -> ctx.json(s().users().list().stream().map(AdminApi::view).toList())));
    routes.get(PREFIX + "/users/{id}", guarded(ctx -> ctx.json(view(user(ctx)))));
    routes.patch(PREFIX + "/users/{id}", guarded(this::updateUser));
    routes.delete(
        PREFIX + "/users/{id}",
        guarded(ctx ->
            change(ctx, "delete", "user:" + user(ctx).id(), s().users().delete(user(ctx).id()))));
    routes.post(
        PREFIX + "/users/{id}/disable",
        guarded(ctx ->
            change(ctx, "disable", "user:" + user(ctx).id(), s().users().disable(user(ctx).id()))));
    routes.post(
        PREFIX + "/users/{id}/enable",
        guarded(ctx ->
            change(ctx, "enable", "user:" + user(ctx).id(), s().users().enable(user(ctx).id()))));
    routes.post(PREFIX + "/users/{id}/password", guarded(this::resetPassword));
    routes.post(PREFIX + "/users/{id}/totp", guarded(this::enrolTotp));
    routes.delete(
        PREFIX + "/users/{id}/totp",
        guarded(ctx ->
            change(
                ctx, "totp.remove", "user:" + user(ctx).id(), s().totp().remove(user(ctx).id()))));
    routes.post(PREFIX + "/clients", guarded(this::createClient));
    routes.get(
        PREFIX + "/clients",
        guarded(ctx -> ctx.json(s().clients().list().stream().map(AdminApi::view).toList())));
    routes.get(PREFIX + "/clients/{id}", guarded(ctx -> ctx.json(view(client(ctx)))));
    routes.post(PREFIX + "/clients/{id}/secret", guarded(this::rotateSecret));
    routes.post(PREFIX + "/clients/{id}/disable", guarded(this::disableClient));
    routes.post(
        PREFIX + "/clients/{id}/enable",
        guarded(ctx ->
            change(
                ctx,
                "enable",
                "client:" + client(ctx).clientId(),
                s().clients().setDisabled(client(ctx).clientId(), false))));
    routes.delete(PREFIX + "/clients/{id}", guarded(this::deleteClient));
    routes.get(
        PREFIX + "/keys",
        guarded(ctx -> ctx.json(s().keys().published().stream().map(AdminApi::view).toList())));
    routes.post(PREFIX + "/keys/rotate", guarded(this::rotateKeys));
    routes.post(PREFIX + "/sessions/{sid}/revoke", guarded(this::revokeSession));
  }

  private Handler guarded(Handler handler) {
    return ctx -> {
      JWTClaimsSet caller = authorize(ctx);
      ctx.attribute("admin.caller", caller);
      ctx.req().setAttribute(HttpServer.PRINCIPAL_ATTRIBUTE, caller.getSubject());
      try {
        handler.handle(ctx);
      } catch (IllegalArgumentException e) {
        throw new ProblemException(Problem.of(400, "bad-request", "Bad request", e.getMessage()));
      } catch (StoreException e) {
        if (e.isConflict()) {
          throw ProblemException.conflict("a record with this name or id already exists");
        }
        throw e;
      }
    };
  }

  private JWTClaimsSet authorize(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ProblemException.unauthorized("a bearer token with scope " + SCOPE + " is required");
    }
    Optional<JWTClaimsSet> claims =
        s().status().activeAccessToken(authorization.substring(7).strip());
    if (claims.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw ProblemException.unauthorized("the token is not active");
    }
    String scope;
    try {
      scope = claims.get().getStringClaim("scope");
    } catch (ParseException e) {
      scope = null;
    }
    if (scope == null || !List.of(scope.split(" ")).contains(SCOPE)) {
      throw new ProblemException(
          Problem.of(403, "insufficient-scope", "Forbidden", "the token lacks scope " + SCOPE));
    }
    return claims.get();
  }

  private void createUser(Context ctx) {
    NewUser body = ctx.bodyAsClass(NewUser.class);
    UserAccount created =
        s().users()
            .create(
                body.username(),
                body.password(),
                orEmpty(body.roles()),
                orEmpty(body.groups()),
                body.attributes() == null ? Map.of() : body.attributes());
    record(ctx, "create", "user:" + created.id());
    ctx.status(201).json(view(created));
  }

  private void updateUser(Context ctx) {
    UserAccount user = user(ctx);
    UserChanges body = ctx.bodyAsClass(UserChanges.class);
    if (body == null) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    s().users()
        .updateProfile(
            user.id(),
            body.roles() == null ? user.roles() : body.roles(),
            body.groups() == null ? user.groups() : body.groups(),
            body.attributes() == null ? user.attributes() : body.attributes());
    record(ctx, "update", "user:" + user.id());
    ctx.json(view(user(ctx)));
  }

  private void resetPassword(Context ctx) {
    UserAccount user = user(ctx);
    s().users().resetPassword(user.id(), ctx.bodyAsClass(NewPassword.class).password());
    record(ctx, "password.reset", "user:" + user.id());
    ctx.status(204);
  }

  private void enrolTotp(Context ctx) {
    UserAccount user = user(ctx);
    TotpService.Enrolment enrolment = s().totp().begin(user.id(), user.username());
    record(ctx, "totp.enrol", "user:" + user.id());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("secret", enrolment.secret());
    body.put("uri", enrolment.uri());
    body.put("recoveryCodes", enrolment.recoveryCodes());
    ctx.status(201).json(body);
  }

  private void createClient(Context ctx) {
    NewClient body = ctx.bodyAsClass(NewClient.class);
    AuthMethod method = method(body.authMethod());
    ClientRegistry.Registered registered =
        s().registry()
            .register(
                new ClientRegistry.Registration(
                    body.clientId(),
                    method,
                    body.jwks(),
                    orEmpty(body.redirectUris()),
                    body.grantTypes() == null ? Set.of() : body.grantTypes(),
                    body.scopes() == null ? Set.of() : body.scopes(),
                    orEmpty(body.audiences()),
                    body.resource(),
                    Boolean.TRUE.equals(body.firstParty()),
                    body.description(),
                    new TlsClientSettings(
                        body.tlsClientAuthSubjectDn(),
                        body.tlsClientAuthSanDns(),
                        body.tlsClientAuthSanUri(),
                        Boolean.TRUE.equals(body.tlsClientCertificateBoundAccessTokens()))));
    record(ctx, "create", "client:" + registered.client().clientId());
    Map<String, Object> out = view(registered.client());
    registered.secret().ifPresent(s -> out.put("clientSecret", s));
    ctx.status(201).json(out);
  }

  private static AuthMethod method(String name) {
    if (name == null) {
      return AuthMethod.CLIENT_SECRET;
    }
    return switch (name) {
      case "client_secret_basic", "client_secret_post", "client_secret" -> AuthMethod.CLIENT_SECRET;
      case "private_key_jwt" -> AuthMethod.PRIVATE_KEY_JWT;
      case "none" -> AuthMethod.NONE;
      case "tls_client_auth" -> AuthMethod.TLS_CLIENT_AUTH;
      default ->
          throw new IllegalArgumentException(
              "authMethod must be client_secret_basic, client_secret_post, private_key_jwt,"
                  + " tls_client_auth or none");
    };
  }

  private void rotateSecret(Context ctx) {
    RegisteredClient client = client(ctx);
    String secret =
        s().registry()
            .rotateSecret(client.clientId())
            .orElseThrow(() -> ProblemException.conflict("the client does not use a secret"));
    record(ctx, "secret.rotate", "client:" + client.clientId());
    ctx.json(Map.of("clientId", client.clientId(), "clientSecret", secret));
  }

  private void disableClient(Context ctx) {
    RegisteredClient client = client(ctx);
    s().clients().setDisabled(client.clientId(), true);
    s().revoker().revokeSubject(client.clientId());
    record(ctx, "disable", "client:" + client.clientId());
    ctx.status(204);
  }

  private void deleteClient(Context ctx) {
    RegisteredClient client = client(ctx);
    s().clients().delete(client.clientId());
    s().revoker().revokeSubject(client.clientId());
    record(ctx, "delete", "client:" + client.clientId());
    ctx.status(204);
  }

  private void rotateKeys(Context ctx) {
    String kid = s().keys().rotate();
    record(ctx, "keys.rotate", "key:" + kid);
    ctx.json(Map.of("kid", kid, "algorithm", s().keys().algorithm().getName()));
  }

  private void revokeSession(Context ctx) {
    String sid = ctx.pathParam("sid");
    if (sid.length() > 255 || s().revoker().revokeSession(sid).isEmpty()) {
      throw ProblemException.notFound("no active session with this id");
    }
    record(ctx, "session.revoke", "session:" + sid);
    ctx.status(204);
  }

  private void change(Context ctx, String action, String target, boolean done) {
    if (!done) {
      throw ProblemException.notFound("nothing to change");
    }
    record(ctx, action, target);
    ctx.status(204);
  }

  /** The user named in the path by id or, failing that, by user name (the two never overlap). */
  private UserAccount user(Context ctx) {
    String key = ctx.pathParam("id");
    return s().users()
        .find(key)
        .or(() -> s().users().findByUsername(key))
        .orElseThrow(() -> ProblemException.notFound("no such user"));
  }

  private RegisteredClient client(Context ctx) {
    return s().clients()
        .find(ctx.pathParam("id"))
        .orElseThrow(() -> ProblemException.notFound("no such client"));
  }

  private void record(Context ctx, String action, String target) {
    JWTClaimsSet caller = ctx.attribute("admin.caller");
    s().audit()
        .record(
            "admin.changed",
            Outcome.SUCCESS,
            new Actor(
                caller.getSubject(),
                (String) caller.getClaim("client_id"),
                ClientAddress.of(ctx),
                null),
            target,
            action,
            null,
            Map.of());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  static Map<String, Object> view(UserAccount user) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", user.id());
    out.put("username", user.username());
    out.put("roles", user.roles());
    out.put("groups", user.groups());
    out.put("attributes", user.attributes());
    out.put("disabled", user.disabled());
    out.put("createdAt", user.createdAt().toString());
    return out;
  }

  static Map<String, Object> view(SigningKeyRing.PublishedKey key) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kid", key.kid());
    out.put("algorithm", key.algorithm());
    out.put("createdAt", key.createdAt().toString());
    out.put("signing", key.signing());
    if (key.retireAfter() != null) {
      out.put("retireAfter", key.retireAfter().toString());
    }
    return out;
  }

  static Map<String, Object> view(RegisteredClient client) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clientId", client.clientId());
    out.put(
        "authMethod",
        switch (client.authMethod()) {
          case CLIENT_SECRET -> "client_secret_basic";
          case PRIVATE_KEY_JWT -> "private_key_jwt";
          case NONE -> "none";
          case TLS_CLIENT_AUTH -> "tls_client_auth";
        });
    TlsClientSettings tls = client.tls();
    if (tls.subjectDn() != null) {
      out.put("tlsClientAuthSubjectDn", tls.subjectDn());
    }
    if (tls.sanDns() != null) {
      out.put("tlsClientAuthSanDns", tls.sanDns());
    }
    if (tls.sanUri() != null) {
      out.put("tlsClientAuthSanUri", tls.sanUri());
    }
    out.put(
        "tlsClientCertificateBoundAccessTokens",
        tls.boundAccessTokens() || client.authMethod() == AuthMethod.TLS_CLIENT_AUTH);
    out.put("redirectUris", client.redirectUris());
    out.put("grantTypes", client.grantTypes().stream().sorted().toList());
    out.put("scopes", client.scopes().stream().sorted().toList());
    out.put("audiences", client.audiences());
    if (client.resource() != null) {
      out.put("resource", client.resource());
    }
    out.put("firstParty", client.firstParty());
    out.put("disabled", client.disabled());
    if (client.description() != null) {
      out.put("description", client.description());
    }
    return out;
  }
}
