#!/usr/bin/env bash
# Builds LlmPages and the benchmark in Release and runs it; prints a Markdown table. Options pass through, e.g.
#   bench/run.sh --streams 100,1000 --rate 20 --window 15     (the default)
#   bench/run.sh --quick --streams 100                         (a quick look)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release LlmPages -v quiet -nologo -clp:ErrorsOnly
dotnet build -c Release bench/LlmPages.Bench -v quiet -nologo -clp:ErrorsOnly
dotnet bench/LlmPages.Bench/bin/Release/net10.0/LlmPages.Bench.dll --repo . "$@"
