package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import io.bulwark.identity.store.RegisteredClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code aud} of a new token: the audiences the request names ({@code audience}, RFC 8693, or
 * {@code resource}, RFC 8707), each of which the client must be registered for, or else every
 * audience the client is registered for.
 */
final class Audiences {
  private Audiences() {}

  static List<String> choose(TokenRequest request, RegisteredClient client) {
    Set<String> asked = new LinkedHashSet<>();
    List<String> custom = request.getCustomParameters().get("audience");
    if (custom != null) {
      custom.forEach(v -> asked.addAll(Scopes.parse(v)));
    }
    List<URI> resources = request.getResources();
    if (resources != null) {
      resources.forEach(r -> asked.add(r.toString()));
    }
    return check(asked, client);
  }

  static List<String> check(Set<String> asked, RegisteredClient client) {
    if (asked.isEmpty()) {
      return client.audiences();
    }
    for (String audience : asked) {
      if (!client.audiences().contains(audience)) {
        throw OAuthException.of(OAuth2Error.INVALID_TARGET, "audience not allowed for this client");
      }
    }
    return new ArrayList<>(asked);
  }
}
