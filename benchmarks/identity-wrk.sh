#!/usr/bin/env bash
# Identity server figures: client_credentials issuance with wrk over TLS (HTTP Basic client
# authentication), per signing algorithm: tokens/s, p50/p99 and the server's CPU milliseconds per
# token (utime+stime from /proc over the measured run only), its RSS when idle (10 s after a
# restart) and after the runs, and the time to ready on a restart, both from main() and from the
# launch of the process, with the start-up cache ./bulwark uses (JDK 25+: an AOT cache written by
# the first start; JDK 21-24: a class-data-sharing archive) and the JVM flags docs/identity.md
# recommends for a standalone identity server.
#
# Usage: benchmarks/identity-wrk.sh [DURATION_S=20] [CONNECTIONS=16] [ALGORITHMS="RS256 ES256 EdDSA"] [HEAP=-Xmx128m]
# Needs: wrk, Linux (/proc), JAVA_HOME with a JDK 21+. Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNS=${2:-16}
ALGS=${3:-RS256 ES256 EdDSA}
HEAP=${4:--Xmx128m}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PORT=${IDENTITY_PORT:-18443}
WORK=$(mktemp -d)
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "identity-wrk.sh: failed at line $LINENO" >&2' ERR

# One reactor run, so sibling modules resolve to the jars just built (the last module written to
# cp.txt is bulwark-identity's).
./mvnw -B -q -ntp -pl bulwark-identity -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test -Dbulwark.skipSpotless=true >/dev/null
# Class-data sharing needs jars, not class directories.
jar cf "$WORK/identity-tests.jar" -C bulwark-identity/target/test-classes .
CP="$WORK/identity-tests.jar:$(ls bulwark-identity/target/bulwark-identity-*.jar | grep -v sources | head -1):$(cat "$WORK/cp.txt")"
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
JVM=("$HEAP" -Xmn8m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile="$WORK/logback.xml")
# Hands memory the JIT compilers freed back to the OS (JDK 22+).
[ "$JAVA_MAJOR" -ge 22 ] && JVM+=(-XX:TrimNativeHeapInterval=1000)
cache_flag() { # first|restart
  if [ "$JAVA_MAJOR" -ge 25 ]; then
    [ "$1" = first ] && echo "-XX:AOTCacheOutput=$WORK/identity-$alg.aot -Xlog:aot*=off -Xlog:cds*=off" ||
      echo "-XX:AOTCache=$WORK/identity-$alg.aot -Xlog:aot*=off -Xlog:cds*=off"
  else
    echo "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$WORK/identity-$alg.jsa -Xlog:cds*=off"
  fi
}
cat >"$WORK/logback.xml" <<'XML'
<configuration>
  <appender name="stderr" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="bulwark.access" level="OFF"/>
  <root level="WARN"><appender-ref ref="stderr"/></root>
</configuration>
XML

start() { # alg data-dir first|restart
  local launched
  launched=$(date +%s%N)
  # shellcheck disable=SC2046
  "$JAVA" "${JVM[@]}" $(cache_flag "$3") -cp "$CP" \
    io.bulwark.identity.IdentityBenchServer "$2" "$PORT" "$1" os >"$WORK/server.out" 2>"$WORK/server.err" &
  PID=$!
  for _ in $(seq 3000); do grep -q '^ready_ms=' "$WORK/server.out" 2>/dev/null && break; sleep 0.01; done
  grep -q '^ready_ms=' "$WORK/server.out" || { cat "$WORK/server.err" >&2; exit 1; }
  WALL=$((($(date +%s%N) - launched) / 1000000))
  SECRET=$(grep -o 'secret=[^ ]*' "$WORK/server.out" | head -1 | cut -d= -f2)
  READY=$(grep -o 'ready_ms=[0-9]*' "$WORK/server.out" | cut -d= -f2)
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }  # a first start writes its cache here
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
HZ=$(getconf CLK_TCK)

echo "| signing | ready on restart (main / launch) | tokens/s | p50 | p99 | CPU ms/token | RSS idle | RSS after load |"
echo "|---|---|---|---|---|---|---|---|"
for alg in $ALGS; do
  start "$alg" "$WORK/data-$alg" first     # first start: creates keys, schema, start-up cache
  stop
  start "$alg" "$WORK/data-$alg" restart   # restart: what an operator sees after the first time
  sleep 10
  idle=$(rss_mib "$PID")
  SECRET=$SECRET wrk -t2 -c"$CONNS" -d10s -s benchmarks/identity/client_credentials.lua \
    "https://127.0.0.1:$PORT/oauth2/token" >/dev/null   # warm-up (JIT)
  before=$(cpu_ticks "$PID")
  SECRET=$SECRET wrk -t2 -c"$CONNS" -d"$DURATION"s --latency -s benchmarks/identity/client_credentials.lua \
    "https://127.0.0.1:$PORT/oauth2/token" >"$WORK/wrk.out"
  after=$(cpu_ticks "$PID")
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")
  total=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  errors=$(awk '/non-200 responses/ {print $3}' "$WORK/wrk.out")
  ms=$(awk -v d=$((after - before)) -v hz="$HZ" -v n="$total" 'BEGIN {printf "%.2f", d * 1000 / hz / n}')
  echo "| $alg | ${READY} / ${WALL} ms | $rps | $p50 | $p99 | $ms | $idle MiB | $(rss_mib "$PID") MiB |${errors:+ $errors non-200}"
  stop
done
