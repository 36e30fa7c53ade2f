#!/usr/bin/env bash
# Throughput: accepted/s and end-to-end Recognised/s with the simulated agencies at 5 ms.
# Usage: bash ops/load.sh [attests=2000] [concurrency=32]             (embedded SQLite)
#        bash ops/load.sh --postgres N [attests=2000] [concurrency=32] (N processes, PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project ops/loadtest -- "$@"
