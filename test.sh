#!/usr/bin/env bash
# Runs the whole test suite: HTTP integration tests, unit tests and browser tests.
# The browser tests drive Debian's Chromium (/usr/bin/chromium); it is installed here when missing.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests..."
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
fi

results="$(mktemp -d)"
status=0
dotnet test LlmPages.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?

# One plain closing line, whatever the runner printed above.
if trx=$(find "$results" -name '*.trx' | head -n 1) && [ -n "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -n 1 | grep -o '[0-9]*')
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -n 1 | grep -o '[0-9]*')
  echo "tests: ${passed:-0} passed, ${failed:-0} failed"
fi
rm -rf "$results"
exit $status
