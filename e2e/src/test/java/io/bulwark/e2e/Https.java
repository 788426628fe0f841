package io.bulwark.e2e;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An HTTPS client trusting the data dir's CA, with the requests the ITs send. */
final class Https {
  private final HttpClient client;

  Https(Path caPem) throws Exception {
    this.client = clientTrusting(caPem).build();
  }

  /** Connects from {@code localAddress} (another loopback address, say). */
  Https(Path caPem, InetAddress localAddress) throws Exception {
    this.client = clientTrusting(caPem).localAddress(localAddress).build();
  }

  /** An HTTP client builder trusting only the CA certificate in {@code caPem}. */
  static HttpClient.Builder clientTrusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry(
          "bulwark-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5));
  }

  /** A form POST with extra headers, without client authentication. */
  HttpResponse<String> postForm(URI uri, Map<String, String> form, String... headers)
      throws Exception {
    HttpRequest.Builder builder =
        builder(uri, null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder);
  }

  HttpResponse<String> get(URI uri, String token) throws Exception {
    return send(builder(uri, token).GET());
  }

  HttpResponse<String> postJson(URI uri, String token, String json) throws Exception {
    return send(
        builder(uri, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A form POST, with HTTP Basic client authentication when {@code clientId} is not null. */
  HttpResponse<String> postForm(
      URI uri, String clientId, String clientSecret, Map<String, String> form) throws Exception {
    HttpRequest.Builder builder =
        builder(uri, null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
    if (clientId != null) {
      builder.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (encode(clientId) + ":" + encode(clientSecret))
                          .getBytes(StandardCharsets.UTF_8)));
    }
    return send(builder);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder builder(URI uri, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
