#!/usr/bin/env bash
# Portal Pulse live fan-out benchmark (issue 3, item 4). Client, wrk and server share this machine.
# One server for the whole run; per run, in alternating order so drift favours neither:
#   none: wrk on an article page with no websocket open
#   open: SOCKETS websockets on /ws/stats?article=PROBED (bench/fanout/client.js), then the same wrk load
#         while the client views PROBED itself every 730 ms ("probes") and times the frames that show it
# and it reports
#   (1) view -> frame latency: from a probe's request to each socket's first frame with views >= the count
#       the probe's page showed; p50/p90/p99/max over all (probe, socket) pairs
#   (2) server memory per open socket: (heap used after a full GC + NMT "Other", which holds Netty's
#       direct buffers) with the sockets open minus just before they opened, / sockets; RSS alongside
#   (3) article pages/s with the sockets open ÷ with none
#   (4) a ramp after the runs: more sockets, step by step, until they stop opening; where and why
# Usage: bash bench/fanout.sh [RUNS=5] [SECONDS=15] [SOCKETS=10000] [RAMP_TO=20000]   (RAMP_TO=0: no ramp)
#   at the file limit: PULSE_PUSH_INTERVAL_MS=700 bash bench/fanout.sh 3 15 19000 0
#   environment: PULSE_JAR (default target/portal-pulse.jar), PULSE_PUSH_INTERVAL_MS (default 1000),
#   FANOUT_JAVA_OPTS (more JVM options for the server)
# Raw results go to bench/results/fanout-<time>/, the tables to bench/results/fanout-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SECS=${2:-15}
SOCKETS=${3:-10000}
RAMP_TO=${4:-20000}
WARMUP=15 # as in bench/run.sh: the JIT is still compiling after 5 s
PORT=8089
CONNS=64
THREADS=2
PER_PROCESS=9000 # sockets per client process: each has the same 20 000-file limit, and one Node core
WORK=/tmp/pulse-fanout
PUSH_MS=${PULSE_PUSH_INTERVAL_MS:-1000} # the server's default; set PULSE_PUSH_INTERVAL_MS to try another
ulimit -n "$(ulimit -Hn)" # the hard limit (20 000 here); the server inherits it and caps its sockets 1 000 below
source bench/lib.sh
if ! need wrk || ! need jcmd || ! need bc || ! need npm; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk openjdk-17-jdk-headless bc nodejs npm >/dev/null
fi
[ -d bench/fanout/node_modules ] || (cd bench/fanout && npm ci --no-audit --no-fund --loglevel=error)
JAR=${PULSE_JAR:-target/portal-pulse.jar} # PULSE_JAR: a jar built elsewhere (e.g. from a clean clone of HEAD)
[ -f "$JAR" ] || mvn -B -q -DskipTests package

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
R="bench/results/fanout-$STAMP"
OUT="$R.md"
mkdir -p "$R"
rm -rf "$WORK" && mkdir -p "$WORK"
# A copy: a rebuild of target/ during the run must not change the server under test.
cp "$JAR" "$WORK/pulse.jar"
SRC=$(git -C "$(dirname "$JAR")" rev-parse --show-toplevel)
JAR_COMMIT="$(git -C "$SRC" rev-parse --short HEAD)$(git -C "$SRC" diff --quiet HEAD -- src pom.xml || echo ' + uncommitted changes')"
cleanup() {
  [ -n "${CLIENT_PID:-}" ] && kill "$CLIENT_PID" 2>/dev/null || true
  [ -n "${PULSE_PID:-}" ] && kill "$PULSE_PID" 2>/dev/null && wait "$PULSE_PID" 2>/dev/null || true
}
trap cleanup EXIT

JAVA_OPTS="-Xms512m -Xmx1g -XX:NativeMemoryTracking=summary -Xlog:gc:file=$R/gc.log:time ${FANOUT_JAVA_OPTS:-}"
# A fresh data directory: the embedded PostgreSQL starts empty (28 demo articles) every bench run.
PULSE_DATA_DIR="$WORK/data" PULSE_HTTP_PORT=$PORT PULSE_TRUSTED_PROXIES=127.0.0.1 PULSE_PUSH_INTERVAL_MS=$PUSH_MS \
  java $JAVA_OPTS -jar "$WORK/pulse.jar" >"$R/server.log" 2>&1 &
