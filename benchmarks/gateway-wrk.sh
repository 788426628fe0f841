#!/usr/bin/env bash
# Gateway figures with wrk on loopback, in one run: the backend alone, nginx as a plain proxy (when
# installed), Bulwark as a plain proxy, and Bulwark with the full chain (RS256 JWT, revocation
# check, policy, local rate limit, JSON access log to a file through a 64 KiB buffer, as nginx's
# `access_log ... buffer=` and HAProxy's syslog logging do not write per request). For each: req/s, p50/p99 (wrk
# --latency) and the proxy's CPU microseconds per request (utime+stime from /proc over the measured
# run only). Then the proxies' CPU per request again as medians of alternating rounds, split into
# user and system time. Then the p99 latency Bulwark adds at half of its maximum rate (wrk paced by a Lua
# delay, backend direct and nginx at the same pace as baselines), and Bulwark's RSS with N idle keep-alive
# connections (each sent one request and stays open). When HAProxy is installed, it runs too, as the
# issue's reference for a JWT path: RS256 jwt_verify of the same token (alg, iss, aud and exp
# checked) plus a per-IP stick-table rate limit, no log; it has no verified-token cache.
#
# Usage: benchmarks/gateway-wrk.sh [DURATION_S=10] [CONNECTIONS=64] [PROXY_THREADS=1] [IDLE_CONNS=10000]
# ROUNDS (default 3) sets the alternating CPU rounds; WARMUP_S (default 20) the first warm-up, after
# which it goes on until the JIT is quiet, to WARMUP_MAX_S (default 60) at most.
# GATEWAY_JAVA_OPTS=-Dbench.telemetry=process runs both gateways with the telemetry `bulwark serve`
# builds by default (Prometheus registry, tracing SDK sampling every trace, no exporter).
# Needs: wrk, python3 (idle connections), Linux (/proc), JAVA_HOME with a JDK 21+; nginx and HAProxy
# optional (Debian: apt-get install nginx-light haproxy). Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
THREADS=${3:-1}
IDLE=${4:-10000}
. bin/find-jdk.sh
bulwark_find_jdk || exit 1
export JAVA_HOME="$BULWARK_JAVA_HOME"
JAVA="$JAVA_HOME/bin/java"
BACKEND_PORT=${BACKEND_PORT:-18601}
GATEWAY_PORT=${GATEWAY_PORT:-18602}
CHAIN_PORT=${CHAIN_PORT:-18603}
NGINX_PORT=${NGINX_PORT:-18604}
HAPROXY_PORT=${HAPROXY_PORT:-18605}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

./mvnw -B -q -ntp -pl benchmarks -am compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dbulwark.skipSpotless=true >/dev/null
CP="benchmarks/target/classes:bulwark-gateway/target/classes:bulwark-core/target/classes:bulwark-policy/target/classes:bulwark-sdk/target/classes:$(cat "$WORK/cp.txt")"
logback() { # file access-log-level
  cat >"$1" <<XML
<configuration>
  <appender name="stderr" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <appender name="access" class="ch.qos.logback.core.FileAppender">
    <file>$WORK/access.log</file>
    <immediateFlush>false</immediateFlush>
    <bufferSize>64KB</bufferSize>
    <encoder><pattern>%msg%n</pattern></encoder>
  </appender>
  <logger name="bulwark.access" level="$2" additivity="false"><appender-ref ref="access"/></logger>
  <root level="WARN"><appender-ref ref="stderr"/></root>
</configuration>
XML
}
logback "$WORK/plain.xml" OFF
logback "$WORK/chain.xml" INFO
# The flags `./bulwark serve --role gateway` gives the gateway: the parallel collector, a 64 MiB
# first metaspace threshold, Netty's leak detector off, and on JDK 23+ Netty allowed to use
# sun.misc.Unsafe (JDK 24+ otherwise makes it fall back to checked ByteBuffer calls).
JVM=(-Xms256m -Xmx256m --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -XX:MetaspaceSize=64m
  -Dio.netty.leakDetection.level=disabled)
if [ "$(bulwark_java_major "$JAVA_HOME")" -ge 23 ]; then
  JVM+=(--sun-misc-unsafe-memory-access=allow)
