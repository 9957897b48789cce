#!/usr/bin/env bash
# A year of history at 100 000 visitors a day (issue 15, must-show 4): what the admin API costs on it,
# with and without the rollup of closed days, while a steady load keeps the flusher writing.
#   1. builds the history with SQL on a private PostgreSQL 15, in the shape the flusher writes it:
#      visitor_batches (one row per flush and hour: the ids of the visitors that flush saw first in
#      that hour; a visitor comes in one or two hours of a day), site_hourly_views, pages and
#      page_daily_views (PAGES pages, 2 000 of them read each day)
#   2. times the statements of the design before the rollups (the text of SqlQueries before V10) and
#      those of the jar, in psql, on the same rows: the daily series over 366 days, /top over a month
#   3. starts the jar: it rolls up every closed day at start, while wrk keeps a paced load of readers
#      (each opens 10 articles); then times /api/admin/v1/views?by=day over 366 days, /top over a
#      month and others through HTTP under the same load, right after that rollup of a whole year
#      (3 GB of deleted rows not yet vacuumed: an upgrade's first start) and after VACUUM visitor_batches
#   4. reads the flusher's own metrics over each phase (pulse_flush_duration_seconds and
#      pulse_flush_lag_seconds): how many flushes committed, how many within their 1 s interval
#   5. table sizes before the rollup, after it, and after VACUUM FULL of visitor_batches
# Usage: bash bench/history.sh [DAYS=366] [VISITORS_PER_DAY=100000] [REPEATS=7] [PAGES=20000]
# Results go to bench/results/history-<time>.md. Needs about 6 GB of disk in /tmp at the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
DAYS=${1:-366}
PER_DAY=${2:-100000}
REPEATS=${3:-7}
PAGES=${4:-20000}
WORK=/tmp/pulse-history
PG_PORT=55436
PORT=8091
TOKEN=bench-history-token-0f3a9c1e77
LOAD_CONNS=16 # paced: each connection waits 10 ms between requests, about 1 500 views a second
export PULSE_ADMIN_TOKEN=$TOKEN
ulimit -n 20000
source bench/lib.sh

