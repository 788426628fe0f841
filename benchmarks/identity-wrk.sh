#!/usr/bin/env bash
# Identity server figures: client_credentials issuance with wrk over TLS (HTTP Basic client
# authentication), per signing algorithm: tokens/s, p50/p99 and the server's CPU milliseconds per
# token (utime+stime from /proc over the measured run only), its RSS after the runs, and the time
# from main() to ready on a restart with class-data sharing (the JDK's archive of the classes,
# made on the first start, as ./bulwark uses one).
#
# Usage: benchmarks/identity-wrk.sh [DURATION_S=20] [CONNECTIONS=16] [ALGORITHMS="RS256 ES256 EdDSA"] [HEAP=-Xmx64m]
# Needs: wrk, Linux (/proc), JAVA_HOME with a JDK 21+. Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNS=${2:-16}
ALGS=${3:-RS256 ES256 EdDSA}
HEAP=${4:--Xmx64m}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PORT=${IDENTITY_PORT:-18443}
WORK=$(mktemp -d)
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# One reactor run, so sibling modules resolve to the jars just built (the last module written to
# cp.txt is bulwark-identity's).
./mvnw -B -q -o -pl bulwark-identity -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test -Dbulwark.skipSpotless=true >/dev/null
# Class-data sharing needs jars, not class directories.
jar cf "$WORK/identity-tests.jar" -C bulwark-identity/target/test-classes .
CP="$WORK/identity-tests.jar:$(ls bulwark-identity/target/bulwark-identity-*.jar | grep -v sources | head -1):$(cat "$WORK/cp.txt")"
JVM=("$HEAP" -XX:+UseSerialGC -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$WORK/identity.jsa"
  --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile="$WORK/logback.xml")
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

start() { # alg data-dir
  "$JAVA" "${JVM[@]}" -cp "$CP" io.bulwark.identity.IdentityBenchServer "$2" "$PORT" "$1" os >"$WORK/server.out" 2>"$WORK/server.err" &
  PID=$!
  for _ in $(seq 600); do grep -q '^ready_ms=' "$WORK/server.out" 2>/dev/null && break; sleep 0.05; done
  grep -q '^ready_ms=' "$WORK/server.out" || { cat "$WORK/server.err" >&2; exit 1; }
  SECRET=$(grep -o 'secret=[^ ]*' "$WORK/server.out" | head -1 | cut -d= -f2)
  READY=$(grep -o 'ready_ms=[0-9]*' "$WORK/server.out" | cut -d= -f2)
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
HZ=$(getconf CLK_TCK)

echo "| signing | ready on restart | tokens/s | p50 | p99 | CPU ms/token | RSS idle | RSS after load |"
echo "|---|---|---|---|---|---|---|---|"
for alg in $ALGS; do
  start "$alg" "$WORK/data-$alg"      # first start: creates keys, schema, CDS archive
  stop
  start "$alg" "$WORK/data-$alg"      # restart: what an operator sees after the first time
  sleep 2
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
  echo "| $alg | ${READY} ms | $rps | $p50 | $p99 | $ms | $idle MiB | $(rss_mib "$PID") MiB |${errors:+ $errors non-200}"
  stop
done