fi
MAIN=io.bulwark.bench.gateway.GatewayBenchServer

"$JAVA" "${JVM[@]}" -Dlogback.configurationFile="$WORK/plain.xml" -cp "$CP" $MAIN backend "$BACKEND_PORT" &
PIDS+=($!)
"$JAVA" "${JVM[@]}" -Dlogback.configurationFile="$WORK/plain.xml" ${GATEWAY_JAVA_OPTS:-} -cp "$CP" \
  $MAIN gateway "$GATEWAY_PORT" "$BACKEND_PORT" "$THREADS" &
GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")
"$JAVA" "${JVM[@]}" -Dlogback.configurationFile="$WORK/chain.xml" ${GATEWAY_JAVA_OPTS:-} -cp "$CP" \
  $MAIN chain "$CHAIN_PORT" "$BACKEND_PORT" "$THREADS" benchmarks/gateway-policies "$WORK/token" &
CHAIN_PID=$!
PIDS+=("$CHAIN_PID")

NGINX_PID=
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$WORK/nginx/logs"
  cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes $THREADS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 256; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr" &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
fi

wait_for() { # url [header]
  for _ in $(seq 200); do curl -fs ${2:+-H "$2"} "$1" >/dev/null && return 0; sleep 0.1; done
  echo "not answering: $1" >&2
  exit 1
}
wait_for "http://127.0.0.1:$BACKEND_PORT/"
wait_for "http://127.0.0.1:$GATEWAY_PORT/"
for _ in $(seq 200); do [ -s "$WORK/token" ] && break; sleep 0.1; done
AUTH="Authorization: Bearer $(cat "$WORK/token")"
wait_for "http://127.0.0.1:$CHAIN_PORT/products/42" "$AUTH"
must_refuse_anonymous() { # url who
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" != 401 ]; then
    echo "$2 does not refuse a request without a token" >&2
    exit 1
  fi
}
must_refuse_anonymous "http://127.0.0.1:$CHAIN_PORT/products/42" "the full-chain gateway"
[ -n "$NGINX_PID" ] && wait_for "http://127.0.0.1:$NGINX_PORT/"

HAPROXY_PID=
if command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ]; then
  HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
  ISSUER=$(python3 -c 'import base64, json, sys
p = sys.argv[1].split(".")[1]
print(json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))["iss"])' "$(cat "$WORK/token")")
  cat >"$WORK/haproxy.cfg" <<CONF
global
  nbthread $THREADS
  maxconn 8192
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 60s
frontend jwt
  bind 127.0.0.1:$HAPROXY_PORT
  stick-table type ip size 100k expire 60s store http_req_rate(10s)
  http-request track-sc0 src
  http-request deny deny_status 429 if { sc_http_req_rate(0) gt 1000000000 }
  http-request set-var(txn.bearer) http_auth_bearer
  http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('\$.alg')
  http-request deny deny_status 401 unless { var(txn.alg) -m str RS256 }
  http-request set-var(txn.iss) var(txn.bearer),jwt_payload_query('\$.iss')
  http-request deny deny_status 401 unless { var(txn.iss) -m str $ISSUER }
  http-request set-var(txn.aud) var(txn.bearer),jwt_payload_query('\$.aud')
  http-request deny deny_status 401 unless { var(txn.aud) -m str catalog }
  http-request set-var(txn.exp) var(txn.bearer),jwt_payload_query('\$.exp','int')
  http-request set-var(txn.now) date()
  http-request deny deny_status 401 if { var(txn.exp),sub(txn.now) -m int lt 0 }
  http-request deny deny_status 401 unless { var(txn.bearer),jwt_verify(txn.alg,"$WORK/token.pub.pem") -m int 1 }
  default_backend app
backend app
  http-reuse always
  server app 127.0.0.1:$BACKEND_PORT
CONF
  "$HAPROXY" -db -f "$WORK/haproxy.cfg" 2>"$WORK/haproxy.err" &
  HAPROXY_PID=$!
  PIDS+=("$HAPROXY_PID")
  wait_for "http://127.0.0.1:$HAPROXY_PORT/products/42" "$AUTH"
  must_refuse_anonymous "http://127.0.0.1:$HAPROXY_PORT/products/42" HAProxy
