#!/usr/bin/env bash
# Portal Pulse throughput benchmark, side by side in one run on this machine:
#   (a) article pages/s with counting on ÷ the same server with counting off
#   (b) counted views/s ÷ the naive design's ceiling (pgbench: UPDATE ... SET n = n + 1 on one row)
#   (c) article pages/s ÷ nginx serving the same page's bytes as a static file
#   (d) PostgreSQL statements (transactions) per second during the load
#   (e) p99 latency at half of the peak throughput
# Usage: bash bench/run.sh [RUNS=5] [SECONDS=15] [PAGES_PER_VISITOR=1]
#   PAGES_PER_VISITOR=1: every request a new visitor (worst case); 4: each reader opens 4 articles.
#   ACCEPT_ENCODING=gzip (the default): every request asks for gzip, as browsers do, and both Portal Pulse
#   and nginx compress every page they serve; ACCEPT_ENCODING= (empty) measures uncompressed pages, as
#   the runs before December 2026 did.
# Figures go to bench/results/<time>.md; medians are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SECS=${2:-15}
PER_VISITOR=${3:-1}
WARMUP=15 # the JIT is still compiling after 5 s under this load
WORK=/tmp/pulse-bench
PG_PORT=55432
PULSE_PORT=8088
CONNS=64
THREADS=2
export BENCH_ACCEPT_ENCODING=${ACCEPT_ENCODING-gzip}
ulimit -n 20000
source bench/lib.sh

if ! need wrk || ! need bc || ! need nginx || ! [ -x "$PG_BIN/postgres" ] || ! need pgbench; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk bc nginx-light postgresql >/dev/null
fi
[ -f target/portal-pulse.jar ] || mvn -B -q -DskipTests package

rm -rf "$WORK" && mkdir -p "$WORK/www" bench/results
cleanup() {
  [ -n "${PULSE_PID:-}" ] && kill "$PULSE_PID" 2>/dev/null && wait "$PULSE_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  stop_private_postgres
}
trap cleanup EXIT

start_private_postgres
psql -c "CREATE DATABASE pulse" >/dev/null
psql -c "CREATE DATABASE naive" >/dev/null
psql -d naive -c "CREATE TABLE naive_counter (id int PRIMARY KEY, views bigint NOT NULL); INSERT INTO naive_counter VALUES (1, 0);" >/dev/null

start_pulse() { start_pulse_jar target/portal-pulse.jar $PULSE_PORT "$1" "$WORK/pulse-$1.log"; } # $1 = count views
stop_pulse() { kill "$PULSE_PID"; wait "$PULSE_PID" || true; PULSE_PID=; }

