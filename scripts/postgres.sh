# Sourced by scripts/test. When no BACKSTAGE_TEST_DATABASE_POSTGRES*_CONNECTION_STRING
# is set and PostgreSQL's server binaries are installed (Debian: apt-get install
# postgresql), starts a throwaway PostgreSQL on loopback for the store and
# replica tests, exports its connection string, and stops it on exit.
if ! env | grep -q '^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING='; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
    PG_MAJOR="$(basename "$(dirname "$PG_BIN")")"
    PG_PORT="${DIRECTORY_TEST_PG_PORT:-55432}"
    PG_DATA="$(mktemp -d /tmp/directory-ops-pg.XXXXXX)"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres "$PG_DATA"
      as_pg() { su postgres -s /bin/sh -c "$*"; }
    else
      as_pg() { sh -c "$*"; }
    fi
    if as_pg "'$PG_BIN/initdb' -D '$PG_DATA' -A trust -U postgres" >/dev/null &&
       as_pg "'$PG_BIN/pg_ctl' -D '$PG_DATA' -o '-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1' -l '$PG_DATA/server.log' -w start" >/dev/null; then
      export "BACKSTAGE_TEST_DATABASE_POSTGRES${PG_MAJOR}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:${PG_PORT}"
      trap "as_pg \"'$PG_BIN/pg_ctl' -D '$PG_DATA' -m fast stop\" >/dev/null 2>&1 || true" EXIT
      echo "==> PostgreSQL $PG_MAJOR on 127.0.0.1:$PG_PORT for the database tests"
    else
      echo "==> Could not start PostgreSQL; the database tests run on SQLite only"
    fi
  else
    echo "==> PostgreSQL not installed; the database tests run on SQLite only"
  fi
fi