fi

# CPU ticks of a process and its children (nginx's workers): user and system, or their sum.
cpu_split() { # pid -> "user system" ticks of it and its children
  local user=0 sys=0 pid u s
  for pid in "$1" $(pgrep -P "$1" || true); do
    read -r u s < <(awk '{print $14, $15}' "/proc/$pid/stat")
    user=$((user + u))
    sys=$((sys + s))
  done
  echo "$user $sys"
}
cpu_ticks() {
  local user sys
  read -r user sys < <(cpu_split "$1")
  echo $((user + sys))
}
HZ=$(getconf CLK_TCK)
LAST_RPS=0
run() { # label url pid|- [header] [extra wrk args...]
  local label=$1 url=$2 pid=$3 header=${4:-}
  shift 4 || shift $#
  local before=0 after=0
  [ "$pid" != - ] && before=$(cpu_ticks "$pid")
  wrk -t2 -c"$CONNS" -d"$DURATION"s --latency ${header:+-H "$header"} "$@" "$url" >"$WORK/wrk.out"
  [ "$pid" != - ] && after=$(cpu_ticks "$pid")
  local rps p50 p99 total non2xx us
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")
  total=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/wrk.out")
  us=-
  [ "$pid" != - ] && us=$(awk -v d=$((after - before)) -v hz="$HZ" -v n="$total" 'BEGIN {printf "%.1f", d * 1000000 / hz / n}')
  LAST_RPS=${rps%.*}
  echo "| $label | $rps | $p50 | $p99 | $us |${non2xx:+ $non2xx non-2xx}"
}

# Warm-up: long enough for the JIT compilers to finish with the hot paths, so that compile time
# is not counted as per-request CPU, and in several runs of 5 s: each run's connections opening
# and closing take paths one long run never does, and the first time they run they throw hot
# compiled methods back to the interpreter (an uncommon trap); the recompiling then landed in the
# measured run (8.6% of the gateway's CPU samples in one). WARMUP_S (total seconds) overrides it.
echo "warm-up..." >&2
warm_pair() {
  wrk -t2 -c"$CONNS" -d5s "http://127.0.0.1:$GATEWAY_PORT/" >/dev/null
  wrk -t2 -c"$CONNS" -d5s -H "$AUTH" "http://127.0.0.1:$CHAIN_PORT/products/42" >/dev/null
}
# Milliseconds the JIT compilers of a JVM have spent so far (jstat's compile time).
jit_ms() { "$JAVA_HOME/bin/jstat" -compiler "$1" | awk 'NR == 2 {printf "%d", $4 * 1000}'; }
first_pairs=$(( (${WARMUP_S:-20} + 4) / 5 ))
for _ in $(seq "$first_pairs"); do
  warm_pair
done
# Then more pairs until a pair costs both gateways' compilers under 50 ms (on 2 busy vCPUs the C2
# threads get little CPU, so after 20 s they were still compiling: 0.7 s of an 8 s run, ~9% of the
# gateway's CPU charged to requests). WARMUP_MAX_S caps it.
warmed=$((first_pairs * 5))
while [ "$warmed" -lt "${WARMUP_MAX_S:-60}" ]; do
  before=$(($(jit_ms "$GATEWAY_PID") + $(jit_ms "$CHAIN_PID")))
  warm_pair
  warmed=$((warmed + 5))
  after=$(($(jit_ms "$GATEWAY_PID") + $(jit_ms "$CHAIN_PID")))
  [ $((after - before)) -lt 50 ] && break
done
echo "warm-up: ${warmed} s of traffic to each gateway" >&2
JIT_GATEWAY_0=$(jit_ms "$GATEWAY_PID")
JIT_CHAIN_0=$(jit_ms "$CHAIN_PID")
wrk -t2 -c"$CONNS" -d2s "http://127.0.0.1:$BACKEND_PORT/" >/dev/null
[ -n "$NGINX_PID" ] && wrk -t2 -c"$CONNS" -d2s "http://127.0.0.1:$NGINX_PORT/" >/dev/null
[ -n "$HAPROXY_PID" ] && wrk -t2 -c"$CONNS" -d2s -H "$AUTH" "http://127.0.0.1:$HAPROXY_PORT/products/42" >/dev/null

