#!/usr/bin/env bash
# Dashboard response times with 1,000,000 deliveries in the embedded store (see ops/dashboard-timing/Program.cs).
# Usage: bash ops/dashboard-timing.sh [attests=250000]   (4 deliveries per attest)
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project ops/dashboard-timing -- "$@"
