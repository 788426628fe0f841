package io.bulwark.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.bulwark.cli.Main;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.testkit.FreePorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bulwark serve --role gateway} as a real child process: it serves the file's routes,
 * reloads the file when it changes (keeping keep-alive connections), keeps serving the old routes
 * when the new file is broken or changes the listeners, and stops with exit 0 on SIGTERM.
 */
@Timeout(120)
class ServeGatewayTest {
  @TempDir Path dir;
  private HttpServer backend;

  @BeforeEach
  void startBackend() throws IOException {
    backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    backend.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("backend " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    backend.start();
  }

  @AfterEach
  void stopBackend() {
    backend.stop(0);
  }

  private String yaml(int adminPort, int gatewayPort, String routes) {
    return """
    dataDir: "%s"
    admin: {port: %d}
    gateway:
      listeners: [{name: web, host: 127.0.0.1, port: %d, tls: false}]
      routes:
    %s
      clusters: [{name: backend, endpoints: ["127.0.0.1:%d"]}]
    """
        .formatted(
            dir.resolve("data"), adminPort, gatewayPort, routes, backend.getAddress().getPort());
  }

  /** Writes the file as editors do: a new file renamed over the old one. */
  private void replace(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".swp");
    Files.writeString(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void servesReloadsAndStopsOnSigterm() throws Exception {
    int adminPort = FreePorts.next();
    int gatewayPort = FreePorts.next();
    Path file = dir.resolve("bulwark.yaml");
    String oldRoute = "    - {id: old, path: /old, cluster: backend, auth: anonymous}";
    Files.writeString(file, yaml(adminPort, gatewayPort, oldRoute));
    try (ChildProcess bulwark =
        ChildProcess.start(dir, "serve", "--role", "gateway", "--config", file.toString())) {
      bulwark.awaitLine(l -> l.contains("Bulwark gateway is ready"));
      try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
        var ready =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + adminPort + "/health/ready"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
      }
      try (KeepAliveClient client = new KeepAliveClient(gatewayPort)) {
        assertThat(client.get("/old/a"))
            .isEqualTo(new KeepAliveClient.Response(200, "backend /old/a"));
        assertThat(client.get("/new/a").status()).isEqualTo(404);

        replace(
            file,
            yaml(
                adminPort,
                gatewayPort,
                oldRoute + "\n    - {id: new, path: /new, cluster: backend, auth: anonymous}"));
        bulwark.awaitLine(l -> l.contains("gateway configuration reloaded"));
        assertThat(client.get("/new/b"))
            .isEqualTo(new KeepAliveClient.Response(200, "backend /new/b"));

        replace(
            file, yaml(adminPort, gatewayPort, "    - {id: broken, path: /x, cluster: nowhere}"));
        String error = bulwark.awaitLine(l -> l.contains("not reloaded"));
        assertThat(error).contains("bulwark.yaml:").contains("gateway.routes[0].cluster");
        assertThat(client.get("/new/c").status()).isEqualTo(200);

        replace(file, yaml(adminPort, FreePorts.next(), oldRoute));
        String rejected = bulwark.awaitLine(l -> l.contains("not reloaded"));
        assertThat(rejected).contains("gateway.listeners").contains("restart");
        assertThat(client.get("/new/d").status()).isEqualTo(200);
      }
      assertThat(bulwark.terminate()).isZero();
      assertThat(bulwark.output()).contains("bulwark: stopping");
    }
  }

  @Test
  void servesANewCertificateToNewConnectionsWhenItsFilesAreReplaced() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    Path certFile = dir.resolve("gateway.pem");
    Path keyFile = dir.resolve("gateway-key.pem");
    ServerCertificate first =
        ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
    PemFiles.writeCertificates(certFile, first.chain());
    PemFiles.writePrivateKey(keyFile, first.privateKey());
    int gatewayPort = FreePorts.next();
    Path file = dir.resolve("bulwark.yaml");
    Files.writeString(
        file,
        """
        dataDir: "%s"
        admin: {port: %d}
        tls: {certFile: "%s", keyFile: "%s"}
        gateway:
          listeners: [{name: https, host: 127.0.0.1, port: %d}]
          routes: [{id: all, path: /, cluster: backend, auth: anonymous}]
          clusters: [{name: backend, endpoints: ["127.0.0.1:%d"]}]
        """
            .formatted(
                dir.resolve("data"),
                FreePorts.next(),
                certFile,
                keyFile,
                gatewayPort,
                backend.getAddress().getPort()));
    SSLContext trust = ca.sslContextTrustingCa();
    try (ChildProcess bulwark =
        ChildProcess.start(dir, "serve", "--role", "gateway", "--config", file.toString())) {
      bulwark.awaitLine(l -> l.contains("Bulwark gateway is ready"));
      assertThat(serial(trust, gatewayPort)).isEqualTo(first.leaf().getSerialNumber());

      ServerCertificate second =
          ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
      PemFiles.writePrivateKey(keyFile, second.privateKey());
      PemFiles.writeCertificates(certFile, second.chain());
      bulwark.awaitLine(l ->
          l.contains(
              "gateway certificate replaced: serial "
                  + second.leaf().getSerialNumber().toString(16)));
      assertThat(serial(trust, gatewayPort)).isEqualTo(second.leaf().getSerialNumber());
      assertThat(bulwark.terminate()).isZero();
    }
  }

  private static BigInteger serial(SSLContext trust, int port) throws IOException {
    try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  @Test
  void refusesRolesThatCannotRunAlone() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new io.bulwark.cli.BulwarkCommand())
            .setErr(new PrintWriter(err))
            .execute("serve", "--role", "policy");
    assertThat(code).isEqualTo(UpCommand.EXIT_USAGE);
    assertThat(err.toString()).contains("role policy cannot run alone").contains("bulwark up");
    StringWriter two = new StringWriter();
    assertThat(
            new CommandLine(new io.bulwark.cli.BulwarkCommand())
                .setErr(new PrintWriter(two))
                .execute("serve", "--role", "gateway,identity"))
        .isEqualTo(UpCommand.EXIT_USAGE);
    assertThat(two.toString()).contains("one role a process");
    assertThat(Main.run("serve", "--role", "nonsense")).isEqualTo(UpCommand.EXIT_USAGE);
  }
}
