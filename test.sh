#!/usr/bin/env bash
# Runs the whole test suite: HTTP integration tests, unit tests and browser tests.
# The browser tests drive Debian's Chromium (/usr/bin/chromium); the HTML validity test runs the Nu HTML Checker
# (npm's vnu-jar, installed by `npm ci` in wwwroot-src) on Java. Whatever is missing is installed here.
set -euo pipefail
cd "$(dirname "$0")"

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
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  install_packages "${missing[@]}"
fi
if [ ! -f wwwroot-src/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installing the HTML checker (npm ci in wwwroot-src)..."
  (cd wwwroot-src && npm ci --no-audit --no-fund --loglevel=error)
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
