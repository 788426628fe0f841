package io.bulwark.core.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The textual encoding of RFC 7468 with the JDK alone: PEM text to labelled DER blocks and back.
 * Kept free of BouncyCastle so that reading stored keys and certificates, which every start does,
 * loads no signed provider jar; BouncyCastle is needed only to issue certificates.
 *
 * <p>Parsing is strict inside a block (matching labels, standard base64 only, no headers such as
 * the legacy {@code Proc-Type} of encrypted keys) and, as the RFC allows, ignores explanatory text
 * between blocks.
 */
final class PemBlocks {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private PemBlocks() {}

  /** One block: its label (for example {@code CERTIFICATE}) and the DER bytes it carries. */
  record Block(String label, byte[] der) {}

  /**
   * The blocks of {@code content}, in order.
   *
   * @throws IllegalArgumentException describing the armor problem (never quoting the content)
   */
  static List<Block> parse(byte[] content) {
    String text = new String(content, StandardCharsets.US_ASCII);
    List<Block> blocks = new ArrayList<>();
    String label = null;
    StringBuilder body = new StringBuilder();
    int lineNumber = 0;
    for (String raw : text.split("\n", -1)) {
      lineNumber++;
      String line = raw.strip();
      if (label == null) {
        if (line.startsWith(BEGIN)) {
          label = label(line, BEGIN, lineNumber);
          body.setLength(0);
        } else if (line.startsWith(END)) {
          throw new IllegalArgumentException("END line without BEGIN at line " + lineNumber);
        }
      } else if (line.startsWith(END)) {
        String endLabel = label(line, END, lineNumber);
        if (!endLabel.equals(label)) {
          throw new IllegalArgumentException(
              "block " + label + " ends with END " + endLabel + " at line " + lineNumber);
        }
        blocks.add(new Block(label, decode(body, label)));
        label = null;
      } else if (line.startsWith(BEGIN)) {
        throw new IllegalArgumentException(
            "block " + label + " not ended before line " + lineNumber);
      } else {
        body.append(line);
      }
    }
    if (label != null) {
      throw new IllegalArgumentException("block " + label + " has no END line");
    }
    return blocks;
  }

  /** {@code der} as one PEM block with 64-character lines. */
  static String encode(String label, byte[] der) {
    return BEGIN
        + label
        + DASHES
        + "\n"
        + ENCODER.encodeToString(der)
        + "\n"
        + END
        + label
        + DASHES
        + "\n";
  }

  private static String label(String line, String prefix, int lineNumber) {
    if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
      throw new IllegalArgumentException("malformed PEM boundary at line " + lineNumber);
    }
    String label = line.substring(prefix.length(), line.length() - DASHES.length());
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c < 0x21 && c != ' ' || c > 0x7e || c == '-' && i == 0) {
        throw new IllegalArgumentException("malformed PEM label at line " + lineNumber);
      }
    }
    return label;
  }

  private static byte[] decode(StringBuilder body, String label) {
    if (body.indexOf(":") >= 0) {
      throw new IllegalArgumentException(
          "block " + label + " has headers (an encrypted or legacy PEM block)");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("block " + label + " is not valid base64", null);
    }
    if (der.length == 0) {
      throw new IllegalArgumentException("block " + label + " is empty");
    }
    return der;
  }
}
