#!/usr/bin/env bash
# Plain-proxy figures for the gateway with wrk on loopback: the backend alone, then through the
# gateway. Prints req/s, latency p50/p99 (wrk --latency) and the gateway's CPU microseconds per
# request (utime+stime of its JVM from /proc, over the measured run only). The access log is off
# (plain proxy); with it on, each line costs a JSON encoding and a write.
#
# Usage: benchmarks/gateway-wrk.sh [DURATION_S=10] [CONNECTIONS=64] [GATEWAY_THREADS=1]
# Needs: wrk, Linux (/proc), JAVA_HOME with a JDK 21+. Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
THREADS=${3:-1}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
BACKEND_PORT=${BACKEND_PORT:-18601}
GATEWAY_PORT=${GATEWAY_PORT:-18602}
CP_FILE=$(mktemp)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -f "$CP_FILE" "${LOGBACK:-}"
}
trap cleanup EXIT

./mvnw -B -q -o -pl benchmarks -am compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dbulwark.skipSpotless=true >/dev/null
CP="benchmarks/target/classes:bulwark-gateway/target/classes:bulwark-core/target/classes:bulwark-policy/target/classes:$(cat "$CP_FILE")"
LOGBACK=$(mktemp --suffix=.xml)
cat >"$LOGBACK" <<'XML'
<configuration>
  <appender name="stderr" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="bulwark.access" level="OFF"/>
  <root level="WARN"><appender-ref ref="stderr"/></root>
</configuration>
XML
JVM=(-Xms256m -Xmx256m --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile="$LOGBACK")

"$JAVA" "${JVM[@]}" -cp "$CP" io.bulwark.bench.gateway.GatewayBenchServer backend "$BACKEND_PORT" &
PIDS+=($!)
"$JAVA" "${JVM[@]}" ${GATEWAY_JAVA_OPTS:-} -cp "$CP" io.bulwark.bench.gateway.GatewayBenchServer gateway "$GATEWAY_PORT" "$BACKEND_PORT" "$THREADS" &
GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")
for port in "$BACKEND_PORT" "$GATEWAY_PORT"; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # name url
  wrk -t2 -c"$CONNS" -d"$DURATION"s --latency "$2" >"$CP_FILE.out"
  local rps p50 p99 total
  rps=$(awk '/Requests\/sec/ {print $2}' "$CP_FILE.out")
  p50=$(awk '$1 == "50%" {print $2}' "$CP_FILE.out")
  p99=$(awk '$1 == "99%" {print $2}' "$CP_FILE.out")
  total=$(awk '/requests in/ {print $1}' "$CP_FILE.out")
  echo "$1|$rps|$p50|$p99|$total"
}

echo "warm-up..." >&2
wrk -t2 -c"$CONNS" -d5s "http://127.0.0.1:$GATEWAY_PORT/" >/dev/null
wrk -t2 -c"$CONNS" -d2s "http://127.0.0.1:$BACKEND_PORT/" >/dev/null

echo "| target | req/s | p50 | p99 | gateway CPU µs/request |"
echo "|---|---|---|---|---|"
IFS='|' read -r name rps p50 p99 total < <(run backend "http://127.0.0.1:$BACKEND_PORT/")
echo "| backend direct | $rps | $p50 | $p99 | - |"
before=$(cpu_ticks "$GATEWAY_PID")
IFS='|' read -r name rps p50 p99 total < <(run gateway "http://127.0.0.1:$GATEWAY_PORT/")
after=$(cpu_ticks "$GATEWAY_PID")
hz=$(getconf CLK_TCK)
us=$(awk -v d=$((after - before)) -v hz="$hz" -v n="$total" 'BEGIN {printf "%.1f", d * 1000000 / hz / n}')
echo "| Bulwark plain proxy ($THREADS event loop) | $rps | $p50 | $p99 | $us |"
rm -f "$CP_FILE.out"
