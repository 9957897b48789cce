#!/usr/bin/env bash
# What agreeing on "Đang online" across instances costs (issue 15): N simulated instances run the real
# statement once per simulated second against a private PostgreSQL, with synthetic visitor sets, the
# design before issue 15 (every instance's whole online set and open pages) beside today's (images:
# exact keys or a CPC sketch, downloaded when changed), behind a round-robin and a sticky balancer; and
# what keeps each instance's totals up to date with the others' flushes (before: a re-read per flush
# heard; now: the flush's notification carries its deltas, plus one full re-read a minute). Prints, per design, N and R: PostgreSQL time per simulated second for each and
# together (execution time, from pg_stat_statements), the median share as an instance waits for it, KB/s each instance sends and receives (and receives for presence alone), and the worst error of
# the online count against the truth.
# Usage: bash bench/presence.sh [INSTANCES=2,5,10,20,50] [READERS=10000,100000,500000,1000000] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
INSTANCES=${1:-2,5,10,20,50}
READERS=${2:-10000,100000,500000,1000000}
ROUNDS=${3:-5}
WORK=/tmp/pulse-presence-bench
PG_PORT=55434
source bench/lib.sh

if ! [ -x "$PG_BIN/postgres" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
# The simulation is a test class: it drives the server's own classes (PresenceExchange, the statement).
[ -f target/portal-pulse.jar ] && [ -f target/test-classes/org/portalpulse/presence/PresenceSimulation.class ] \
  || mvn -B -q -DskipTests package

start_private_postgres_until_exit
psql -c "ALTER SYSTEM SET max_connections = 200" >/dev/null
# PostgreSQL's own account of the time each statement took: what the simulation reports.
psql -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
su postgres -c "$PG_BIN/pg_ctl -D $WORK/pg -l $WORK/pg.log -o '-p $PG_PORT -k $WORK' -w restart" >/dev/null
psql -c "CREATE DATABASE pulse" >/dev/null
psql -d pulse -c "CREATE EXTENSION pg_stat_statements" >/dev/null

OUT="bench/results/presence-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# bash bench/presence.sh $INSTANCES $READERS $ROUNDS ($(git rev-parse --short HEAD), $(nproc) cores)"
  echo
  java -Xmx3g -cp target/test-classes:target/portal-pulse.jar org.portalpulse.presence.PresenceSimulation \
    "postgresql://postgres@127.0.0.1:$PG_PORT/pulse" "$INSTANCES" "$READERS" "$ROUNDS" 2> "$WORK/simulation.log"
} | tee "$OUT"
echo "Written to $OUT"
