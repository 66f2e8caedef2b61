#!/usr/bin/env bash
# Runs the whole test suite: HTTP integration tests, unit tests and browser tests, on SQLite and then on
# PostgreSQL (every test but the browser ones, which drive pages rather than the database, and those marked
# database-free: LlmPages.Tests/DatabaseFree.cs).
# The browser tests drive Debian's Chromium (/usr/bin/chromium); the HTML validity test runs the Nu HTML Checker
# (npm's vnu-jar, installed by `npm ci` in wwwroot-src) on Java; the PostgreSQL run uses a throwaway cluster on
# loopback (tools/postgres-for-tests.sh), and its deployment tests (LlmPages.Tests/Deployment) put two app processes
# behind Debian's nginx (/usr/sbin/nginx) running deploy/nginx/llmpages.conf. Whatever is missing is installed here.
#
#   ./test.sh                          both databases
#   LLMPAGES_TEST_ENGINES=sqlite ./test.sh      one of them (sqlite or postgres)
#   ./test.sh --filter "FullyQualifiedName~Chat"  extra arguments go to `dotnet test`
set -euo pipefail
cd "$(dirname "$0")"
engines=${LLMPAGES_TEST_ENGINES:-sqlite postgres}
postgres_server=${LLMPAGES_TEST_POSTGRES:-} # a server of your own; else a throwaway cluster is started

install_packages() {
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
case " $engines " in *" postgres "*)
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/sbin/nginx ] || missing+=(nginx) ;;
esac
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  install_packages "${missing[@]}"
fi
if [ ! -f wwwroot-src/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installing the HTML checker (npm ci in wwwroot-src)..."
  (cd wwwroot-src && npm ci --no-audit --no-fund --loglevel=error)
fi

status=0
summary=()
for engine in $engines; do
  results="$(mktemp -d)"
  args=("$@")
  if [ "$engine" = postgres ]; then
    LLMPAGES_TEST_POSTGRES="${postgres_server:-$(tools/postgres-for-tests.sh)}"
    export LLMPAGES_TEST_POSTGRES
    # The browser tests check pages, not the database, and the classes marked [Trait("Database", "None")]
    # (DatabaseFree.cs) cannot depend on it: once, on SQLite, is enough.
    has_filter=0
    for a in "$@"; do [ "$a" = "--filter" ] && has_filter=1; done
    [ $has_filter -eq 1 ] || args+=(--filter "FullyQualifiedName!~LlmPages.Tests.Browser&Database!=None")
    echo "== Tests on PostgreSQL"
  else
    unset LLMPAGES_TEST_POSTGRES
    echo "== Tests on SQLite"
  fi
  dotnet test LlmPages.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "${args[@]}" || status=$?
  if trx=$(find "$results" -name '*.trx' | head -n 1) && [ -n "$trx" ]; then
    passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -n 1 | grep -o '[0-9]*')
    failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -n 1 | grep -o '[0-9]*')
    summary+=("tests on $engine: ${passed:-0} passed, ${failed:-0} failed")
  fi
  rm -rf "$results"
done

# Plain closing lines, whatever the runner printed above.
printf '%s\n' "${summary[@]}"
exit $status