PULSE_PID=$!
echo "$PULSE_PID" >"$R/server.pid" # tells the server from other JVMs in the top snapshots
await_pulse $PORT "$R/server.log"
# wrk loads the first article; the probes view the second, which nothing else touches, so a frame
# showing views >= N can only come from the probe's own view being counted and pushed.
mapfile -t SLUGS < <(curl -s "http://127.0.0.1:$PORT/" | grep -o 'href="/articles/[^"]*"' | cut -d'"' -f2 | sed 's#^/articles/##' | awk '!seen[$0]++')
LOADED="/articles/${SLUGS[0]}"
PROBED=${SLUGS[1]}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PULSE_PID/stat"; }
# The whole machine's ticks: "busy idle steal". A server slower while the machine sits idle is waiting
# on something (a lock, a pause), not short of CPU.
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8, $5 + $6, $9}' /proc/stat; }
machine_busy() { # $1 = ticks before, $2 = ticks after: busy % of the whole machine, and steal %
  echo "$1 $2" | awk '{b = $4 - $1; i = $5 - $2; s = $6 - $3; t = b + i + s; printf "%.0f %.0f\n", 100 * b / t, 100 * s / t}'
}
HZ=$(getconf CLK_TCK)
LOADS=0
# What else runs mid-load (a test suite, a build): top's second sample is the CPU share of those 2 s.
others() { sleep $((SECS / 2)); top -b -n 2 -d 2 -o %CPU | awk '/^top -/{n++} n == 2' | sed -n '7,16p'; }
load() { # $1 = seconds, $2 = output
  LOADS=$((LOADS + 1))
  others >"${2%.wrk.txt}.top.txt" &
  BENCH_VISITOR_OFFSET=$((LOADS * 4000000)) BENCH_PATHS="$LOADED" BENCH_PAGES_PER_VISITOR=1 \
    wrk -t$THREADS -c$CONNS -d"$1"s --latency -s bench/visitors.lua "http://127.0.0.1:$PORT" >"$2"
}
rps() { grep "Requests/sec" "$1" | awk '{print $2}'; }
fds() { ls "/proc/$PULSE_PID/fd" | wc -l; }
# What the server holds, after a full GC: heap used (GC.heap_info), NMT committed "Other" (direct
# ByteBuffers and Unsafe.allocateMemory, i.e. Netty's direct buffers and pools), NMT total, RSS, fds.
memory() { # $1 = output prefix
  # Twice: objects with a Cleaner or finalizer (sockets' buffers among them) go only in the second.
  jcmd "$PULSE_PID" GC.run >/dev/null
  jcmd "$PULSE_PID" GC.run >/dev/null
  sleep 1
  jcmd "$PULSE_PID" GC.heap_info >"$1.heap.txt"
  jcmd "$PULSE_PID" GC.class_histogram >"$1.histo.txt" # which classes the sockets cost; see summary.py
  jcmd "$PULSE_PID" VM.native_memory summary >"$1.nmt.txt"
  echo "heap_kb=$(grep -o 'used [0-9]*K' "$1.heap.txt" | head -1 | tr -dc 0-9)"
  echo "other_kb=$(grep -E '^-? *Other \(' "$1.nmt.txt" | grep -o 'committed=[0-9]*KB' | tr -dc 0-9)"
  echo "nmt_kb=$(grep '^Total:' "$1.nmt.txt" | grep -o 'committed=[0-9]*KB' | tr -dc 0-9)"
  echo "rss_kb=$(awk '/^VmRSS/{print $2}' "/proc/$PULSE_PID/status")"
  echo "fds=$(fds)"
}
# Until the live heap stops moving: after a wrk load the server still holds a backlog of visitor ids
# for PostgreSQL (tens of MB, drained a batch a second), which would otherwise land on the sockets.
heap_used() {
  jcmd "$PULSE_PID" GC.run >/dev/null
  jcmd "$PULSE_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9
}
quiet() {
  local a b
  a=$(heap_used)
  for _ in $(seq 1 30); do
    sleep 3
    b=$(heap_used)
    [ $(((b - a) * (b - a))) -lt $((512 * 512)) ] && return # under 0.5 MB in 3 s
    a=$b
  done
  echo "warning: the server's heap was still moving; memory figures are noisy" >&2
}
# Until the server has let go of the last phase's sockets (the fd count is back where it was).
settle() {
  for _ in $(seq 1 120); do [ "$(fds)" -le $((BASE_FDS + 50)) ] && return; sleep 0.5; done
  echo "warning: server still holds $(fds) files (base $BASE_FDS)" >&2
}

