#!/usr/bin/env bash
# What a User-Agent chosen by the client costs the server: server CPU per article request with a
# unique 512-character User-Agent per request ÷ with one common browser User-Agent, same server, same
# run. Bot detection must not make the first much dearer than the second (issue 12: goal ≤ 1.5).
#
# Usage: bash bench/ua-cost.sh [ROUNDS=3] [SECONDS=15] [JAR...=target/portal-pulse.jar]
#   Several jars (e.g. this build and the one before) are measured side by side, alternating which
#   goes first each round.
# Per round and jar: a fresh database, the server started (counting on), 15 s of warm-up, then three
# loads of wrk -t2 -c64 (bench/visitors.lua: every request a new visitor, as in bench/run.sh), each
# after 5 s of warm-up of its own:
#   common  - the one browser User-Agent of bench/run.sh;
#   unique  - that User-Agent, " id/" and the request's number, zero-padded to 512 characters;
#   crafted - unique as well, but led by the keyword of every pattern of the bot list whose keyword
#             alone does not decide it, each where its regex fails: the most regexes a request can
#             make the server run without being a bot (built as BotDetectorTest's crafted User-Agent).
# CPU per request = the server process's utime + stime (/proc/PID/stat) over the measured load ÷ the
# requests wrk completed. Raw table: bench/results/ua-cost-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECS=${2:-15}
shift $(($# < 2 ? $# : 2))
JARS=("$@")
[ ${#JARS[@]} -gt 0 ] || JARS=(target/portal-pulse.jar)
WARMUP=15
MODE_WARMUP=5
WORK=/tmp/pulse-ua-cost
PG_PORT=55436
PORT=8089
CRAFTED="xAdsBot-Google-x Feed-Fetcher-xContextualBot-xRSS Reader-xspider.com-xGoogleAssociationService-xSSL Labs-x"
ulimit -n 20000
source bench/lib.sh

if ! need wrk || ! need bc || ! [ -x "$PG_BIN/postgres" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk bc postgresql >/dev/null
fi
[ -f target/portal-pulse.jar ] || mvn -B -q -DskipTests package

start_private_postgres_until_exit

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PULSE_PID/stat"; }

# $1 = mode, $2 = seconds, $3 = visitor offset; prints "requests ticks non2xx"
load() {
  local length=0 prefix=""
  case $1 in
    unique) length=512 ;;
    crafted) length=512; prefix=$CRAFTED ;;
  esac
  local before after out
  before=$(cpu_ticks)
  out=$(BENCH_VISITOR_OFFSET=$3 BENCH_PATHS="$PATHS" BENCH_PAGES_PER_VISITOR=1 BENCH_DELAY_MS=0 \
    BENCH_UA_LENGTH=$length BENCH_UA_PREFIX="$prefix" \
    wrk -t2 -c64 -d"$2"s -s bench/visitors.lua "http://127.0.0.1:$PORT")
  after=$(cpu_ticks)
  echo "$(echo "$out" | awk '/requests in/{print $1}') $((after - before)) $(echo "$out" | awk '/Non-2xx/{print $NF}' | grep . || echo 0)"
}

# $1 = jar, $2 = round; prints one table row per jar
measure() {
  psql -c "DROP DATABASE IF EXISTS pulse" >/dev/null 2>&1
  psql -c "CREATE DATABASE pulse" >/dev/null
  start_pulse_jar "$1" $PORT true "$WORK/pulse.log"
  PATHS=$(article_paths $PORT 1)
  local offset=$(( $2 * 100000000 ))
  load common $WARMUP $offset >/dev/null
  local modes=(common unique crafted)
  [ $(($2 % 2)) -eq 0 ] && modes=(crafted unique common)
  declare -A us rps
  for mode in "${modes[@]}"; do
    offset=$((offset + 10000000))
    load "$mode" $MODE_WARMUP $offset >/dev/null
    offset=$((offset + 10000000))
    read -r requests ticks bad < <(load "$mode" "$SECS" $offset)
    [ "$bad" = 0 ] || echo "warning: $bad answers were not 2xx ($mode, $1)" >&2
    us[$mode]=$(echo "$ticks * 1000000 / $(getconf CLK_TCK) / $requests" | bc -l)
    rps[$mode]=$(echo "$requests / $SECS" | bc -l)
  done
  kill "$PULSE_PID"; wait "$PULSE_PID" || true; PULSE_PID=
  printf '| %d | %s | %.0f | %.1f | %.0f | %.1f | %.2f | %.0f | %.1f | %.2f |\n' "$2" "$1" \
    "${rps[common]}" "${us[common]}" "${rps[unique]}" "${us[unique]}" "$(echo "${us[unique]} / ${us[common]}" | bc -l)" \
    "${rps[crafted]}" "${us[crafted]}" "$(echo "${us[crafted]} / ${us[common]}" | bc -l)"
}

OUT="bench/results/ua-cost-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# bench/ua-cost.sh $ROUNDS $SECS on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  for jar in "${JARS[@]}"; do echo "- $jar (sha256 $(sha256sum "$jar" | cut -c1-12))"; done
  echo
  echo "| round | jar | common req/s | common µs CPU/req | unique req/s | unique µs CPU/req | unique ÷ common | crafted req/s | crafted µs CPU/req | crafted ÷ common |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  order=("${JARS[@]}")
  if [ $((round % 2)) -eq 0 ]; then
    order=(); for ((i = ${#JARS[@]} - 1; i >= 0; i--)); do order+=("${JARS[$i]}"); done
  fi
  for jar in "${order[@]}"; do
    measure "$jar" "$round" | tee -a "$OUT"
  done
done
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = [l.split('|')[1:-1] for l in open(sys.argv[1]) if re.match(r'^\| \d', l)]
lines = []
for jar in dict.fromkeys(r[1].strip() for r in rows):
    mine = [r for r in rows if r[1].strip() == jar]
    med = [statistics.median(float(r[i]) for r in mine) for i in range(2, 10)]
    lines.append(f"| median | {jar} | {med[0]:.0f} | {med[1]:.1f} | {med[2]:.0f} | {med[3]:.1f} | **{med[4]:.2f}** | {med[5]:.0f} | {med[6]:.1f} | **{med[7]:.2f}** |")
open(sys.argv[1], "a").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "Written to $OUT"
