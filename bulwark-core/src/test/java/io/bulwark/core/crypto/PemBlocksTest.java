package io.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemBlocksTest {

  private static List<PemBlocks.Block> parse(String text) {
    return PemBlocks.parse(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void encodedBlocksParseBackWithTheirLabels() {
    byte[] der = new byte[200];
    for (int i = 0; i < der.length; i++) {
      der[i] = (byte) i;
    }
    String text =
        PemBlocks.encode("CERTIFICATE", der) + PemBlocks.encode("PRIVATE KEY", new byte[] {1});
    assertThat(text.lines().filter(l -> !l.startsWith("-----")))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    List<PemBlocks.Block> blocks = parse(text);
    assertThat(blocks)
        .extracting(PemBlocks.Block::label)
        .containsExactly("CERTIFICATE", "PRIVATE KEY");
    assertThat(blocks.get(0).der()).isEqualTo(der);
  }

  @Test
  void acceptsExplanatoryTextBetweenBlocksAndCrlfLineEnds() {
    String text =
        "Subject: CN=example\r\n-----BEGIN CERTIFICATE-----\r\nAQID\r\n-----END CERTIFICATE-----\r\ntrailer\r\n";
    assertThat(parse(text))
        .singleElement()
        .satisfies(b -> assertThat(b.der()).containsExactly(1, 2, 3));
  }

  @Test
  void refusesMismatchedAndUnterminatedBlocks() {
    assertThatThrownBy(
            () -> parse("-----BEGIN CERTIFICATE-----\nAQID\n-----END PRIVATE KEY-----\n"))
        .hasMessageContaining("ends with END PRIVATE KEY");
    assertThatThrownBy(() -> parse("-----BEGIN CERTIFICATE-----\nAQID\n"))
        .hasMessageContaining("has no END line");
    assertThatThrownBy(() -> parse("-----BEGIN A-----\n-----BEGIN B-----\nAQID\n-----END B-----\n"))
        .hasMessageContaining("not ended");
    assertThatThrownBy(() -> parse("-----END CERTIFICATE-----\n"))
        .hasMessageContaining("without BEGIN");
  }

  @Test
  void refusesBadBase64HeadersAndEmptyBlocksWithoutQuotingThem() {
    assertThatThrownBy(
            () -> parse("-----BEGIN PRIVATE KEY-----\nSECRET!!\n-----END PRIVATE KEY-----\n"))
        .hasMessageContaining("not valid base64")
        .hasMessageNotContaining("SECRET");
    assertThatThrownBy(() ->
            parse(
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAQID\n-----END RSA PRIVATE KEY-----\n"))
        .hasMessageContaining("encrypted or legacy");
    assertThatThrownBy(() -> parse("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> parse("-----BEGIN CERTIFICATE\nAQID\n-----END CERTIFICATE-----\n"))
        .hasMessageContaining("malformed PEM boundary");
  }
}
