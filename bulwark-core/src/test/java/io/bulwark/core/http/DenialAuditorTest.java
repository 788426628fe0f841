package io.bulwark.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.JsonlAuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.core.telemetry.Telemetry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenialAuditorTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path dir;

  private Telemetry telemetry;
  private JsonlAuditLog audit;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    telemetry = Telemetry.create("test", Optional.empty(), 1.0);
    audit = JsonlAuditLog.open(dir.resolve("audit.jsonl"), FsyncPolicy.ALWAYS);
    server =
        HttpServer.builder("payments", telemetry)
            .auditLog(audit)
            .routes(r -> {
              r.get("/open", ctx -> ctx.result("ok"));
              r.get(
                  "/charges/{id}",
                  ctx -> {
                    throw ProblemException.unauthorized("a bearer token is required");
                  });
              r.post(
                  "/charges",
                  ctx -> {
                    ctx.attribute(HttpServer.PRINCIPAL_ATTRIBUTE, "alice");
                    throw ProblemException.forbidden("only the orders service may charge");
                  });
            })
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    audit.close();
    telemetry.close();
  }

  @Test
  void auditsForbiddenWithPrincipalRouteAndTrace() throws Exception {
    send(
        HttpRequest.newBuilder(server.baseUri().resolve("/charges"))
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .POST(HttpRequest.BodyPublishers.noBody()));

    AuditEvent event = onlyEvent();
    assertThat(event.type()).isEqualTo("http.request.denied");
    assertThat(event.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(event.actor().principal()).isEqualTo("alice");
    assertThat(event.actor().sourceIp()).isEqualTo("127.0.0.1");
    assertThat(event.target()).isEqualTo("payments /charges");
    assertThat(event.action()).isEqualTo("POST");
    assertThat(event.reason()).isEqualTo("forbidden");
    assertThat(event.traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void auditsUnauthenticatedCallsUnderTheRouteTemplate() throws Exception {
    send(HttpRequest.newBuilder(server.baseUri().resolve("/charges/42")).GET());

    AuditEvent event = onlyEvent();
    assertThat(event.reason()).isEqualTo("unauthenticated");
    assertThat(event.target()).isEqualTo("payments /charges/{id}");
    assertThat(event.actor().principal()).isNull();
  }

  @Test
  void allowedAndNotFoundRequestsAreNotAuditedAsDenials() throws Exception {
    send(HttpRequest.newBuilder(server.baseUri().resolve("/open")).GET());
    send(HttpRequest.newBuilder(server.baseUri().resolve("/nowhere")).GET());

    assertThat(JsonlAuditLog.read(dir.resolve("audit.jsonl"))).isEmpty();
  }

  private void send(HttpRequest.Builder request) throws Exception {
    HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  private AuditEvent onlyEvent() throws Exception {
    List<AuditEvent> events = JsonlAuditLog.read(dir.resolve("audit.jsonl"));
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
