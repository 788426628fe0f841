package io.bulwark.cli.up;

import java.io.PrintWriter;
import java.nio.file.Path;

/** What {@code bulwark up} prints once ready: the URLs and curl commands that really work. */
final class Banner {
  private final Endpoints endpoints;
  private final Path dataDir;
  private final long readyMillis;

  Banner(Endpoints endpoints, Path dataDir, long readyMillis) {
    this.endpoints = endpoints;
    this.dataDir = dataDir;
    this.readyMillis = readyMillis;
  }

  void print(PrintWriter out) {
    out.printf("Bulwark is ready in %d ms (data dir %s)%n%n", readyMillis, dataDir);
    out.printf("  admin      %s   (%s, %s)%n", endpoints.admin(), "/health/ready", "/metrics");
    endpoints.bakery().forEach((name, uri) -> out.printf("  %-10s %s%n", name, uri));
    if (endpoints.identity() != null) {
      out.printf(
          "  identity   %s   (issuer %s; /.well-known/openid-configuration)%n",
          endpoints.identity(), endpoints.issuer());
    }
    if (endpoints.gateway() != null) {
      out.printf(
          "  gateway    %s   (/products, /orders, /charges; bearer token required)%n",
          endpoints.gateway());
    }
    if (endpoints.policy() != null) {
      out.printf(
          "  policy     %s   (/v1/check, /v1/authz/nginx, /v1/authz/envoy; policies in %s)%n",
          endpoints.policy(), endpoints.policyDir());
    }
    if (endpoints.audit() != null) {
      out.printf(
          "  audit      %s   (/v1/audit/events, /v1/alerts; %d detection rules)%n",
          endpoints.audit(), endpoints.auditRules());
    }
    if (endpoints.caCertificate() != null) {
      out.printf("  CA cert    %s%n", endpoints.caCertificate());
    }
    out.printf("  endpoints  %s%n%n", dataDir.resolve(DataDirLayout.ENDPOINTS));
    if (!endpoints.bakery().isEmpty()) {
      printTryIt(out);
    }
    out.println("Stop with Ctrl-C.");
  }

  private void printTryIt(PrintWriter out) {
    String ca = endpoints.caCertificate() == null ? "" : "--cacert " + endpoints.caCertificate();
    String dataDirFlag =
        dataDir.equals(Path.of(".bulwark").toAbsolutePath().normalize())
            ? ""
            : " --data-dir " + dataDir;
    out.println("Try it:");
    out.printf("  curl %s %s/products%n", ca, endpoints.bakery().get("catalog"));
    out.printf("  TOKEN=$(./bulwark token --user alice --audience orders%s)%n", dataDirFlag);
    out.printf(
        "  curl %s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\%n"
            + "       -d '{\"items\":[{\"productId\":\"croissant\",\"quantity\":2}]}' %s/orders%n",
        ca, endpoints.bakery().get("orders"));
    out.printf(
        "  curl %s -H \"Authorization: Bearer $TOKEN\" %s/orders%n",
        ca, endpoints.bakery().get("orders"));
    if (endpoints.policy() != null) {
      out.printf(
          "  curl -H \"Authorization: Bearer $TOKEN\" -H 'X-Original-Method: POST'"
              + " -H 'X-Original-URI: /orders' -i %s/v1/authz/nginx%n",
          endpoints.policy());
    }
    out.printf("  curl -s %s | grep http_server_requests%n", endpoints.metrics());
    out.printf("  ./bulwark audit query %s --type http.request.denied%n", endpoints.auditLog());
    out.printf(
        "  ./bulwark audit verify --dir %s --public-key %s%n%n",
        endpoints.auditLog(), endpoints.auditPublicKey());
  }
}
