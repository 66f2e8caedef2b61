#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the test suite and prints the connection string to use as
# LLMPAGES_TEST_POSTGRES. It needs Debian's postgresql package (installed here when missing, as root):
#
#   export LLMPAGES_TEST_POSTGRES="$(tools/postgres-for-tests.sh)"
#   ./test.sh
#
# The cluster lives in a temporary folder, listens on 127.0.0.1:${LLMPAGES_TEST_POSTGRES_PORT:-55432} only, trusts
# local connections (it holds nothing but test databases) and is left running; `tools/postgres-for-tests.sh stop`
# stops it. Each test app creates and drops its own database in it.
set -euo pipefail
port=${LLMPAGES_TEST_POSTGRES_PORT:-55432}
# In memory when the machine has /dev/shm: a test database is created from a template for every test app, and on disk
# each CREATE DATABASE cost about 0.45 s of CPU, nearly all of it in the kernel's file system (in memory: 0.08 s).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then default_folder=/dev/shm/llmpages-test-postgres; else default_folder=/tmp/llmpages-test-postgres; fi
folder=${LLMPAGES_TEST_POSTGRES_DIR:-$default_folder}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ "${1:-}" = "stop" ]; then
  [ -n "$bin" ] && [ -d "$folder" ] && as_postgres "$bin/pg_ctl -D '$folder' -m fast stop" >&2 || true
  exit 0
fi

if [ -z "$bin" ]; then
  echo "Installing PostgreSQL for the tests..." >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

if [ ! -f "$folder/PG_VERSION" ]; then
  mkdir -p "$folder"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$folder"
  as_postgres "$bin/initdb -D '$folder' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" >/dev/null
fi
if ! as_postgres "$bin/pg_ctl -D '$folder' status" >/dev/null 2>&1; then
  # Tuned for throwaway data: no fsync, and enough connections for test classes running side by side.
  as_postgres "$bin/pg_ctl -D '$folder' -l '$folder/server.log' -w -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500\" start" >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres"
