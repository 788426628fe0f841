package io.bulwark.audit.webhook;

import io.bulwark.audit.sink.AuditSink;
import io.bulwark.audit.sink.SinkRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * POSTs batches of chained records to a webhook as {@code {"records":[<record>,...]}} ({@code
 * application/json}; each element is the record's JSON line, unchanged, so the receiver can verify
 * it). Any 2xx answer acknowledges the batch; anything else, a timeout or a connection failure is a
 * failure and the batch is sent again later (receivers deduplicate by {@code seq}). Redirects are
 * not followed. Plain {@code http} is allowed only to loopback addresses.
 */
public final class WebhookAuditSink implements AuditSink {

  private final URI url;
  private final Duration requestTimeout;
  private final Map<String, String> headers;
  private final HttpClient client;

  /**
   * A sink posting to {@code url}.
   *
   * @param url the endpoint, {@code https} (or {@code http} on loopback)
   * @param connectTimeout the longest wait to connect
   * @param requestTimeout the longest wait for the answer to one batch
   * @param headers extra request headers, such as an {@code Authorization} bearer token
   * @param sslContext the trust for {@code https} ({@code null}: the JDK default)
   */
  public WebhookAuditSink(
      URI url,
      Duration connectTimeout,
      Duration requestTimeout,
      Map<String, String> headers,
      SSLContext sslContext) {
    this.url = requireSecureUrl(url);
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.headers = Map.copyOf(headers);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = builder.build();
  }

  /** A sink posting to {@code url} with 5 s to connect, 10 s per batch and no extra headers. */
  public static WebhookAuditSink of(URI url) {
    return new WebhookAuditSink(url, Duration.ofSeconds(5), Duration.ofSeconds(10), Map.of(), null);
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void write(List<SinkRecord> records) throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder(records.size() * 512).append("{\"records\":[");
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(records.get(i).line());
    }
    body.append("]}");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    headers.forEach(request::header);
    HttpResponse<Void> response =
        client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("webhook answered HTTP " + response.statusCode());
    }
  }

  /**
   * Checks that {@code url} is {@code https}, or {@code http} to a loopback address.
   *
   * @return {@code url}
   * @throws IllegalArgumentException otherwise
   */
  public static URI requireSecureUrl(URI url) {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback(url.getHost()))) {
      throw new IllegalArgumentException("webhook URL must be https (http only on loopback)");
    }
    return url;
  }

  private static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
