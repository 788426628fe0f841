package io.bulwark.gateway.route;

import io.bulwark.gateway.config.PathMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A compiled {@link PathMatch}. Paths given to {@link #match} are already normalized, so a match
 * here is a match on what the upstream will see. Thread-safe and immutable.
 */
final class PathPattern {
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]{0,63})}");

  private final PathMatch.Kind kind;
  private final String value;
  private final String[] segments;
  private final String[] paramNames;

  private PathPattern(PathMatch.Kind kind, String value, String[] segments, String[] paramNames) {
    this.kind = kind;
    this.value = value;
    this.segments = segments;
    this.paramNames = paramNames;
  }

  static PathPattern compile(PathMatch match) {
    String value = match.value();
    if (match.kind() != PathMatch.Kind.TEMPLATE) {
      String trimmed =
          match.kind() == PathMatch.Kind.PREFIX && value.length() > 1 && value.endsWith("/")
              ? value.substring(0, value.length() - 1)
              : value;
      return new PathPattern(match.kind(), trimmed, null, null);
    }
    String[] segments = value.substring(1).split("/", -1);
    String[] names = new String[segments.length];
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      var m = PARAM.matcher(segments[i]);
      if (m.matches()) {
        names[i] = m.group(1);
        if (seen.contains(names[i])) {
          throw new IllegalArgumentException(
              "duplicate path parameter {" + names[i] + "} in " + value);
        }
        seen.add(names[i]);
      } else if (segments[i].indexOf('{') >= 0 || segments[i].indexOf('}') >= 0) {
        throw new IllegalArgumentException(
            "a template parameter must be a whole segment like {id}: " + value);
      }
    }
    return new PathPattern(PathMatch.Kind.TEMPLATE, value, segments, names);
  }

  /** The path parameters if {@code path} matches (empty map for exact and prefix), else null. */
  Map<String, String> match(String path) {
    return switch (kind) {
      case EXACT -> path.equals(value) ? Map.of() : null;
      case PREFIX -> prefixMatches(path) ? Map.of() : null;
      case TEMPLATE -> templateMatch(path);
    };
  }

  private boolean prefixMatches(String path) {
    if ("/".equals(value)) {
      return true;
    }
    return path.startsWith(value)
        && (path.length() == value.length() || path.charAt(value.length()) == '/');
  }

  private Map<String, String> templateMatch(String path) {
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != segments.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < parts.length; i++) {
      if (paramNames[i] != null) {
        if (parts[i].isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new LinkedHashMap<>();
        }
        params.put(paramNames[i], parts[i]);
      } else if (!segments[i].equals(parts[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : Map.copyOf(params);
  }
}
