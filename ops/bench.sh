#!/usr/bin/env bash
# The benchmark (docs/performance.md): ceiling, accept rate, latency at half load, SOAP, end-to-end on an
# empty store and with 1,000,000 stored, peak RSS per phase and a soak. Prints a table, writes bench-result.json.
# Usage: bash ops/bench.sh [--seconds 10] [--concurrency 64] [--attests 10000] [--stored 1000000] [--soak-minutes 10] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/StatuutHub.Host >/dev/null
exec dotnet run -c Release --project ops/bench -- "$@"
