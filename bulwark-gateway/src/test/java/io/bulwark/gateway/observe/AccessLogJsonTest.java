package io.bulwark.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.bulwark.core.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The access log line reads as the Jackson generator wrote it before, field for field. */
class AccessLogJsonTest {

  @Test
  void allowedRequestLineMatchesTheGeneratorsOutput() throws IOException {
    ExchangeRecord r =
        new ExchangeRecord(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "web",
            "127.0.0.1",
            "GET",
            "/products/42",
            "shop",
            "products",
            200,
            1_234_567,
            "127.0.0.1:8080",
            987_654,
            0,
            2,
            "alice",
            "client-1",
            null,
            null);

    assertThat(AccessLog.toJson(r)).isEqualTo(viaGenerator(r));
  }

  @Test
  void aLineCarriesNothingOfTheLinesBeforeIt() throws IOException {
    ExchangeRecord huge = withPath("/" + "x".repeat(10_000));
    ExchangeRecord small = withPath("/a");

    assertThat(AccessLog.toJson(huge)).isEqualTo(viaGenerator(huge));
    assertThat(AccessLog.toJson(small)).isEqualTo(viaGenerator(small));
    assertThat(AccessLog.toJson(huge)).isEqualTo(viaGenerator(huge));
    assertThat(AccessLog.toJson(small)).isEqualTo(viaGenerator(small)).hasSizeLessThan(400);
  }

  private static ExchangeRecord withPath(String path) {
    return new ExchangeRecord(
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "web",
        "127.0.0.1",
        "GET",
        path,
        null,
        null,
        404,
        5,
        null,
        -1,
        0,
        0,
        null,
        null,
        "no route",
        "routing");
  }

  @Test
  void hostileStringsAreEscapedAsTheGeneratorEscapesThem() throws IOException {
    ExchangeRecord r =
        new ExchangeRecord(
            null,
            "web",
            null,
            "PO\"ST",
            "/a\\b\n\t\u0001\u001f\u007f/é/😀/</script>",
            null,
            null,
            403,
            42,
            null,
            -1,
            17,
            0,
            "bob\"\r\n{\"x\":1}",
            null,
            "forbidden",
            "authorization");

    assertThat(AccessLog.toJson(r)).isEqualTo(viaGenerator(r));
  }

  @Test
  void nonAsciiAndDelWithoutEscapesAreWrittenAsTheGeneratorWritesThem() throws IOException {
    ExchangeRecord r =
        new ExchangeRecord(
            "t",
            "web",
            "10.0.0.1",
            "GET",
            "/caf\u00e9/\ud83d\ude00/\u007f/</script>/'",
            "h\u00f4te",
            "r",
            200,
            1,
            null,
            -1,
            0,
            0,
            "\u00e9lodie",
            null,
            null,
            null);

    assertThat(AccessLog.toJson(r)).isEqualTo(viaGenerator(r));
  }

  @Test
  void wholeMillisecondsAndLargeCountsKeepTheirNumberForm() throws IOException {
    ExchangeRecord r =
        new ExchangeRecord(
            "t",
            "l",
            "::1",
            "GET",
            "/",
            null,
            "r",
            499,
            3_000_000_000_000L,
            "u",
            5_000_000,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            null,
            null,
            "x",
            null);

    assertThat(AccessLog.toJson(r)).isEqualTo(viaGenerator(r));
  }

  /** The previous implementation, kept as the reference. */
  private static String viaGenerator(ExchangeRecord r) throws IOException {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("traceId", r.traceId());
      json.writeStringField("listener", r.listener());
      json.writeStringField("client", r.sourceIp());
      json.writeStringField("method", r.method());
      json.writeStringField("path", r.path());
      if (r.host() != null) {
        json.writeStringField("host", r.host());
      }
      if (r.routeId() != null) {
        json.writeStringField("route", r.routeId());
      }
      json.writeNumberField("status", r.status());
      json.writeNumberField("durationMs", r.durationNanos() / 1_000_000.0);
      if (r.upstream() != null) {
        json.writeStringField("upstream", r.upstream());
        json.writeNumberField("upstreamMs", r.upstreamNanos() / 1_000_000.0);
      }
      json.writeNumberField("bytesIn", r.bytesIn());
      json.writeNumberField("bytesOut", r.bytesOut());
      if (r.principal() != null) {
        json.writeStringField("principal", r.principal());
      }
      if (r.denial() != null) {
        json.writeStringField("denial", r.denial());
        json.writeStringField("denialPhase", r.denialPhase());
      }
      json.writeEndObject();
    }
    return out.toString();
  }
}
