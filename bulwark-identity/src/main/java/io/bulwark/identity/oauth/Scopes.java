package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Scope arithmetic: what may be granted from what was asked and what is allowed. */
final class Scopes {
  private Scopes() {}

  /**
   * The scope to grant: all of {@code requested} when every value is in {@code allowed}, or {@code
   * allowed} itself when nothing was requested.
   *
   * @throws OAuthException {@code invalid_scope} when a requested value is not allowed
   */
  static Set<String> grant(Scope requested, Collection<String> allowed) {
    if (requested == null || requested.isEmpty()) {
      return new TreeSet<>(allowed);
    }
    Set<String> granted = new TreeSet<>();
    for (Scope.Value value : requested) {
      if (!allowed.contains(value.getValue())) {
        throw OAuthException.of(OAuth2Error.INVALID_SCOPE, "scope not allowed for this client");
      }
      granted.add(value.getValue());
    }
    return granted;
  }

  static Set<String> parse(String spaceSeparated) {
    Set<String> out = new TreeSet<>();
    if (spaceSeparated != null) {
      for (String part : spaceSeparated.split(" ")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    return out;
  }

  static String join(Collection<String> values) {
    return String.join(" ", new TreeSet<>(values));
  }

  static Scope toScope(Collection<String> values) {
    return values.isEmpty()
        ? null
        : new Scope(List.copyOf(new TreeSet<>(values)).toArray(String[]::new));
  }
}
