# Shared by the benchmark scripts: source it after setting WORK (a scratch directory) and PG_PORT. It
# gives need, a private PostgreSQL cluster (start_private_postgres_until_exit), psql on that cluster,
# start_pulse_jar, await_pulse and article_paths.
PG_BIN=/usr/lib/postgresql/15/bin

need() { command -v "$1" >/dev/null 2>&1; }

# A private PostgreSQL cluster in $WORK/pg on $PG_PORT, trusted from localhost. initdb refuses root,
# so it runs as the postgres user.
start_private_postgres() {
  chown postgres "$WORK"
  su postgres -c "$PG_BIN/initdb -D $WORK/pg -A trust -U postgres" >/dev/null
  su postgres -c "$PG_BIN/pg_ctl -D $WORK/pg -l $WORK/pg.log -o '-p $PG_PORT -k $WORK' -w start" >/dev/null
}

stop_private_postgres() {
  su postgres -c "$PG_BIN/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
}

psql() { command psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -At "$@"; }

# Starts jar $1 on port $2 against the private cluster's database "pulse", counting views when $3 is
# true, logging to $4, trusting 127.0.0.1's X-Forwarded-For (bench/visitors.lua sends one reader per
# address); sets PULSE_PID and returns once it answers. $PULSE_CPU (e.g. "taskset -c 0") may pin it.
start_pulse_jar() {
  PULSE_PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/pulse" PULSE_HTTP_PORT=$2 \
  PULSE_TRUSTED_PROXIES=127.0.0.1 PULSE_COUNT_VIEWS=$3 \
    ${PULSE_CPU:-} java -Xms512m -Xmx1g -jar "$1" >"$4" 2>&1 &
  PULSE_PID=$!
  await_pulse "$2" "$4" >&2
}

# The first $2 article paths the home page on port $1 links to, comma-separated.
article_paths() {
  curl -s "http://127.0.0.1:$1/" | grep -o 'href="/articles/[^"]*"' | head -"$2" | cut -d'"' -f2 | paste -sd,
}

# Waits until Portal Pulse answers on port $1 (up to 2 minutes: the embedded PostgreSQL may be
# initialising); if it never does, prints its log $2 and stops the script.
await_pulse() {
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$1/api/stats" >/dev/null && return
    sleep 0.5
  done
  echo "Portal Pulse did not start"; cat "$2"; exit 1
}

# A fresh $WORK and a private cluster started in it; when the script exits, for whatever reason, the
# server of $PULSE_PID (if one is running) and the cluster are stopped.
start_private_postgres_until_exit() {
  rm -rf "$WORK" && mkdir -p "$WORK" bench/results
  trap stop_pulse_and_private_postgres EXIT
  start_private_postgres
}

stop_pulse_and_private_postgres() {
  [ -n "${PULSE_PID:-}" ] && kill "$PULSE_PID" 2>/dev/null && wait "$PULSE_PID" 2>/dev/null || true
  stop_private_postgres
}
