#!/usr/bin/env bash
# Installs (if needed) and starts a local PostgreSQL, makes sure a test role that may create databases
# exists, and prints the connection string for DIGITREADER_TEST_POSTGRES on stdout (everything else
# goes to stderr). Used by .ci/run:  export DIGITREADER_TEST_POSTGRES="$(bash scripts/start-postgres.sh)"
# Role and password are for a throw-away local test server only; override with PGTEST_USER/PGTEST_PASSWORD.
set -euo pipefail

user="${PGTEST_USER:-digitreader}"
password="${PGTEST_PASSWORD:-digitreader-test}"
port="${PGTEST_PORT:-5432}"

log() { echo "start-postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version="$(pg_lsclusters -h | awk 'NR==1 {print $1}')"
cluster="$(pg_lsclusters -h | awk 'NR==1 {print $2}')"
if [ -z "$version" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
  cluster=main
  log "creating cluster $version/$cluster"
  pg_createcluster "$version" "$cluster" >&2
fi
port="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $3}')"

if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
  log "starting cluster $version/$cluster on port $port"
  pg_ctlcluster "$version" "$cluster" start >&2
fi

for _ in $(seq 1 30); do
  if su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

# Create or update the role; CREATEDB lets each test class make (and drop) its own database.
su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE "$user" LOGIN CREATEDB PASSWORD '$password';
  ELSE
    ALTER ROLE "$user" LOGIN CREATEDB PASSWORD '$password';
  END IF;
END
\$\$;
SQL

echo "Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=postgres"