echo "## Throughput ($CONNS connections, ${DURATION}s each, $THREADS proxy thread(s))"
echo
echo "| target | req/s | p50 | p99 | proxy CPU µs/request |"
echo "|---|---|---|---|---|"
run "backend direct" "http://127.0.0.1:$BACKEND_PORT/" -
[ -n "$NGINX_PID" ] && run "nginx plain proxy" "http://127.0.0.1:$NGINX_PORT/" "$NGINX_PID"
run "Bulwark plain proxy" "http://127.0.0.1:$GATEWAY_PORT/" "$GATEWAY_PID"
PLAIN_MAX=$LAST_RPS
run "Bulwark JWT + policy + rate limit + access log" "http://127.0.0.1:$CHAIN_PORT/products/42" "$CHAIN_PID" "$AUTH"
CHAIN_MAX=$LAST_RPS
if [ -n "$HAPROXY_PID" ]; then
  run "HAProxy RS256 JWT + rate limit (no cache, no log)" \
    "http://127.0.0.1:$HAPROXY_PORT/products/42" "$HAPROXY_PID" "$AUTH"
fi

# The same proxies again in alternating rounds (ROUNDS, default 3; 6 s each), CPU split
# into user and system time: on a shared VM one 10 s run per target moves by 10-20%, so the
# medians over rounds that interleave the targets are the steadier comparison.
round() { # label url pid [header] -> "label total user system"
  local u0 s0 u1 s1 n
  read -r u0 s0 < <(cpu_split "$3")
  n=$(wrk -t2 -c"$CONNS" -d6s ${4:+-H "$4"} "$2" | awk '/requests in/ {print $1}')
  read -r u1 s1 < <(cpu_split "$3")
  awk -v l="$1" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$HZ" -v n="$n" \
    'BEGIN {printf "%s %.1f %.1f %.1f\n", l, (u + s) * 1e6 / hz / n, u * 1e6 / hz / n, s * 1e6 / hz / n}'
}
: >"$WORK/rounds.txt"
for _ in $(seq "${ROUNDS:-3}"); do
  [ -n "$NGINX_PID" ] && round nginx "http://127.0.0.1:$NGINX_PORT/" "$NGINX_PID" >>"$WORK/rounds.txt"
  round plain "http://127.0.0.1:$GATEWAY_PORT/" "$GATEWAY_PID" >>"$WORK/rounds.txt"
  round chain "http://127.0.0.1:$CHAIN_PORT/products/42" "$CHAIN_PID" "$AUTH" >>"$WORK/rounds.txt"
  if [ -n "$HAPROXY_PID" ]; then
    round haproxy "http://127.0.0.1:$HAPROXY_PORT/products/42" "$HAPROXY_PID" "$AUTH" >>"$WORK/rounds.txt"
  fi
