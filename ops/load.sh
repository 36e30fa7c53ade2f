#!/usr/bin/env bash
# First throughput figure: accepted/s and end-to-end Recognised/s with the simulated agencies at 5 ms.
# Usage: bash ops/load.sh [attests=2000] [concurrency=32]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project ops/loadtest -- "$@"
