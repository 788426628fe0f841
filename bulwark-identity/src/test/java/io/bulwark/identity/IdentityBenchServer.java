package io.bulwark.identity;

import com.nimbusds.jose.JWSAlgorithm;
import io.bulwark.core.audit.JsonlAuditLog;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.identity.store.IdentityDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Starts an identity server for load tests (benchmarks/identity): embedded H2, a JSONL audit log,
 * one client {@code bench} allowed client_credentials. Prints the port, the client secret and the
 * time from start to ready, then serves until killed. Arguments: data dir, port, algorithm
 * (RS256|ES256|EdDSA), fsync policy (always|batch|os).
 */
public final class IdentityBenchServer {
  private IdentityBenchServer() {}

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    Path dir = Path.of(args.length > 0 ? args[0] : "target/identity-bench");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8443;
    JWSAlgorithm alg = JWSAlgorithm.parse(args.length > 2 ? args[2] : "RS256");
    FsyncPolicy fsync = FsyncPolicy.valueOf((args.length > 3 ? args[3] : "os").toUpperCase());
    Files.createDirectories(dir);
    Clock clock = Clock.systemUTC();
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("tls"), clock);
    ServerCertificate cert = ca.loadOrIssueLocalhost(dir.resolve("tls"));
    System.out.println("tls_ms=" + (System.nanoTime() - started) / 1_000_000);
    IdentityDatabase db = IdentityDatabase.h2(dir.resolve("identity"));
    System.out.println("db_ms=" + (System.nanoTime() - started) / 1_000_000);
    JsonlAuditLog audit = JsonlAuditLog.open(dir.resolve("audit.jsonl"), fsync);
    Telemetry telemetry = Telemetry.create("identity-bench", Optional.empty(), 0.0);
    System.out.println("telemetry_ms=" + (System.nanoTime() - started) / 1_000_000);
    IdentityConfig base = IdentityConfig.defaults(cert.certificateFile(), cert.privateKeyFile());
    IdentityConfig config =
        new IdentityConfig(
            null,
            "127.0.0.1",
            port,
            base.tlsCertificate(),
            base.tlsKey(),
            base.accessTokenTtl(),
            base.idTokenTtl(),
            base.authorizationCodeTtl(),
            base.refreshTokenIdleTtl(),
            base.refreshTokenMaxTtl(),
            alg,
            base.attributeClaims());
    IdentityServer server = IdentityServer.start(config, db, audit, telemetry, clock);
    long readyMillis = (System.nanoTime() - started) / 1_000_000;
    server.clients().find("bench");
    String secret =
        server
            .clients()
            .rotateSecret("bench")
            .orElseGet(() ->
                server
                    .clients()
                    .register(
                        new io.bulwark.identity.client.ClientRegistry.Registration(
                            "bench",
                            io.bulwark.identity.store.RegisteredClient.AuthMethod.CLIENT_SECRET,
                            null,
                            List.of(),
                            Set.of("client_credentials"),
                            Set.of("bench"),
                            List.of("bench"),
                            null,
                            true,
                            "load test"))
                    .secret()
                    .orElseThrow());
    System.out.println("ready_ms=" + readyMillis + " port=" + server.port() + " alg=" + alg);
    System.out.println("secret=" + secret);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              server.close();
              db.close();
              audit.close();
              telemetry.close();
            }));
    Thread.currentThread().join();
  }
}
