#!/usr/bin/env bash
# What another instance's flush costs this one in PostgreSQL, with many articles: the totals re-read
# for every article (what each peer flush caused before commit 2879810, and still does after a
# reconnect or a baseline change) against the totals of only the articles the flush named.
# Both statements are taken from the built jar (SqlQueries), so this measures what the server sends.
# Usage: bash bench/peer-refresh.sh [EXTRA_ARTICLES=50000] [NAMED=3] [REPEATS=7]
# Prints the median execution time of each (EXPLAIN ANALYZE), in ms, and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRA=${1:-50000}
NAMED=${2:-3}
REPEATS=${3:-7}
WORK=/tmp/pulse-peer-refresh
PG_PORT=55435
PORT=8089
source bench/lib.sh

if ! [ -x "$PG_BIN/postgres" ] || ! need jshell; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql openjdk-17-jdk-headless >/dev/null
fi
[ -f target/portal-pulse.jar ] || mvn -B -q -DskipTests package

rm -rf "$WORK" && mkdir -p "$WORK"
cleanup() {
  [ -n "${PULSE_PID:-}" ] && kill "$PULSE_PID" 2>/dev/null && wait "$PULSE_PID" 2>/dev/null || true
  stop_private_postgres
}
trap cleanup EXIT
start_private_postgres
psql -c "CREATE DATABASE pulse" >/dev/null
# The server creates the schema and the demo articles; then a portal's worth of articles, each viewed.
start_pulse_jar target/portal-pulse.jar $PORT true "$WORK/pulse.log"
kill "$PULSE_PID"; wait "$PULSE_PID" || true; PULSE_PID=
psql -d pulse -c "INSERT INTO articles (slug, title, summary, body, published_at)
  SELECT 'bench-' || g, 'Bài ' || g, 'Tóm tắt', 'Nội dung', now() - make_interval(hours => g) FROM generate_series(1, $EXTRA) g" >/dev/null
psql -d pulse -c "INSERT INTO page_total_views (page_id, views) SELECT id, 10 FROM pages ON CONFLICT DO NOTHING" >/dev/null
psql -d pulse -c "ANALYZE" >/dev/null

statement() { # the server's SQL constant $1
  printf 'System.out.println(org.portalpulse.db.SqlQueries.%s);\n/exit\n' "$1" >"$WORK/q.jsh"
  jshell -q --class-path target/portal-pulse.jar "$WORK/q.jsh" 2>/dev/null
}
WEEK_START=$(date -d "last monday" +%F)
NAMED_IDS=$(psql -d pulse -c "SELECT string_agg(id::text, ',') FROM (SELECT id FROM pages ORDER BY random() LIMIT $NAMED) x")
millis() { # $1 = statement, $2 = its parameter types, $3 = their values: execution time in ms (psql
  # prints PREPARE's tag before the plan)
  psql -d pulse -c "PREPARE q($2) AS $1; EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE q($3)" \
    | python3 -c "import json, sys; s = sys.stdin.read(); print(json.loads(s[s.index('['):])[0]['Execution Time'])"
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ALL_SQL=$(statement TOTALS)
NAMED_SQL=$(statement TOTALS_OF_PAGES)
for _ in $(seq 1 "$REPEATS"); do millis "$ALL_SQL" date "'$WEEK_START'"; done | median >"$WORK/all"
for _ in $(seq 1 "$REPEATS"); do millis "$NAMED_SQL" "date, bigint[]" "'$WEEK_START', ARRAY[$NAMED_IDS]::bigint[]"; done | median >"$WORK/named"
ARTICLES=$(psql -d pulse -c "SELECT count(*) FROM articles")
echo "$ARTICLES articles, medians of $REPEATS runs: every article $(cat "$WORK/all") ms; the $NAMED named $(cat "$WORK/named") ms;" \
  "ratio $(echo "$(cat "$WORK/all") / $(cat "$WORK/named")" | bc -l | cut -c1-6)"
