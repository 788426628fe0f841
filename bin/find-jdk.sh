# Sourced by ./bulwark and .ci/run: sets BULWARK_JAVA_HOME to a JDK 21+ or explains what is missing.
# Order: JAVA_HOME, then common install dirs, then `java` on PATH.

bulwark_java_major() {
  # Prints the feature version (e.g. 21) of the java binary in $1/bin, or nothing. Reads the JDK's
  # `release` file when it has one (no JVM to start), else asks java itself.
  local v=
  [ -x "$1/bin/java" ] || return 1
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9.]*\).*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  fi
  v=${v#1.}
  [ -n "$v" ] && echo "${v%%.*}"
}

bulwark_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$c")
  fi
  for c in "${candidates[@]}"; do
    major=$(bulwark_java_major "$c") || continue
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ -x "$c/bin/javac" ]; then
      BULWARK_JAVA_HOME="$c"
      return 0
    fi
  done
  echo "bulwark: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman and java on PATH)." >&2
  echo "bulwark: install a JDK 21+ (for example Temurin 21) and set JAVA_HOME to it." >&2
  return 1
}
