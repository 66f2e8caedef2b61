#!/usr/bin/env bash
# Builds LlmPages and the benchmark in Release and runs it; prints a Markdown table. Options pass through, e.g.
#   bench/run.sh --streams 100,1000 --rate 20 --window 15     (the default)
#   bench/run.sh --quick --streams 100                         (a quick look)
#   bench/run.sh --database postgres --only pages              (on PostgreSQL: the server in LLMPAGES_BENCH_POSTGRES,
#                                                               else the throwaway cluster of tools/postgres-for-tests.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
previous=""
for arg in "$@"; do
  if [ "$previous" = "--database" ] && [ "$arg" != "sqlite" ] && [ -z "${LLMPAGES_BENCH_POSTGRES:-}" ]; then
    LLMPAGES_BENCH_POSTGRES="$(tools/postgres-for-tests.sh)"
    export LLMPAGES_BENCH_POSTGRES
  fi
  previous=$arg
done
dotnet build -c Release LlmPages -v quiet -nologo -clp:ErrorsOnly
# The memory part runs the app as it ships: published (LlmPages/bin/Release/net10.0/publish).
dotnet publish -c Release LlmPages --no-build -o LlmPages/bin/Release/net10.0/publish -v quiet -nologo -clp:ErrorsOnly
dotnet build -c Release bench/LlmPages.Bench -v quiet -nologo -clp:ErrorsOnly
dotnet bench/LlmPages.Bench/bin/Release/net10.0/LlmPages.Bench.dll --repo . "$@"