rps() { grep "Requests/sec" "$1" | awk '{print $2}'; }
p99() { awk '/Latency Distribution/{f=1} f && $1=="99%"{print $2; exit}' "$1"; }
xacts() { psql -d postgres -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'pulse'"; }
# CPU seconds used so far by every PostgreSQL process (utime + stime, in clock ticks).
pgcpu() { for p in $(pgrep -u postgres); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done \
  | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {printf "%.2f", s / hz}'; }
total() { curl -s "http://127.0.0.1:$PULSE_PORT/api/stats" | sed -E 's/.*"total":([0-9]+).*/\1/'; }
LOADS=0
load() { # $1 = port, $2 = seconds, $3 = output, [$4 = delay ms per request, $5 = connections]
  LOADS=$((LOADS + 1))
  BENCH_VISITOR_OFFSET=$((LOADS * 4000000)) BENCH_PATHS="$ARTICLES" BENCH_PAGES_PER_VISITOR=$PER_VISITOR \
    BENCH_DELAY_MS="${4:-0}" wrk -t$THREADS -c"${5:-$CONNS}" -d"$2"s --latency -s bench/visitors.lua "http://127.0.0.1:$1" >"$3"
}
measure_on() {
  start_pulse true
  load $PULSE_PORT $WARMUP "$WORK/warm.txt"
  sleep 2
  t0=$(total); x0=$(xacts); c0=$(pgcpu); w0=$(date +%s.%N)
  load $PULSE_PORT "$SECS" "$WORK/on.txt"
  sleep 1.5 # let the last flush land and the statistics collector catch up
  t1=$(total); x1=$(xacts); c1=$(pgcpu); w1=$(date +%s.%N)
  echo "run $run: PostgreSQL used $(echo "($c1 - $c0) * 100 / $SECS" | bc -l | cut -d. -f1)% of one core during the counted load" >&2
  ON=$(rps "$WORK/on.txt")
  COUNTED=$(echo "($t1 - $t0) / $SECS" | bc -l)
  STMTS=$(echo "($x1 - $x0) / ($w1 - $w0)" | bc -l)
  # (e) half of this run's peak. wrk paces by whole milliseconds per connection, so each connection
  # waits 10 ms between requests and there are as many connections as that rate needs.
  HALF=$(echo "$ON / 2" | bc -l)
  HALF_CONNS=$(echo "$HALF / 100" | bc)
  load $PULSE_PORT "$SECS" "$WORK/half.txt" 10 "$HALF_CONNS"
  HALF_RPS=$(rps "$WORK/half.txt"); P99=$(p99 "$WORK/half.txt")
  stop_pulse
}
measure_off() {
  start_pulse false
  load $PULSE_PORT $WARMUP "$WORK/warm.txt"
  load $PULSE_PORT "$SECS" "$WORK/off.txt"
  OFF=$(rps "$WORK/off.txt")
  stop_pulse
}

start_pulse true
ARTICLES=$(article_paths $PULSE_PORT "$PER_VISITOR")
ARTICLE=${ARTICLES%%,*}
curl -s -H "User-Agent: curl" "http://127.0.0.1:$PULSE_PORT$ARTICLE" >"$WORK/www/article.html"
ON_WIRE=$(curl -s -o /dev/null -w '%{size_download}' -H "User-Agent: curl" -H "Accept-Encoding: ${BENCH_ACCEPT_ENCODING:-identity}" \
  "http://127.0.0.1:$PULSE_PORT$ARTICLE")
stop_pulse
nginx -c "$PWD/bench/nginx.conf" &
sleep 1

OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Run of bench/run.sh $RUNS $SECS $PER_VISITOR ($PER_VISITOR article(s) per visitor) on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t$THREADS -c$CONNS, page $ARTICLE ($(wc -c <"$WORK/www/article.html") bytes, $ON_WIRE on the wire with Accept-Encoding: ${BENCH_ACCEPT_ENCODING:-none})"
  echo
  echo "| run | on req/s | off req/s | (a) on/off | counted views/s | naive UPDATE/s | (b) ratio | nginx req/s | (c) ratio | (d) PG stmts/s | half-load req/s | (e) p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$OUT"

for run in $(seq 1 "$RUNS"); do
  # Alternate which goes first, so drift in the machine's speed does not favour either.
  if [ $((run % 2)) -eq 1 ]; then measure_on; measure_off; else measure_off; measure_on; fi

  load 8090 $WARMUP "$WORK/warm.txt"
  load 8090 "$SECS" "$WORK/nginx.txt"
  NGINX=$(rps "$WORK/nginx.txt")

  PGB=$(pgbench -h 127.0.0.1 -p $PG_PORT -U postgres -n -c 8 -j 2 -T "$SECS" -f bench/naive-update.sql naive 2>/dev/null \
        | awk '/^tps/{print $3; exit}')

  printf '| %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.1f | %.0f | %.2f | %.2f | %.0f | %s |\n' \
    "$run" "$ON" "$OFF" "$(echo "$ON / $OFF" | bc -l)" "$COUNTED" "$PGB" "$(echo "$COUNTED / $PGB" | bc -l)" \
    "$NGINX" "$(echo "$ON / $NGINX" | bc -l)" "$STMTS" "$HALF_RPS" "$P99" | tee -a "$OUT"
done

python3 - "$OUT" <<'PY'
import re, statistics, sys
path = sys.argv[1]
rows = [l.split('|')[1:-1] for l in open(path) if re.match(r'^\| \d', l)]
cols = ["on req/s", "off req/s", "(a) on/off", "counted views/s", "naive UPDATE/s", "(b) ratio",
        "nginx req/s", "(c) ratio", "(d) PG stmts/s", "half-load req/s"]
def num(s):
    return float(s.strip())
med = [statistics.median(num(r[i + 1]) for r in rows) for i in range(len(cols))]
def ms(s):
    s = s.strip()
    return float(s[:-2]) if s.endswith('ms') else float(s[:-2]) / 1000 if s.endswith('us') else float(s[:-1]) * 1000
p99 = statistics.median(ms(r[11]) for r in rows)
line = "| median | " + " | ".join(f"{v:.2f}" if i in (2, 5, 7, 8) else f"{v:.0f}" for i, v in enumerate(med)) + f" | {p99:.2f}ms |"
with open(path, "a") as f:
    f.write(line + "\n")
print(line)
PY
echo "Written to $OUT"
