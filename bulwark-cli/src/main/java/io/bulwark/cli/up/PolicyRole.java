package io.bulwark.cli.up;

import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.PolicyConfig;
import io.bulwark.core.http.HealthCheck;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.policy.PolicyError;
import io.bulwark.policy.PolicyLoadException;
import io.bulwark.policy.api.DecisionApi;
import io.bulwark.policy.reload.ReloadingPolicies;
import io.bulwark.sdk.token.TokenVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy decision point of {@code bulwark up}: the watched policy directory ({@code
 * policy.dir}, or {@code dataDir/policies} seeded with the bakery policies) and the decision API on
 * plain HTTP bound to loopback. Plain HTTP is deliberate: its callers are proxies on the same host
 * (nginx {@code auth_request}, Envoy {@code ext_authz}) that forward the caller's own token.
 *
 * <p>Tokens are verified like the bakery services verify them (the identity server's issuer and
 * keys), accepting any of the bakery audiences, since the proxy fronts all three services; each
 * service still checks its own audience.
 */
final class PolicyRole implements AutoCloseable {
  /** Audiences whose tokens the decision API accepts. */
  static final List<String> AUDIENCES = List.of("catalog", "orders", "payments");

  private static final Logger log = LoggerFactory.getLogger(PolicyRole.class);

  private final ReloadingPolicies policies;
  private final HttpServer server;

  private PolicyRole(ReloadingPolicies policies, HttpServer server) {
    this.policies = policies;
    this.server = server;
  }

  static PolicyRole start(
      PolicyConfig config,
      Path dataDir,
      IdentityTrust identity,
      Telemetry telemetry,
      AuditLog audit,
      Clock clock) {
    Path dir = config.resolveDir(dataDir).toAbsolutePath().normalize();
    if (config.dir().isEmpty() && BakeryPolicies.seed(dir)) {
      log.info("copied the bakery policies to {}", dir);
    }
    ReloadingPolicies policies;
    try {
      policies = ReloadingPolicies.start(dir, telemetry.meterRegistry(), audit, clock);
    } catch (PolicyLoadException e) {
      throw new BrokenPoliciesException(
          "the policies in "
              + dir
              + " have errors:\n  "
              + e.errors().stream().map(PolicyError::format).collect(Collectors.joining("\n  ")));
    }
    try {
      List<TokenVerifier> verifiers = AUDIENCES.stream().map(identity::forAudience).toList();
      DecisionApi api =
          new DecisionApi(
              policies, new TokenPrincipalResolver(verifiers), telemetry.meterRegistry(), clock);
      HttpServer server =
          HttpServer.builder("policy", telemetry)
              .bind(config.host(), config.port())
              .routes(api::routes)
              .auditLog(audit)
              .build();
      PolicyRole role = new PolicyRole(policies, server);
      try {
        LocalPlatform.bind(
            server::start, "policy", config.host(), config.port(), "--policy-port", "policy.port");
      } catch (RuntimeException e) {
        role.close();
        throw e;
      }
      return role;
    } catch (RuntimeException e) {
      policies.close();
      throw e;
    }
  }

  /** The loaded policy set, current after every reload. */
  java.util.function.Supplier<io.bulwark.policy.PolicySet> policies() {
    return policies;
  }

  /** Base URL of the decision API. */
  URI baseUri() {
    return server.baseUri();
  }

  /** The watched policy directory. */
  Path directory() {
    return policies.directory();
  }

  /** Up while the decision API serves; says when the last reload was rejected. */
  HealthCheck health() {
    return () ->
        policies
            .lastError()
            .map(e ->
                HealthCheck.Result.up(
                    "last reload rejected, generation " + policies.generation() + " active"))
            .orElseGet(() -> HealthCheck.Result.up("generation " + policies.generation()));
  }

  /** The policy directory has errors at start; the message lists every one. */
  static final class BrokenPoliciesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrokenPoliciesException(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      policies.close();
    }
  }
}
