#!/usr/bin/env bash
# What telemetry costs: the same parts run back to back with telemetry off (the default), with the Prometheus endpoint on
# (every metric recorded and aggregated; nobody scrapes), and with OTLP on as well (metrics, traces and logs exported to
# BENCH_OTLP_ENDPOINT, by default a closed loopback port: every span and log record is made and batched, the export
# fails), each with its load average. Options pass to every run; the default is the streams and memory parts:
#   bench/telemetry-overhead.sh                                   (--only streams,memory --streams 1000)
#   bench/telemetry-overhead.sh --only streams --streams 100 --window 10
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(--only streams,memory --streams 1000)
fi
token="bench-telemetry-token-0123456789"
otlp="${BENCH_OTLP_ENDPOINT:-http://127.0.0.1:9}"
run() {
  echo "## Telemetry: $1 (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  shift
  env "$@" bench/run.sh "${args[@]}"
  echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
}
run "off" -u LlmPages__Telemetry__MetricsToken -u LlmPages__Telemetry__OtlpEndpoint
run "/metrics" LlmPages__Telemetry__MetricsToken="$token"
run "/metrics and OTLP ($otlp)" LlmPages__Telemetry__MetricsToken="$token" LlmPages__Telemetry__OtlpEndpoint="$otlp"
