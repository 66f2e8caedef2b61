#!/usr/bin/env bash
# Runs the whole test suite while other processes keep every core busy, the way a shared CI machine is, until it
# passes N times in a row (default 3) or fails. A test that only passes on an idle machine is a test that waits for
# time instead of for a condition; this finds it.
#
#   tools/test-under-load.sh [passes] [extra arguments for test.sh, e.g. --filter ...]
#
# The load: one busy loop per core at normal priority, so the tests and the load share the CPU evenly.
set -euo pipefail
cd "$(dirname "$0")/.."
passes=${1:-3}
shift || true

cores=$(nproc)
load=()
cleanup() { [ ${#load[@]} -eq 0 ] || kill "${load[@]}" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq "$cores"); do
  (while :; do :; done) &
  load+=($!)
done
echo "== $cores busy loops started (pids ${load[*]})"

dotnet build LlmPages.sln -c Debug --nologo -v quiet
for run in $(seq "$passes"); do
  echo "== Run $run of $passes, with the machine loaded"
  started=$(date +%s)
  if ! ./test.sh --no-build "$@"; then
    echo "== Run $run failed after $(( $(date +%s) - started )) s" >&2
    exit 1
  fi
  echo "== Run $run passed in $(( $(date +%s) - started )) s"
done
echo "== $passes runs in a row passed under load"
