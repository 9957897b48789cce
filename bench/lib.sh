# Shared by the benchmark scripts: source it after setting WORK (a scratch directory that exists) and
# PG_PORT. It gives need, a private PostgreSQL cluster, and psql on that cluster.
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
