# Shared by the benchmark scripts: source it after setting WORK (a scratch directory that exists) and
# PG_PORT. It gives need, a private PostgreSQL cluster, psql on that cluster, and await_pulse.
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

# Waits until Portal Pulse answers on port $1 (up to 2 minutes: the embedded PostgreSQL may be
# initialising); if it never does, prints its log $2 and stops the script.
await_pulse() {
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$1/api/stats" >/dev/null && return
    sleep 0.5
  done
  echo "Portal Pulse did not start"; cat "$2"; exit 1
}
