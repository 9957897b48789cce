#!/usr/bin/env bash
# What counting through /pulse.js costs against counting served pages (issue 13): on one server, views
# counted per second through the collection endpoint (POST /api/v1/views, what /pulse.js sends; nothing
# rendered) ÷ article pages counted per second (goal ≥ 1.5), PostgreSQL statements per second while the
# endpoint is under load (goal ≤ 5), and the gzipped size of /pulse.js (goal ≤ 2 KB).
#
# Usage: bash bench/embed.sh [ROUNDS=3] [SECONDS=15] [JAR=target/portal-pulse.jar]
# Per round: a fresh database and server (counting on, PULSE_EMBED_ORIGINS=http://portal.bench), both
# loads for 10 s each to warm it up, then each measured twice, in the order A B B A (which is A
# alternates between rounds), with wrk -t2 -c64 and bench/visitors.lua (every request a new visitor):
#   pages   - GET of an article page (as bench/run.sh);
#   reports - POST /api/v1/views from http://portal.bench, each for one of 200 pages /tin-tuc/bai-N;
# then the reports' load against bench/embed/EmptyServer.java, a Vert.x server that reads each request
# and answers 204 doing nothing else: the ceiling of reports ÷ pages with this load generator.
# The server under test runs on core 1 and wrk on core 0 (EMBED_PIN=0: both float over every core), so
# that views per second measure what the server can take, not how it and wrk share the cores.
# Views per second = the change in the server's own /api/stats total ÷ the seconds of load; statements =
# the change in xact_commit + xact_rollback of the database in pg_stat_database over the reports' load.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECS=${2:-15}
JAR=${3:-target/portal-pulse.jar}
WARMUP=10
WORK=/tmp/pulse-embed-bench
PG_PORT=55438
PORT=8094
EMPTY_PORT=8095
ORIGIN=http://portal.bench
WRK=wrk
if [ "${EMBED_PIN:-1}" = 1 ]; then
  export PULSE_CPU="taskset -c 1"
  WRK="taskset -c 0 wrk"
fi
ulimit -n 20000
source bench/lib.sh