done
median() { # label column
  awk -v l="$1" -v c="$2" '$1 == l {print $c}' "$WORK/rounds.txt" | sort -g |
    awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
echo
echo "## CPU per request, ${ROUNDS:-3} alternating rounds of 6 s (medians)"
echo
echo "| target | µs/request | user | system | each round |"
echo "|---|---|---|---|---|"
for t in "nginx:nginx plain proxy" "plain:Bulwark plain proxy" "chain:Bulwark JWT + policy + rate limit + access log" \
  "haproxy:HAProxy RS256 JWT + rate limit (no cache, no log)"; do
  key=${t%%:*}
  grep -q "^$key " "$WORK/rounds.txt" || continue
  echo "| ${t#*:} | $(median "$key" 2) | $(median "$key" 3) | $(median "$key" 4) | $(awk -v l="$key" '$1 == l {printf "%s%s", sep, $2; sep = ", "}' "$WORK/rounds.txt") |"
done

echo
echo "JIT compile time within the runs above: plain proxy $(($(jit_ms "$GATEWAY_PID") - JIT_GATEWAY_0)) ms," \
  "full chain $(($(jit_ms "$CHAIN_PID") - JIT_CHAIN_0)) ms (counted in their CPU figures)"

# Paced runs: every connection waits DELAY ms between requests, so CONNS*1000/DELAY req/s at most.
cat >"$WORK/paced.lua" <<'LUA'
local pause = tonumber(os.getenv("WRK_DELAY_MS"))
function delay() return pause end
LUA
paced() { # label url pid rate [header]
  local delay_ms=10 conns
  conns=$(( ($4 * delay_ms + 999) / 1000 ))
  [ "$conns" -lt 2 ] && conns=2
  CONNS=$conns WRK_DELAY_MS=$delay_ms run "$1 @ ~$4 req/s" "$2" "$3" "${5:-}" -s "$WORK/paced.lua"
}
echo
echo "## Latency at half of the maximum rate (paced: 10 ms between requests per connection)"
echo
echo "| target | req/s | p50 | p99 | proxy CPU µs/request |"
echo "|---|---|---|---|---|"
paced "backend direct" "http://127.0.0.1:$BACKEND_PORT/" - $((PLAIN_MAX / 2))
# nginx at the same pace: what one proxy hop adds on this machine (wrk, backend and proxy share
# the CPUs), the floor for Bulwark's figure.
[ -n "$NGINX_PID" ] && paced "nginx plain proxy" "http://127.0.0.1:$NGINX_PORT/" "$NGINX_PID" $((PLAIN_MAX / 2))
paced "Bulwark plain proxy" "http://127.0.0.1:$GATEWAY_PORT/" "$GATEWAY_PID" $((PLAIN_MAX / 2))
paced "backend direct" "http://127.0.0.1:$BACKEND_PORT/" - $((CHAIN_MAX / 2))
LOGGED=$(wc -l <"$WORK/access.log")
paced "Bulwark full chain" "http://127.0.0.1:$CHAIN_PORT/products/42" "$CHAIN_PID" $((CHAIN_MAX / 2)) "$AUTH"
# The same paced run seen from inside the gateway: its access log's durationMs (request head
# decoded to last byte written) minus upstreamMs (request forwarded to response head), i.e. the
# gateway's own time with the request, without the wait for a CPU before it reads it.
echo
tail -n +$((LOGGED + 1)) "$WORK/access.log" | python3 -c '
import json, sys
own = []
for line in sys.stdin:
    try:
        r = json.loads(line)
    except ValueError:
        continue  # a line the buffered appender has not finished writing
    if "upstreamMs" in r:
        own.append(r["durationMs"] - r["upstreamMs"])
own.sort()
if own:
    q = lambda p: own[min(len(own) - 1, int(p * len(own)))]
    print("Full chain, time inside the gateway (access log durationMs - upstreamMs, %d requests): "
          "p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms" % (len(own), q(0.5), q(0.99), q(0.999)))
'

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
echo
echo "## Bulwark plain proxy with $IDLE idle keep-alive connections"
echo
before=$(rss_kib "$GATEWAY_PID")
python3 - "$GATEWAY_PORT" "$IDLE" "$GATEWAY_PID" <<'PY' &
import asyncio, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
async def one(held):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    w.write(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
    await w.drain()
    head = await r.readuntil(b"\r\n\r\n")
    length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length"))
    await r.readexactly(length)
    held.append(w)
async def main():
    held, sem = [], asyncio.Semaphore(200)
    async def guarded():
        async with sem:
            await one(held)
    await asyncio.gather(*(guarded() for _ in range(n)))
    print(f"{len(held)} connections open, idle", file=sys.stderr, flush=True)
    await asyncio.sleep(3600)
asyncio.run(main())
PY
IDLE_PID=$!
PIDS+=("$IDLE_PID")
for _ in $(seq 600); do
  open=$(ss -Htn state established "( sport = :$GATEWAY_PORT )" | wc -l)
  [ "$open" -ge "$IDLE" ] && break
  sleep 0.1
done
sleep 2
after=$(rss_kib "$GATEWAY_PID")
open=$(ss -Htn state established "( sport = :$GATEWAY_PORT )" | wc -l)
echo "| connections open | RSS before | RSS with them | per connection |"
echo "|---|---|---|---|"
awk -v o="$open" -v b="$before" -v a="$after" \
  'BEGIN {printf "| %d | %.0f MiB | %.0f MiB | %.1f KiB |\n", o, b / 1024, a / 1024, (a - b) / (o > 0 ? o : 1)}'
