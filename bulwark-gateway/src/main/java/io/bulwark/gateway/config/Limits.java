package io.bulwark.gateway.config;

/**
 * Request size limits, enforced before routing.
 *
 * @param maxRequestLineBytes longest request line; longer answers 414
 * @param maxHeaderBytes largest header section; larger answers 431
 * @param maxHeaders most header fields; more answers 431
 * @param maxBodyBytes largest request body, declared or streamed; larger answers 413
 */
public record Limits(
    int maxRequestLineBytes, int maxHeaderBytes, int maxHeaders, long maxBodyBytes) {

  /** Defaults: 8 KiB request line, 32 KiB headers, 100 header fields, 10 MiB body. */
  public static final Limits DEFAULTS = new Limits(8192, 32768, 100, 10L << 20);

  /** Checks every limit is positive. */
  public Limits {
    if (maxRequestLineBytes < 64 || maxHeaderBytes < 256 || maxHeaders < 1 || maxBodyBytes < 0) {
      throw new IllegalArgumentException(
          "limits too small: request line >= 64, headers >= 256 bytes and >= 1 field, body >= 0");
    }
  }
}