if ! need wrk || ! need bc || ! [ -x "$PG_BIN/postgres" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk bc postgresql >/dev/null
fi
[ -f "$JAR" ] || mvn -B -q -DskipTests package

start_private_postgres_until_exit
trap '[ -n "${EMPTY_PID:-}" ] && kill "$EMPTY_PID" 2>/dev/null; stop_pulse_and_private_postgres' EXIT
total() { curl -s "http://127.0.0.1:$PORT/api/stats" | sed 's/.*"total":\([0-9]*\).*/\1/'; }
xacts() { psql -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'pulse'"; }
REPORT_PATHS=$(seq 1 200 | sed 's|^|/tin-tuc/bai-|' | paste -sd,)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PULSE_PID/stat"; }

# $1 = pages|reports, $2 = seconds, $3 = visitor offset; prints "views/s statements/s server-µs-CPU/view"
load() {
  local paths=$ARTICLE_PATHS origin=
  [ "$1" = reports ] && paths=$REPORT_PATHS && origin=$ORIGIN
  local views_before xacts_before ticks_before
  views_before=$(total); xacts_before=$(xacts); ticks_before=$(cpu_ticks)
  BENCH_PATHS="$paths" BENCH_REPORT_ORIGIN="$origin" BENCH_VISITOR_OFFSET=$3 BENCH_PAGES_PER_VISITOR=1 BENCH_DELAY_MS=0 \
    $WRK -t2 -c64 -d"$2"s -s bench/visitors.lua "http://127.0.0.1:$PORT" >/dev/null
  local ticks=$(( $(cpu_ticks) - ticks_before ))
  sleep 1.5 # the last flush
  local views=$(( $(total) - views_before ))
  echo "$(( views / $2 )) $(echo "($(xacts) - $xacts_before) / ($2 + 1.5)" | bc -l) $(echo "$ticks * 1000000 / $(getconf CLK_TCK) / $views" | bc -l)"
}

# The reports' load on the empty server for $1 seconds; prints "requests/s server-µs-CPU/request".
load_empty() {
  local ticks_before out
  ticks_before=$(awk '{print $14 + $15}' "/proc/$EMPTY_PID/stat")
  out=$(BENCH_PATHS="$REPORT_PATHS" BENCH_REPORT_ORIGIN="$ORIGIN" BENCH_VISITOR_OFFSET=0 BENCH_PAGES_PER_VISITOR=1 BENCH_DELAY_MS=0 \
    $WRK -t2 -c64 -d"$1"s -s bench/visitors.lua "http://127.0.0.1:$EMPTY_PORT")
  local ticks=$(( $(awk '{print $14 + $15}' "/proc/$EMPTY_PID/stat") - ticks_before ))
  local requests
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$(( requests / $1 )) $(echo "$ticks * 1000000 / $(getconf CLK_TCK) / $requests" | bc -l)"
}

start_empty_server() {
  ${PULSE_CPU:-} java -Xms512m -Xmx1g -cp "$JAR" bench/embed/EmptyServer.java $EMPTY_PORT >"$WORK/empty.log" 2>&1 &
  EMPTY_PID=$!
  for _ in $(seq 1 120); do
    grep -q listening "$WORK/empty.log" && return
    sleep 0.5
  done
  echo "The empty server did not start"; cat "$WORK/empty.log"; exit 1
}

OUT="bench/results/embed-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# bench/embed.sh $ROUNDS $SECS on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $JAR (sha256 $(sha256sum "$JAR" | cut -c1-12)); pulse.js gzipped (gzip -9): $(unzip -p "$JAR" webroot/pulse.js | gzip -9c | wc -c) bytes"
  echo "- server ${PULSE_CPU:-on every core}, load generator: $WRK"
  echo
  echo "| round | pages: views/s | reports: views/s | **reports ÷ pages** | empty server: requests/s | empty ÷ pages | PG stmts/s under reports | pages: server µs CPU/view | reports: server µs CPU/view | empty: server µs CPU/request |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  psql -c "DROP DATABASE IF EXISTS pulse" >/dev/null 2>&1
  psql -c "CREATE DATABASE pulse" >/dev/null
  PULSE_EMBED_ORIGINS=$ORIGIN start_pulse_jar "$JAR" $PORT true "$WORK/pulse.log"
  ARTICLE_PATHS=$(article_paths $PORT 1)
  offset=$(( round * 100000000 ))
  modes=(pages reports)
  [ $((round % 2)) -eq 0 ] && modes=(reports pages)
  declare -A views stmts cpu
  # Both loads warm the server up before either is measured (the code they share is compiled by then);
  # then each is measured twice, A B B A, so that a drift over the round favours neither.
  for mode in "${modes[@]}"; do
    load "$mode" $WARMUP $offset >/dev/null
    offset=$((offset + 10000000))
    views[$mode]=0; stmts[$mode]=0; cpu[$mode]=0
  done
  for mode in "${modes[0]}" "${modes[1]}" "${modes[1]}" "${modes[0]}"; do
    read -r v s c < <(load "$mode" "$SECS" $offset)
    offset=$((offset + 10000000))
    views[$mode]=$(( ${views[$mode]} + v / 2 ))
    stmts[$mode]=$(echo "${stmts[$mode]} + $s / 2" | bc -l)
    cpu[$mode]=$(echo "${cpu[$mode]} + $c / 2" | bc -l)
  done
  kill "$PULSE_PID"; wait "$PULSE_PID" || true; PULSE_PID=
  start_empty_server
  load_empty $WARMUP >/dev/null
  read -r empty_rate empty_cpu < <(load_empty "$SECS")
  kill "$EMPTY_PID"; wait "$EMPTY_PID" || true; EMPTY_PID=
  printf '| %d | %d | %d | %.2f | %d | %.2f | %.2f | %.1f | %.1f | %.1f |\n' "$round" "${views[pages]}" "${views[reports]}" \
    "$(echo "${views[reports]} / ${views[pages]}" | bc -l)" "$empty_rate" "$(echo "$empty_rate / ${views[pages]}" | bc -l)" \
    "${stmts[reports]}" "${cpu[pages]}" "${cpu[reports]}" "$empty_cpu" | tee -a "$OUT"
done
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = [l.split('|')[1:-1] for l in open(sys.argv[1]) if re.match(r'^\| \d', l)]
med = [statistics.median(float(r[i].strip(' *')) for r in rows) for i in range(1, 10)]
line = (f"| median | {med[0]:.0f} | {med[1]:.0f} | **{med[2]:.2f}** | {med[3]:.0f} | {med[4]:.2f} | {med[5]:.2f} | "
        f"{med[6]:.1f} | {med[7]:.1f} | {med[8]:.1f} |")
open(sys.argv[1], "a").write(line + "\n")
print(line)
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "Written to $OUT"
