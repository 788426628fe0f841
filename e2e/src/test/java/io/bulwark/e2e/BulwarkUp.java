package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@code bulwark up} run as a child process in a work directory with data dir {@code state},
 * and what the ITs do with it: read {@code endpoints.json} and {@code demo-credentials.json}, get
 * tokens from {@code bulwark token}, query the audit log and wait for an audit alert.
 */
final class BulwarkUp implements AutoCloseable {
  /** The data dir, relative to the work directory. */
  static final String DATA_DIR = "state";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ALERT_WAIT = Duration.ofSeconds(20);

  private final Path work;
  private final int adminPort;
  private final BulwarkProcess process;

  private BulwarkUp(Path work, int adminPort, BulwarkProcess process) {
    this.work = work;
    this.adminPort = adminPort;
    this.process = process;
  }

  /** Starts {@code up} on {@code ports} (plus {@code extraArgs}) without waiting for it. */
  static BulwarkUp launch(Path work, UpPorts ports, String... extraArgs) throws Exception {
    String[] args =
        Stream.concat(Stream.of(ports.upArgs(DATA_DIR)), Stream.of(extraArgs))
            .toArray(String[]::new);
    return new BulwarkUp(work, ports.admin(), BulwarkProcess.start(work, args));
  }

  /** Starts {@code up} on {@code ports} (plus {@code extraArgs}) and waits until it is ready. */
  static BulwarkUp start(Path work, UpPorts ports, String... extraArgs) throws Exception {
    return ready(launch(work, ports, extraArgs));
  }

  /**
   * Starts {@code bulwark args} (an {@code up} whose configuration sets data dir {@code state} and
   * admin port {@code adminPort}) and waits until it is ready.
   */
  static BulwarkUp start(Path work, int adminPort, String... args) throws Exception {
    return ready(new BulwarkUp(work, adminPort, BulwarkProcess.start(work, args)));
  }

  private static BulwarkUp ready(BulwarkUp up) throws Exception {
    try {
      up.awaitReady();
      return up;
    } catch (Exception | AssertionError e) {
      up.close();
      throw e;
    }
  }

  /** Waits until the admin listener reports ready and the banner has been printed. */
  void awaitReady() throws Exception {
    process.awaitReady(URI.create("http://127.0.0.1:" + adminPort + "/health/ready"));
  }

  /** The data dir. */
  Path dataDir() {
    return work.resolve(DATA_DIR);
  }

  /** {@code endpoints.json} as {@code up} wrote it. */
  JsonNode endpoints() throws Exception {
    return JSON.readTree(dataDir().resolve("endpoints.json").toFile());
  }

  /** The CA certificate {@code endpoints.json} names. */
  Path caCertificate() throws Exception {
    return Path.of(endpoints().path("caCertificate").asText());
  }

  /** An HTTPS client trusting {@link #caCertificate()}. */
  HttpClient httpsClient() throws Exception {
    return Https.clientTrusting(caCertificate()).build();
  }

  /** The requests the ITs send, over HTTPS trusting {@link #caCertificate()}. */
  Https https() throws Exception {
    return new Https(caCertificate());
  }

  /** The secret of {@code clientId} in {@code demo-credentials.json}. */
  String clientSecret(String clientId) throws Exception {
    for (JsonNode client :
        JSON.readTree(dataDir().resolve("demo-credentials.json").toFile()).path("clients")) {
      if (client.path("clientId").asText().equals(clientId)) {
        return client.path("clientSecret").asText();
      }
    }
    throw new AssertionError("no " + clientId + " in demo-credentials.json");
  }

  /** {@code bulwark token ARGS --data-dir state}: a token from this run's identity server. */
  String token(String... args) throws Exception {
    String[] command =
        Stream.concat(
                Stream.concat(Stream.of("token"), Stream.of(args)),
                Stream.of("--data-dir", DATA_DIR))
            .toArray(String[]::new);
    return BulwarkProcess.run(work, command);
  }

  /** {@code bulwark audit query state/audit --json ARGS}: one JSON event a line. */
  String auditQuery(String... args) throws Exception {
    String[] command =
        Stream.concat(Stream.of("audit", "query", DATA_DIR + "/audit", "--json"), Stream.of(args))
            .toArray(String[]::new);
    return BulwarkProcess.run(work, command);
  }

  /** Every event of the audit log, as {@link #auditQuery} lists them. */
  List<JsonNode> auditEvents() throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : auditQuery().split("\n")) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  /**
   * Polls {@code GET /v1/alerts?rule=RULE} at {@code audit} with {@code token} until it lists an
   * alert, for at most 20 s; returns the first alert, or null if none came.
   */
  static JsonNode awaitAlert(HttpClient https, URI audit, String rule, String token)
      throws Exception {
    long deadline = System.nanoTime() + ALERT_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> listed =
          https.send(
              HttpRequest.newBuilder(audit.resolve("/v1/alerts?rule=" + rule))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
      JsonNode alerts = JSON.readTree(listed.body()).path("alerts");
      if (!alerts.isEmpty()) {
        return alerts.get(0);
      }
      Thread.sleep(100);
    }
    return null;
  }

  String stdout() {
    return process.stdout();
  }

  String stderr() {
    return process.stderr();
  }

  /** Sends SIGTERM and waits for the exit code. */
  int terminate() throws InterruptedException {
    return process.terminate();
  }

  @Override
  public void close() {
    process.close();
  }
}
