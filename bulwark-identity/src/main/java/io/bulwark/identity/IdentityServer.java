package io.bulwark.identity;

import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.identity.admin.AdminApi;
import io.bulwark.identity.client.ClientRegistry;
import io.bulwark.identity.oauth.ClientAddress;
import io.bulwark.identity.oauth.Endpoints;
import io.bulwark.identity.oauth.OAuthServer;
import io.bulwark.identity.oauth.ProtocolErrors;
import io.bulwark.identity.revocation.RevocationBus;
import io.bulwark.identity.revocation.Revoker;
import io.bulwark.identity.store.IdentityDatabase;
import io.bulwark.identity.token.SigningKeyRing;
import io.bulwark.identity.user.PasswordHasher;
import io.bulwark.identity.user.TotpService;
import io.bulwark.identity.user.UserDirectory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The identity server role: an OAuth 2.1 / OpenID Connect authorization server over HTTPS on a core
 * {@link HttpServer}, backed by an {@link IdentityDatabase}. {@link #start} binds, opens the
 * signing keys and serves; {@link #close} stops serving (the database stays the caller's).
 *
 * <pre>{@code
 * try (IdentityDatabase db = IdentityDatabase.h2(dataDir.resolve("identity/identity"));
 *     IdentityServer server = IdentityServer.start(config, db, auditLog, telemetry, clock)) {
 *   ClientRegistry.Registered orders = server.clients().register(...);
 * }
 * }</pre>
 */
public final class IdentityServer implements AutoCloseable {
  /** Largest request body accepted: 64 KiB (OAuth requests are small forms). */
  public static final long MAX_BODY_BYTES = 64 << 10;

  private final HttpServer http;
  private final Endpoints endpoints;
  private final SigningKeyRing keys;
  private final ClientRegistry clients;
  private final UserDirectory users;
  private final TotpService totp;
  private final RevocationBus bus;
  private final Revoker revoker;
  private final OAuthServer oauth;

  private IdentityServer(
      HttpServer http,
      Endpoints endpoints,
      SigningKeyRing keys,
      ClientRegistry clients,
      UserDirectory users,
      TotpService totp,
      RevocationBus bus,
      Revoker revoker,
      OAuthServer oauth) {
    this.http = http;
    this.endpoints = endpoints;
    this.keys = keys;
    this.clients = clients;
    this.users = users;
    this.totp = totp;
    this.bus = bus;
    this.revoker = revoker;
    this.oauth = oauth;
  }

  /**
   * Binds the listener and serves; the issuer is the configured one or {@code https://host:port}.
   */
  public static IdentityServer start(
      IdentityConfig config,
      IdentityDatabase db,
      AuditLog auditLog,
      Telemetry telemetry,
      Clock clock) {
    Objects.requireNonNull(db, "db");
    AtomicReference<OAuthServer> ready = new AtomicReference<>();
    AtomicReference<AdminApi.Services> admin = new AtomicReference<>();
    AdminApi adminApi = new AdminApi(admin::get);
    HttpServer.Builder builder =
        HttpServer.builder("identity", telemetry)
            .bind(config.host(), config.port())
            .tls(config.tlsCertificate(), config.tlsKey())
            .maxRequestBodyBytes(MAX_BODY_BYTES)
            .auditLog(auditLog)
            .routes(routes -> {
              routes.before(new ClientAddress(config.trustedProxies())::resolve);
              routes(routes, ready);
              adminApi.routes(routes);
            });
    if (config.clientCaCertificates() != null) {
      builder.clientCertificates(config.clientCaCertificates());
    }
    HttpServer http = builder.build().start();
    try {
      URI issuer = config.issuer() != null ? config.issuer() : http.baseUri();
      Endpoints endpoints = new Endpoints(issuer);
      SigningKeyRing keys =
          SigningKeyRing.open(
              db.signingKeys(), config.signingAlgorithm(), config.keyRetention(), clock);
      IdentityAudit audit = new IdentityAudit(auditLog, clock);
      RevocationBus bus = new RevocationBus();
      // Disabling, deleting or resetting a user (a sub revocation) ends their browser sessions.
      var browserSessions = db.browserSessions();
      bus.subscribe(event -> {
        if (event.kind() == io.bulwark.identity.store.RevocationEvent.Kind.SUB) {
          browserSessions.deleteForUser(event.value());
        }
      });
      Revoker revoker =
          new Revoker(db.revocations(), db.grants(), bus, config.accessTokenTtl(), clock);
      UserDirectory users = new UserDirectory(db.users(), new PasswordHasher(), revoker, clock);
      TotpService totp = new TotpService(db.totp(), "Bulwark", clock);
      OAuthServer oauth =
          new OAuthServer(endpoints, config, db, keys, revoker, users, totp, audit, clock);
      ClientRegistry registry = new ClientRegistry(db.clients(), clock);
      admin.set(
          new AdminApi.Services(
              oauth.tokenStatus(), users, totp, registry, db.clients(), keys, revoker, audit));
      ready.set(oauth);
      return new IdentityServer(http, endpoints, keys, registry, users, totp, bus, revoker, oauth);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  private static void routes(RoutesConfig routes, AtomicReference<OAuthServer> ready) {
    ProtocolErrors.install(routes);
    routes.get(Endpoints.OPENID_CONFIGURATION, on(ready, OAuthServer::discovery));
    routes.get(Endpoints.OAUTH_METADATA, on(ready, OAuthServer::discovery));
    routes.get(Endpoints.JWKS, on(ready, OAuthServer::jwks));
    routes.get(Endpoints.AUTHORIZE, on(ready, OAuthServer::authorize));
    routes.post(Endpoints.LOGIN, on(ready, OAuthServer::login));
    routes.post(Endpoints.LOGIN_OTP, on(ready, OAuthServer::otp));
    routes.post(Endpoints.CONSENT, on(ready, OAuthServer::consent));
    routes.get(Endpoints.LOGOUT, on(ready, OAuthServer::logout));
    routes.post(Endpoints.LOGOUT, on(ready, OAuthServer::logout));
    routes.get(Endpoints.USERINFO, on(ready, OAuthServer::userinfo));
    routes.post(Endpoints.USERINFO, on(ready, OAuthServer::userinfo));
    routes.post(Endpoints.TOKEN, on(ready, OAuthServer::token));
    routes.post(Endpoints.INTROSPECT, on(ready, OAuthServer::introspect));
    routes.post(Endpoints.REVOKE, on(ready, OAuthServer::revoke));
    routes.get(Endpoints.REVOCATIONS, on(ready, OAuthServer::revocations));
  }

  private static Handler on(
      AtomicReference<OAuthServer> ready, BiConsumer<OAuthServer, Context> handler) {
    return ctx -> {
      OAuthServer oauth = ready.get();
      if (oauth == null) {
        ctx.status(503).header("Retry-After", "1");
        return;
      }
      handler.accept(oauth, ctx);
    };
  }

  /** The issuer URL. */
  public URI issuer() {
    return endpoints.issuer();
  }

  /** The endpoint URLs. */
  public Endpoints endpoints() {
    return endpoints;
  }

  /** The bound port. */
  public int port() {
    return http.port();
  }

  /** The signing keys; {@link SigningKeyRing#rotate()} rotates them. */
  public SigningKeyRing keys() {
    return keys;
  }

  /** Registers clients. */
  public ClientRegistry clients() {
    return clients;
  }

  /** Creates, disables and deletes users. */
  public UserDirectory users() {
    return users;
  }

  /** TOTP second factors: enrolment and removal. */
  public TotpService totp() {
    return totp;
  }

  /** Where revocation events are published in process. */
  public RevocationBus revocationBus() {
    return bus;
  }

  /** Revokes tokens, sessions and subjects. */
  public Revoker revoker() {
    return revoker;
  }

  /** The protocol endpoints. */
  OAuthServer oauth() {
    return oauth;
  }

  @Override
  public void close() {
    http.close();
  }
}
