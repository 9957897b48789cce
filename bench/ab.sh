#!/usr/bin/env bash
# A/B throughput of two builds or two settings, side by side in one run on this machine: article
# pages/s for A and for B, alternating which goes first, and the median of A/B over the rounds.
# For questions bench/run.sh does not ask, such as "what does this part of counting cost?": build a
# jar with the part switched off, then compare it with the real one.
#
# Usage: bash bench/ab.sh JAR_A COUNT_A JAR_B COUNT_B [ROUNDS=5] [SECONDS=15] [PAGES_PER_VISITOR=1]
#   COUNT_x: true|false, the server's PULSE_COUNT_VIEWS
#   AB_PIN=1: the server on core 0 and wrk on core 1 (taskset), so that they do not share a core
#   e.g. bash bench/ab.sh target/portal-pulse.jar true target/portal-pulse.jar false   # (a) of bench/run.sh, alone
# Each measurement: a fresh database, the server started, 15 s of warm-up load, then SECONDS measured,
# with the load of bench/run.sh (wrk -t2 -c64, every request a new visitor by default).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR_A=$1; COUNT_A=$2; JAR_B=$3; COUNT_B=$4
ROUNDS=${5:-5}
SECS=${6:-15}
PER_VISITOR=${7:-1}
WARMUP=15
WORK=/tmp/pulse-ab
PG_PORT=55434
PORT=8087
ulimit -n 20000
source bench/lib.sh
SERVER_CPU=; LOAD_CPU=
if [ "${AB_PIN:-0}" = 1 ]; then SERVER_CPU="taskset -c 0"; LOAD_CPU="taskset -c 1"; fi

if ! need wrk || ! need bc || ! [ -x "$PG_BIN/postgres" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk bc postgresql >/dev/null
fi

start_private_postgres_until_exit

measure() { # $1 = jar, $2 = count views -> prints req/s
  psql -c "DROP DATABASE IF EXISTS pulse" >/dev/null 2>&1
  psql -c "CREATE DATABASE pulse" >/dev/null
  PULSE_CPU=$SERVER_CPU start_pulse_jar "$1" $PORT "$2" "$WORK/pulse.log"
  local paths
  paths=$(article_paths $PORT "$PER_VISITOR")
  load() { BENCH_VISITOR_OFFSET=$1 BENCH_PATHS="$paths" BENCH_PAGES_PER_VISITOR=$PER_VISITOR BENCH_DELAY_MS=0 \
    $LOAD_CPU wrk -t2 -c64 -d"$2"s -s bench/visitors.lua "http://127.0.0.1:$PORT"; }
  load 0 $WARMUP >/dev/null
  load 40000000 "$SECS" | awk '/Requests\/sec/{print $2}'
  kill "$PULSE_PID"; wait "$PULSE_PID" || true; PULSE_PID=
}

OUT="bench/results/ab-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# bench/ab.sh $* on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores${SERVER_CPU:+, server and wrk pinned to cores 0 and 1}"
  echo "A: $JAR_A (sha256 $(sha256sum "$JAR_A" | cut -c1-12)), PULSE_COUNT_VIEWS=$COUNT_A"
  echo "B: $JAR_B (sha256 $(sha256sum "$JAR_B" | cut -c1-12)), PULSE_COUNT_VIEWS=$COUNT_B"
  echo
  echo "| round | A req/s | B req/s | A/B |"
  echo "|---|---|---|---|"
} >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then a=$(measure "$JAR_A" "$COUNT_A"); b=$(measure "$JAR_B" "$COUNT_B")
  else b=$(measure "$JAR_B" "$COUNT_B"); a=$(measure "$JAR_A" "$COUNT_A"); fi
  printf '| %d | %.0f | %.0f | %.3f |\n' "$round" "$a" "$b" "$(echo "$a / $b" | bc -l)" | tee -a "$OUT"
done
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = [l.split('|')[1:-1] for l in open(sys.argv[1]) if re.match(r'^\| \d', l)]
med = [statistics.median(float(r[i]) for r in rows) for i in (1, 2, 3)]
line = f"| median | {med[0]:.0f} | {med[1]:.0f} | {med[2]:.3f} |"
open(sys.argv[1], "a").write(line + "\n")
print(line)
PY
echo "Written to $OUT"