if ! need wrk || ! need bc || ! [ -x "$PG_BIN/postgres" ] || ! need jshell; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk bc postgresql openjdk-17-jdk-headless >/dev/null
fi
[ -f target/portal-pulse.jar ] || mvn -B -q -DskipTests package
start_private_postgres_until_exit
cp target/portal-pulse.jar "$WORK/pulse.jar" # a rebuild of target/ during the run must not change what is measured
OUT="bench/results/history-$(date -u +%Y%m%dT%H%M%SZ).md"
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' + uncommitted changes')"
log() { echo "$(date -u +%H:%M:%S) $*" >&2; }
out() { echo "$*" | tee -a "$OUT"; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
mb() { psql -d pulse -c "SELECT round(pg_total_relation_size('$1') / 1048576.0, 1)"; }
sizes() {
  echo "| $1 | $(mb visitor_batches) | $(mb visitor_days) | $(mb visitor_hours) | $(mb site_hourly_views) | $(mb page_daily_views) |" \
    "$(psql -d pulse -c "SELECT round(pg_database_size('pulse') / 1048576.0)") |"
}

psql -c "CREATE DATABASE pulse" >/dev/null
# The server makes the schema and the demo site; it is stopped before the history is written.
start_pulse_jar "$WORK/pulse.jar" $PORT true "$WORK/first.log"
kill "$PULSE_PID"; wait "$PULSE_PID" || true; PULSE_PID=
TODAY=$(psql -d pulse -c "SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date")
FIRST=$(psql -d pulse -c "SELECT DATE '$TODAY' - $((DAYS - 1))")

log "writing $DAYS days of history at $PER_DAY visitors a day, from $FIRST to $TODAY"
psql -d pulse -c "INSERT INTO pages (site_id, path, title) SELECT 1, '/tin-tuc/bai-' || g, 'Bài ' || g FROM generate_series(1, $PAGES) g" >/dev/null
psql -d pulse -c "
  INSERT INTO site_hourly_views AS s (day, hour, views)
  SELECT d::date, h, ($PER_DAY * 3 / 24) + (h * 97) % 1000 FROM generate_series(DATE '$FIRST', DATE '$TODAY', interval '1 day') d, generate_series(0, 23) h
  ON CONFLICT (day, hour) DO UPDATE SET views = s.views + EXCLUDED.views" >/dev/null
# Each day 2 000 pages are read, a window that moves 50 pages a day; a page's views fall with its rank.
psql -d pulse -c "
  INSERT INTO page_daily_views AS a (day, page_id, views)
  SELECT d::date, p.id, 1 + 30000 / (1 + r)
  FROM generate_series(DATE '$FIRST', DATE '$TODAY', interval '1 day') d, generate_series(0, 1999) r,
       LATERAL (SELECT id FROM pages WHERE path = '/tin-tuc/bai-' || (1 + ((d::date - DATE '$FIRST') * 50 + r) % $PAGES)) p
  ON CONFLICT (day, page_id) DO UPDATE SET views = a.views + EXCLUDED.views" >/dev/null
# Visitor i of a day first comes at second s; 4 in 10 come back 1 to 12 hours later. One flush a
# second: a batch row holds the ids first seen in that hour by that second's flush, sorted as FLUSH does.
for ((start = 0; start < DAYS; start += 30)); do
  psql -d pulse -c "
    WITH v AS (
      SELECT d::date AS day, d::date - DATE '2000-01-01' AS dn, i
      FROM generate_series(DATE '$FIRST' + $start, least(DATE '$FIRST' + $start + 29, DATE '$TODAY'), interval '1 day') d,
           generate_series(1, $PER_DAY) i
    ), visits AS (
      SELECT day, dn, i, (hashint8(i * 31 + dn)::bigint & 2147483647) % 86400 AS s FROM v
      UNION ALL
      SELECT day, dn, i, ((hashint8(i * 31 + dn)::bigint & 2147483647) % 86400 + 3600
                          + (hashint8(i * 17 + dn * 7)::bigint & 2147483647) % 39600) % 86400
      FROM v WHERE (hashint8(i * 13 + dn)::bigint & 2147483647) % 10 < 4
    )
    INSERT INTO visitor_batches (batch_id, day, hour, visitors)
    SELECT md5(day || '/' || s)::uuid, day, (s / 3600)::smallint, array_agg(i * 2654435761 + dn::bigint * 982451653 ORDER BY i)
    FROM visits GROUP BY day, s" >/dev/null
  log "  days $start to $((start + 29)) written"
done
psql -d pulse -c "VACUUM ANALYZE" >/dev/null
ROWS=$(psql -d pulse -c "SELECT count(*) FROM visitor_batches")
IDS=$(psql -d pulse -c "SELECT sum(cardinality(visitors)) FROM visitor_batches")

{
  echo "# History over a year ($(date -u +%F), commit $COMMIT)"
  echo
  echo "\`bash bench/history.sh $DAYS $PER_DAY $REPEATS $PAGES\`: $DAYS days ($FIRST to $TODAY) at $PER_DAY visitors a day;"
  echo "$ROWS visitor_batches rows holding $IDS ids; $PAGES pages, 2 000 read a day. PostgreSQL 15, default settings."
  echo
  echo "| tables (MB) | visitor_batches | visitor_days | visitor_hours | site_hourly_views | page_daily_views | database |"
  echo "|---|---|---|---|---|---|---|"
} | tee "$OUT"
out "$(sizes "before the rollup")"

# --- The statements, in psql, before the rollup: the old design's, then the jar's (the same rows).
statement() { # the jar's SQL constant $1
  printf 'System.out.println(org.portalpulse.db.SqlQueries.%s);\n/exit\n' "$1" >"$WORK/q.jsh"
  jshell -q --class-path "$WORK/pulse.jar" "$WORK/q.jsh" 2>/dev/null
}
millis() { # $1 = statement, $2 = its parameter types, $3 = their values: execution time in ms
  psql -d pulse -c "PREPARE q($2) AS $1; EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) EXECUTE q($3)" \
    | python3 -c "import json, sys; s = sys.stdin.read(); print(json.loads(s[s.index('['):])[0]['Execution Time'])"
}
timed() { for _ in $(seq 1 "$1"); do millis "$2" "$3" "$4"; done | median; }
OLD_VISITORS_BY_DAY="SELECT b.day, count(DISTINCT v) AS visitors FROM visitor_batches b, unnest(b.visitors) AS v
  WHERE b.day BETWEEN \$1 AND \$2 GROUP BY b.day"
YEAR="'$FIRST', '$TODAY'"
MONTH_FROM=$(psql -d pulse -c "SELECT DATE '$TODAY' - 29")
MONTH="'$MONTH_FROM', '$TODAY', 10"
log "timing the statements before the rollup"
OLD_VISITORS=$(timed 3 "$OLD_VISITORS_BY_DAY" "date, date" "$YEAR")
VIEWS_DAY=$(timed "$REPEATS" "$(statement SITE_VIEWS_BY_DAY)" "date, date" "$YEAR")
TOP=$(timed "$REPEATS" "$(statement TOP_PAGES)" "date, date, int" "$MONTH")

# --- The server: it rolls up at start, under a paced load of readers who each open 10 articles.
scrape() { curl -s "http://127.0.0.1:$PORT/metrics" >"$WORK/metrics-$1.txt"; }
sample_lag() { # every 0.2 s until $WORK/stop-lag exists: the flush lag the server reports
  while [ ! -f "$WORK/stop-lag" ]; do
    curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^pulse_flush_lag_seconds /{print $2}'
    sleep 0.2
  done >"$WORK/lag-$1.txt"
}
stop_sampling() { touch "$WORK/stop-lag"; wait "$LAG_PID" || true; rm -f "$WORK/stop-lag"; }
flushes() { # flushes committed between two scrapes, how many within the 1 s interval, failures, max lag
  python3 - "$WORK/metrics-$1-start.txt" "$WORK/metrics-$1-end.txt" "$WORK/lag-$1.txt" <<'EOF'
import re, sys
def read(path):
    buckets, count, failed = {}, 0.0, 0.0
    for line in open(path):
        m = re.match(r'pulse_flush_duration_seconds_bucket\{.*le="([^"]+)".*\} (\S+)', line)
        if m and m.group(1) != "+Inf":
            buckets[float(m.group(1))] = float(m.group(2))
        elif line.startswith("pulse_flush_duration_seconds_count"):
            count = float(line.split()[-1])
        elif line.startswith("pulse_flush_failures_total"):
            failed = float(line.split()[-1])
    return buckets, count, failed
(b0, c0, f0), (b1, c1, f1) = read(sys.argv[1]), read(sys.argv[2])
le = max(x for x in b1 if x <= 1.0)
lags = [float(x) for x in open(sys.argv[3]) if x.strip()]
print(f"{int(c1 - c0)} | {int(b1[le] - b0.get(le, 0))} (in {le:.2f} s or less) | {int(f1 - f0)} | {max(lags) if lags else 0:.2f} s")
EOF
}
log "starting the server: it rolls up the closed days while the load runs"
rm -f "$WORK/stop-lag"
start_pulse_jar "$WORK/pulse.jar" $PORT true "$WORK/pulse.log"
scrape rollup-start
sample_lag rollup & LAG_PID=$!
BENCH_PATHS=$(article_paths $PORT 10) BENCH_PAGES_PER_VISITOR=10 BENCH_DELAY_MS=10 \
  wrk -t2 -c$LOAD_CONNS -d3600s -s bench/visitors.lua "http://127.0.0.1:$PORT" >"$WORK/wrk.txt" 2>&1 & WRK_PID=$!
trap 'kill $WRK_PID $LAG_PID 2>/dev/null || true; stop_pulse_and_private_postgres' EXIT
until grep -q "Rolled up the unique visitors" "$WORK/pulse.log"; do
  grep -q "Rolling up the history failed" "$WORK/pulse.log" && { cat "$WORK/pulse.log"; exit 1; }
  sleep 1
done
scrape rollup-end
stop_sampling
ROLLUP_LINE=$(grep -o "Rolled up the unique visitors.*" "$WORK/pulse.log")
log "$ROLLUP_LINE"
out "$(sizes "after the rollup (ids deleted, space not yet reused)")"

http_ms() { # median of REPEATS GETs of admin path $1, in ms (each checked to be a 200)
  for _ in $(seq 1 "$REPEATS"); do
    curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/admin/v1$1"
  done | awk '$1 != 200 {print "HTTP " $1 > "/dev/stderr"; exit 1} {print $2 * 1000}' | median
}
HOUR_FROM=$(psql -d pulse -c "SELECT DATE '$TODAY' - 30")
QUESTIONS=("/views?by=day&from=$FIRST&to=$TODAY" "/top?from=$MONTH_FROM&to=$TODAY&limit=10" "/views?by=hour&from=$HOUR_FROM&to=$TODAY"
  "/views?by=month&from=$FIRST&to=$TODAY" "/views?by=day&from=$FIRST&to=$TODAY&format=csv")
declare -A HTTP
admin_phase() { # $1 = phase: every question timed, then a year by day back to back, 30 s in all
  log "timing the admin API under the load ($1)"
  sample_lag "$1" & LAG_PID=$!
  scrape "$1-start"
  local end=$(($(date +%s) + 30)) q
  for q in "${QUESTIONS[@]}"; do HTTP[$1$q]=$(http_ms "$q"); done
  while (( $(date +%s) < end )); do
    curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/admin/v1${QUESTIONS[0]}"
  done
  scrape "$1-end"
  stop_sampling
}
admin_phase backlog
# What autovacuum does on its own within minutes; later, a day's rows at a time, it hardly notices.
psql -d pulse -c "VACUUM visitor_batches" >/dev/null
admin_phase vacuumed
kill -INT $WRK_PID 2>/dev/null || true; wait $WRK_PID 2>/dev/null || true
LOAD_RPS=$(grep "Requests/sec" "$WORK/wrk.txt" | awk '{print $2}')
NEW_VISITORS=$(timed "$REPEATS" "$(statement VISITORS_BY_DAY)" "date, date" "$YEAR")
TODAY_IDS=$(psql -d pulse -c "SELECT sum(cardinality(visitors)) FROM visitor_batches WHERE day = '$TODAY'")

psql -d pulse -c "VACUUM FULL visitor_batches" >/dev/null
out "$(sizes "after VACUUM FULL visitor_batches")"
out ""
out "| statement | old design (ids, psql) | this jar (psql) |"
out "|---|---|---|"
out "| unique visitors per day, $DAYS days | $OLD_VISITORS ms | $NEW_VISITORS ms |"
out "| views per day, $DAYS days (unchanged) | $VIEWS_DAY ms | $VIEWS_DAY ms |"
out "| top 10 pages over 30 days (unchanged) | $TOP ms | $TOP ms |"
out ""
out "| admin API through HTTP, under the load | right after the year's rollup | after \`VACUUM visitor_batches\` |"
out "|---|---|---|"
for q in "${QUESTIONS[@]}"; do out "| \`${q//$FIRST/FIRST}\` | ${HTTP[backlog$q]} ms | ${HTTP[vacuumed$q]} ms |"; done
out ""
out "Medians: psql of $REPEATS runs (execution time of EXPLAIN (ANALYZE, TIMING OFF); the old unique-visitor statement of 3), HTTP of $REPEATS requests (curl's time_total)."
out "FIRST = $FIRST; today ($TODAY) held $TODAY_IDS ids at the end. Load meanwhile: wrk, $LOAD_CONNS connections paced at 10 ms, each reader opening 10 articles: $LOAD_RPS views/s."
out "Rollup: $ROLLUP_LINE"
out ""
out "| flushes while | committed | within the 1 s interval | failed | max flush lag seen |"
out "|---|---|---|---|---|"
out "| the rollup ran | $(flushes rollup) |"
out "| the admin API was timed, right after the rollup (30 s) | $(flushes backlog) |"
out "| the admin API was timed, after VACUUM (30 s) | $(flushes vacuumed) |"
log "written to $OUT"
