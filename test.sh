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

# The two engines' runs go side by side: on two cores one run alone leaves a fifth of the CPU idle (the browser
# tests, one after another, wait on Chromium), and together they take about a fifth less time than one after the
# other. So the build is done once, before them. The SQLite run prints as it goes; the PostgreSQL run's output is
# kept and printed when it ends. LLMPAGES_TEST_SERIAL=1 runs them one after the other.
args=("$@")
has_filter=0
no_build=0
for a in "$@"; do
  [ "$a" = "--filter" ] && has_filter=1
  [ "$a" = "--no-build" ] && no_build=1
done
if [ $no_build -eq 0 ]; then
  dotnet build LlmPages.sln -nologo -v quiet -clp:ErrorsOnly
  args+=(--no-build)
fi

# One engine's run: `dotnet test`, then its closing line (the counts of its trx) into the file $2.
# A subshell of its own (the parentheses): each run sets its own environment.
run_engine() (
  local engine=$1 summary_file=$2 results run_args=("${args[@]}") run_status=0
  results="$(mktemp -d)"
  if [ "$engine" = postgres ]; then
    export LLMPAGES_TEST_POSTGRES
    # The browser tests check pages, not the database, and the classes marked [Trait("Database", "None")]
    # (DatabaseFree.cs) cannot depend on it: once, on SQLite, is enough.
    [ $has_filter -eq 1 ] || run_args+=(--filter "FullyQualifiedName!~LlmPages.Tests.Browser&Database!=None")
    echo "== Tests on PostgreSQL"
  else
    unset LLMPAGES_TEST_POSTGRES
    echo "== Tests on SQLite"
  fi
  dotnet test LlmPages.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "${run_args[@]}" || run_status=$?
  local trx passed failed
  if trx=$(find "$results" -name '*.trx' | head -n 1) && [ -n "$trx" ]; then
    passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -n 1 | grep -o '[0-9]*')
    failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -n 1 | grep -o '[0-9]*')
    echo "tests on $engine: ${passed:-0} passed, ${failed:-0} failed" >"$summary_file"
  else
    echo "tests on $engine: no results (dotnet test exited with $run_status)" >"$summary_file"
  fi
  rm -rf "$results"
  exit $run_status
)

case " $engines " in *" postgres "*)
  LLMPAGES_TEST_POSTGRES="${postgres_server:-$(tools/postgres-for-tests.sh)}" ;;
esac

status=0
outputs="$(mktemp -d)"
trap 'rm -rf "$outputs"' EXIT
if [ "${LLMPAGES_TEST_SERIAL:-0}" = 1 ] || [ "$(echo $engines | wc -w)" -eq 1 ]; then
  for engine in $engines; do
    run_engine "$engine" "$outputs/$engine.summary" || status=$?
  done
else
  pids=()
  for engine in $engines; do
    if [ "$engine" = sqlite ]; then
      run_engine sqlite "$outputs/sqlite.summary" &
    else
      run_engine "$engine" "$outputs/$engine.summary" >"$outputs/$engine.log" 2>&1 &
    fi
    pids+=("$engine:$!")
  done
  for entry in "${pids[@]}"; do
    engine=${entry%%:*}
    wait "${entry#*:}" || status=$?
    [ ! -f "$outputs/$engine.log" ] || cat "$outputs/$engine.log"
  done
fi

# Plain closing lines, whatever the runners printed above.
for engine in $engines; do
  [ ! -f "$outputs/$engine.summary" ] || cat "$outputs/$engine.summary"
done
exit $status