phase_none() { # $1 = name
  local c0 c1 m0 m1
  c0=$(cpu_ticks); m0=$(machine_ticks)
  load "$SECS" "$R/$1-none.wrk.txt"
  c1=$(cpu_ticks); m1=$(machine_ticks)
  { echo "none_rps=$(rps "$R/$1-none.wrk.txt")"; echo "none_cpu=$(echo "($c1 - $c0) * 100 / $HZ / $SECS" | bc -l)"
    read -r busy steal < <(machine_busy "$m0" "$m1"); echo "none_machine=$busy"; echo "none_steal=$steal"; } >>"$R/$1.env"
}
phase_open() { # $1 = name, $2 = sockets
  local c0 c1 m0 m1
  settle
  quiet
  memory "$R/$1-before" | sed 's/^/before_/' >>"$R/$1.env"
  node bench/fanout/client.js --url "http://127.0.0.1:$PORT" --article "$PROBED" --sockets "$2" \
    --per-process $PER_PROCESS --probe-secs "$SECS" --probe-offset $((LOADS * 1000)) --push-interval-ms "$PUSH_MS" \
    --ready-file "$R/$1-ready.json" --out "$R/$1-client.json" 2>>"$R/client.log" &
  CLIENT_PID=$!
  while [ ! -f "$R/$1-ready.json" ]; do
    kill -0 "$CLIENT_PID" 2>/dev/null || { echo "load client failed, see $R/client.log"; tail "$R/client.log"; exit 1; }
    sleep 0.5
  done
  sleep 2 # let the server finish whatever the handshakes left behind before weighing it
  memory "$R/$1-open" | sed 's/^/open_/' >>"$R/$1.env"
  c0=$(cpu_ticks); m0=$(machine_ticks)
  kill -USR1 "$CLIENT_PID"
  load "$SECS" "$R/$1-open.wrk.txt"
  c1=$(cpu_ticks); m1=$(machine_ticks)
  wait "$CLIENT_PID"
  CLIENT_PID=
  { echo "open_rps=$(rps "$R/$1-open.wrk.txt")"; echo "open_cpu=$(echo "($c1 - $c0) * 100 / $HZ / $SECS" | bc -l)"
    read -r busy steal < <(machine_busy "$m0" "$m1"); echo "open_machine=$busy"; echo "open_steal=$steal"
    echo "too_many_files=$(grep -c 'Too many open files' "$R/server.log" || true)"
    echo "server_warnings=$(grep -cE ' (WARN|ERROR) ' "$R/server.log" || true)"; } >>"$R/$1.env"
  tail -1 "$R/client.log" >&2
  settle
  quiet
  # Weighed again once the sockets are gone: what stays is either drift or per-socket state leaked.
  memory "$R/$1-after" | sed 's/^/after_/' >>"$R/$1.env"
}

{
  echo "# bench/fanout.sh $RUNS $SECS $SOCKETS $RAMP_TO on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, server $JAR from commit $JAR_COMMIT"
  echo
  echo "wrk -t$THREADS -c$CONNS on $LOADED (a new visitor per request); sockets and probes on /articles/$PROBED;"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); server: java $JAVA_OPTS, PULSE_PUSH_INTERVAL_MS=$PUSH_MS"
} >"$R/header.txt"

echo "Warming up (wrk $WARMUP s, then one untimed round with $SOCKETS sockets)" >&2
load $WARMUP "$R/warmup.wrk.txt"
sleep 2
BASE_FDS=$(fds)
phase_open warmup "$SOCKETS"

for run in $(seq 1 "$RUNS"); do
  echo "Run $run of $RUNS" >&2
  if [ $((run % 2)) -eq 1 ]; then phase_none "run$run"; phase_open "run$run" "$SOCKETS"
  else phase_open "run$run" "$SOCKETS"; phase_none "run$run"; fi
done

# (4) The ramp: the same measurement with more sockets, until some fail to open.
if [ "$RAMP_TO" -gt "$SOCKETS" ]; then
  for n in $(seq $((SOCKETS + 2000)) 2000 $((RAMP_TO - 2000))) $((RAMP_TO - 1000)) $((RAMP_TO - 500)) "$RAMP_TO"; do
    [ "$n" -gt "$SOCKETS" ] || continue
    echo "Ramp: $n sockets" >&2
    phase_open "ramp$n" "$n"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["opened"] == r["requested"] and not r["droppedByServer"] else 1)' \
      "$R/ramp$n-client.json" || { echo "Ramp stopped at $n sockets" >&2; break; }
  done
fi
echo "limits: $(grep 'open files' "/proc/$PULSE_PID/limits")" >>"$R/header.txt"

python3 bench/fanout/summary.py "$R" >"$OUT"
cat "$OUT"
echo "Written to $OUT (raw results in $R/)"
