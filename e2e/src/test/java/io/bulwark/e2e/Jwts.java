package io.bulwark.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads the claims of a token the identity server issued, to learn what to expect (such as the user
 * id in {@code sub}); the services under test verify the signature, this does not.
 */
final class Jwts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Jwts() {}

  static JsonNode claims(String compactJwt) throws IOException {
    String[] parts = compactJwt.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a compact JWS");
    }
    return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
  }
}
