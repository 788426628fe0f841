package io.bulwark.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.bulwark.gateway.GatewayServer;
import io.bulwark.gateway.chain.Attributes;
import io.bulwark.gateway.chain.Phase;
import io.bulwark.gateway.chain.StageResult;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.policy.PolicyLoader;
import io.bulwark.policy.PolicySet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The policy engine as the chain's authorization phase, driven over HTTP. */
@Timeout(60)
class PolicyStageTest {
  @TempDir Path policies;
  private HttpServer backend;
  private GatewayServer gateway;
  private final HttpClient client = HttpClient.newHttpClient();
  private int port;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(
        policies.resolve("order.yaml"),
        """
        apiVersion: bulwark.io/v1
        resourcePolicy:
          resource: order
          rules:
            - name: customers-read
              actions: [get]
              effect: allow
              roles: [customer]
            - name: not-order-13
              actions: ["*"]
              effect: deny
              roles: ["*"]
              condition: R.id == "13"
        """);
    PolicySet set = PolicyLoader.load(policies);
    backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    backend.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestURI().getPath().getBytes();
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    backend.start();
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            List.of(
                new RouteConfig(
                    "order",
                    null,
                    PathMatch.template("/orders/{id}"),
                    Set.of(),
                    Map.of(),
                    "shop",
                    new RouteConfig.PolicyBinding("order", "id", null)),
                RouteConfig.of("open", PathMatch.prefix("/open"), "shop")),
            List.of(
                ClusterConfig.of(
                    "shop", new EndpointAddress("127.0.0.1", backend.getAddress().getPort()))),
            Timeouts.DEFAULTS,
            Limits.DEFAULTS,
            List.of());
    gateway =
        GatewayServer.builder(config)
            .auditLog(
                new io.bulwark.core.audit.AuditLog() {
                  public void append(io.bulwark.core.audit.AuditEvent e) {}

                  public void close() {}
                })
            .workerThreads(1)
            .stageForAllRoutes(
                Phase.AUTHENTICATION,
                req -> {
                  Optional<String> user =
                      req.header("authorization").filter(v -> v.startsWith("Test "));
                  if (user.isEmpty()) {
                    return CompletableFuture.completedFuture(StageResult.proceed());
                  }
                  String[] parts = user.get().substring(5).split(" ");
                  return CompletableFuture.supplyAsync(() ->
                      StageResult.proceed(
                          Attributes.EMPTY
                              .with(Attributes.PRINCIPAL, parts[0])
                              .with(
                                  Attributes.ROLES,
                                  Set.copyOf(List.of(parts).subList(1, parts.length)))));
                })
            .stage(Phase.AUTHORIZATION, PolicyStage.factory(() -> set, Clock.systemUTC()))
            .build();
    gateway.start();
    port = gateway.port("public");
  }

  @AfterEach
  void stop() {
    gateway.close();
    backend.stop(0);
    client.close();
  }

  private HttpResponse<String> send(String method, String path, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void allowsWhatThePolicyAllows() throws Exception {
    HttpResponse<String> r = send("GET", "/orders/7", "Test alice customer");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("/orders/7");
  }

  @Test
  void answersUnauthorizedToAnonymousCallers() throws Exception {
    HttpResponse<String> r = send("GET", "/orders/7", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer");
    assertThat(r.body()).contains("unauthorized");
  }

  @Test
  void forbidsActionsAndResourcesThePolicyDenies() throws Exception {
    assertThat(send("DELETE", "/orders/7", "Test alice customer").statusCode()).isEqualTo(403);
    assertThat(send("GET", "/orders/13", "Test alice customer").statusCode()).isEqualTo(403);
    assertThat(send("GET", "/orders/7", "Test bob baker").statusCode()).isEqualTo(403);
  }

  @Test
  void routesWithoutAResourceSkipThePolicy() throws Exception {
    assertThat(send("GET", "/open/x", null).statusCode()).isEqualTo(200);
  }
}
