package io.bulwark.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.audit.alert.Alert;
import io.bulwark.audit.alert.AlertJson;
import io.bulwark.audit.alert.AlertQuery;
import io.bulwark.audit.alert.AlertStore;
import io.bulwark.audit.alert.Severity;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.id.Ulid;
import io.bulwark.core.json.Json;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.sdk.token.BearerToken;
import io.bulwark.sdk.token.InvalidTokenException;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.sdk.token.VerifiedToken;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit HTTP API: {@code POST /v1/audit/events}, where services send batches of events (bearer
 * token with scope {@value #WRITE_SCOPE}), and {@code GET /v1/alerts}, which lists recent alerts
 * (scope {@value #READ_SCOPE}). Formats in docs/audit.md.
 */
public final class AuditApi {
  /** Where services post events. */
  public static final String EVENTS_PATH = "/v1/audit/events";

  /** Where alerts are listed. */
  public static final String ALERTS_PATH = "/v1/alerts";

  /** Scope needed to post events. */
  public static final String WRITE_SCOPE = "audit:write";

  /** Scope that also lets a poster name each event's actor (trusted emitters such as gateways). */
  public static final String ACTOR_SCOPE = "audit:actor";

  /** Scope needed to list alerts. */
  public static final String READ_SCOPE = "audit:read";

  /** Largest request body accepted on this API. */
  public static final long MAX_BODY_BYTES = 1L << 20;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AuditLog log;
  private final AlertStore alerts;
  private final TokenVerifier verifier;
  private final Clock clock;
  private final Ulid.Generator ids;
  private final Counter accepted;
  private final Counter rejected;

  /**
   * An API appending to {@code log}, listing {@code alerts}, accepting tokens {@code verifier}
   * accepts.
   */
  public AuditApi(
      AuditLog log,
      AlertStore alerts,
      TokenVerifier verifier,
      Clock clock,
      MeterRegistry registry) {
    this.log = Objects.requireNonNull(log, "log");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Ulid.generator(clock);
    this.accepted = registry.counter("audit.ingest.events", "result", "accepted");
    this.rejected = registry.counter("audit.ingest.batches", "result", "rejected");
  }

  /** Declares the endpoints on a server's routes. */
  public void routes(RoutesConfig routes) {
    routes.post(EVENTS_PATH, this::ingest);
    routes.get(ALERTS_PATH, this::listAlerts);
  }

  private void ingest(Context ctx) {
    VerifiedToken token = authenticate(ctx, WRITE_SCOPE);
    JsonNode body;
    try {
      body = Json.mapper().readTree(ctx.bodyInputStream());
    } catch (IOException e) {
      rejected.increment();
      throw ProblemException.badRequest("the body is not valid JSON");
    }
    EventBatch.Reporter reporter =
        new EventBatch.Reporter(
            token.subject(), token.clientId(), ctx.ip(), token.hasScope(ACTOR_SCOPE));
    EventBatch.Result result = EventBatch.parse(body, reporter, clock.instant(), ids);
    if (!result.errors().isEmpty()) {
      rejected.increment();
      List<Map<String, Object>> errors =
          result.errors().stream()
              .map(e ->
                  e.index() < 0
                      ? Map.<String, Object>of("detail", e.detail())
                      : Map.<String, Object>of("index", e.index(), "detail", e.detail()))
              .toList();
      throw new ProblemException(
          Problem.of(
                  400,
                  "invalid-audit-events",
                  "Invalid audit events",
                  result.errors().size() + " of the events are invalid; none was recorded")
              .with("errors", errors));
    }
    ArrayNode recorded = NODES.arrayNode();
    int count = 0;
    for (AuditEvent event : result.events()) {
      try {
        log.append(event);
      } catch (IllegalStateException | UncheckedIOException e) {
        accepted.increment(count);
        throw new ProblemException(
            Problem.of(
                    503,
                    "audit-unavailable",
                    "Audit log unavailable",
                    "the audit log could not record the batch; the first "
                        + count
                        + " events were recorded, retry the rest")
                .with("recorded", count));
      }
      recorded.add(event.id());
      count++;
    }
    accepted.increment(count);
    ObjectNode answer = NODES.objectNode();
    answer.put("recorded", count);
    answer.set("ids", recorded);
    ctx.status(200).contentType("application/json").result(answer.toString());
  }

  private void listAlerts(Context ctx) {
    authenticate(ctx, READ_SCOPE);
    AlertQuery query =
        new AlertQuery(
            param(ctx, "rule"),
            param(ctx, "severity").map(AuditApi::severity),
            param(ctx, "group"),
            param(ctx, "since").map(v -> instant("since", v)),
            param(ctx, "until").map(v -> instant("until", v)),
            param(ctx, "limit").map(AuditApi::limit).orElse(AlertQuery.DEFAULT_LIMIT));
    ArrayNode list = NODES.arrayNode();
    for (Alert alert : alerts.find(query)) {
      list.add(AlertJson.toJson(alert));
    }
    ObjectNode answer = NODES.objectNode();
    answer.set("alerts", list);
    ctx.contentType("application/json").result(answer.toString());
  }

  private VerifiedToken authenticate(Context ctx, String scope) {
    Optional<BearerToken> bearer;
    try {
      bearer = BearerToken.parse(ctx.header("Authorization"));
    } catch (IllegalArgumentException e) {
      throw unauthorized(ctx, "invalid_request", "malformed Authorization header");
    }
    if (bearer.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"bulwark-audit\"");
      throw ProblemException.unauthorized("a bearer token is required");
    }
    VerifiedToken token;
    try {
      token = verifier.verify(bearer.get().value());
    } catch (InvalidTokenException e) {
      throw unauthorized(ctx, "invalid_token", "the bearer token is not valid");
    }
    ctx.req().setAttribute(HttpServer.PRINCIPAL_ATTRIBUTE, token.subject());
    if (!token.hasScope(scope)) {
      ctx.header(
          "WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
      throw ProblemException.forbidden("the token lacks scope " + scope);
    }
    return token;
  }

  private static ProblemException unauthorized(Context ctx, String error, String detail) {
    ctx.header("WWW-Authenticate", "Bearer error=\"" + error + "\"");
    return ProblemException.unauthorized(detail);
  }

  private static Optional<String> param(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.size() > 1) {
      throw ProblemException.badRequest("query parameter " + name + " given more than once");
    }
    return values.isEmpty() || values.getFirst().isEmpty()
        ? Optional.empty()
        : Optional.of(values.getFirst());
  }

  private static Severity severity(String value) {
    try {
      return Severity.fromJson(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("severity must be one of low, medium, high, critical");
    }
  }

  private static Instant instant(String name, String value) {
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(name + " must be an ISO-8601 instant or date");
    }
  }

  private static int limit(String value) {
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= AlertQuery.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ProblemException.badRequest("limit must be an integer from 1 to " + AlertQuery.MAX_LIMIT);
  }
}
